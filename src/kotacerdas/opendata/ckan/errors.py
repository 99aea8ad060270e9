"""CKAN's API errors: the `__type`, the message prefix and the HTTP status of each
(ckan/views/api.py `action`)."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """An error an action answers with `{"success": false, "error": {...}}`."""

    status = 500
    type = "Internal Server Error"

    def __init__(self, message: str = "", **fields: Any):
        super().__init__(message)
        self.message = message
        self.fields = fields

    def error_dict(self) -> dict[str, Any]:
        return {"__type": self.type, "message": self.message}


class NotFound(ActionError):
    status = 404
    type = "Not Found Error"

    def error_dict(self) -> dict[str, Any]:
        message = "Not found" + (f": {self.message}" if self.message else "")
        return {"__type": self.type, "message": message}


class NotAuthorized(ActionError):
    status = 403
    type = "Authorization Error"

    def error_dict(self) -> dict[str, Any]:
        message = "Access denied" + (f": {self.message}" if self.message else "")
        return {"__type": self.type, "message": message}


class ValidationFailed(ActionError):
    """CKAN's ValidationError: the field errors as lists, beside `__type` (status 409)."""

    status = 409
    type = "Validation Error"

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("")
        self.errors = errors

    def error_dict(self) -> dict[str, Any]:
        return {**self.errors, "__type": self.type}


class SearchQueryFailed(ActionError):
    status = 400
    type = "Search Query Error"

    def error_dict(self) -> dict[str, Any]:
        # CKAN: u'Search Query is invalid: %r' % e.args
        return {"__type": self.type, "message": f"Search Query is invalid: {(self.message,)!r}"}


class BadRequest(Exception):
    """CKAN's `_finish_bad_request`: status 400 and a JSON string, not an envelope."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
