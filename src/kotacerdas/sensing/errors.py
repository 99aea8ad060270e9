"""Errors of the sensing services, turned into SensorThings-style HTTP errors by the API and
into dead letters by MQTT ingestion. `message` is translated text; `field` names what was wrong."""

from __future__ import annotations


class SensingError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def as_dict(self) -> dict[str, object]:
        return {"code": self.status, "type": type(self).__name__, "message": self.message} | (
            {"field": self.field} if self.field else {}
        )


class InvalidEntity(SensingError):
    """The document is not a valid entity (missing or badly typed property, bad time...)."""

    status = 400


class EntityNotFound(SensingError):
    status = 404


class PermissionDenied(SensingError):
    status = 403


class Conflict(SensingError):
    status = 409
