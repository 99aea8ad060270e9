"""What the compiler needs to know about the models: per SensorThings entity type, which ORM path
each property maps to, and which entity type each navigation property leads to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .ast import Path
from .errors import option_error

FIELD_TYPES = ("string", "int", "number", "datetime", "date", "bool", "json")


@dataclass(frozen=True)
class Field:
    """A plain column. `type` is one of FIELD_TYPES (`int` is a whole number, `number` any);
    a `json` field takes sub-paths (`properties/owner/name`, `properties/list[0]`)."""

    path: str
    type: str


@dataclass(frozen=True)
class ResultField:
    """The Observation result kept in three columns: a float (null when not numeric), a string
    and the JSON value. Compared with a number it is `number`, with a string it is `string`."""

    number: str
    string: str
    json: str


@dataclass(frozen=True)
class PointField:
    """A location stored as two float columns (WGS84 degrees)."""

    lat: str
    lon: str


@dataclass(frozen=True)
class Navigation:
    """A relation: its ORM path from this model and the entity type it leads to."""

    path: str
    target: str


Property = Field | ResultField | PointField


@dataclass(frozen=True)
class EntityType:
    name: str  # e.g. "Observation"
    properties: Mapping[str, Property]
    navigation: Mapping[str, Navigation] = field(default_factory=dict)


@dataclass(frozen=True)
class Resolved:
    """A property reached by a path: its spec with the ORM prefix applied, plus JSON keys."""

    spec: Property
    json_keys: tuple[str, ...] = ()

    @property
    def json_lookup(self) -> str:
        """The ORM lookup path of a JSON value, e.g. `properties__owner__0`."""
        keys = [key.strip("[]") for key in self.json_keys]
        return "__".join([self.spec.path, *keys])


def _prefixed(spec: Property, prefix: str) -> Property:
    if not prefix:
        return spec
    if isinstance(spec, Field):
        return Field(prefix + spec.path, spec.type)
    if isinstance(spec, ResultField):
        return ResultField(prefix + spec.number, prefix + spec.string, prefix + spec.json)
    return PointField(prefix + spec.lat, prefix + spec.lon)


class Resolver:
    """The entity types of one API; `resolve` walks a path like `Datastream/Thing/name`."""

    def __init__(self, entity_types: Iterable[EntityType]):
        self.types = {entity.name: entity for entity in entity_types}

    def entity(self, name: str) -> EntityType:
        return self.types[name]

    def resolve(self, entity_name: str, path: Path, option: str = "$filter") -> Resolved:
        entity = self.types[entity_name]
        prefix = ""
        segments = ["id" if s == "@iot.id" else s for s in path.segments]
        for index, segment in enumerate(segments):
            if segment in entity.navigation:
                navigation = entity.navigation[segment]
                prefix += navigation.path + "__"
                entity = self.types[navigation.target]
                continue
            spec = entity.properties.get(segment)
            if spec is None:
                break
            rest = tuple(segments[index + 1 :])
            if rest and not (isinstance(spec, Field) and spec.type == "json"):
                raise option_error(
                    option,
                    _("%(name)s of %(entity)s has no sub-properties (%(path)s)")
                    % {"name": segment, "entity": entity.name, "path": str(path)},
                    path.position,
                )
            return Resolved(_prefixed(spec, prefix), rest)
        else:
            raise option_error(
                option,
                _(
                    "%(path)s leads to %(entity)s, not to a property; add a property such as "
                    "%(entity)s/id"
                )
                % {"path": str(path), "entity": entity.name},
                path.position,
            )
        known = sorted([*entity.properties, *entity.navigation])
        raise option_error(
            option,
            _("%(entity)s has no property %(name)r; known: %(known)s")
            % {"entity": entity.name, "name": segment, "known": ", ".join(known)},
            path.position,
        )
