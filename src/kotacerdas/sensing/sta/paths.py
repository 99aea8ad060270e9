"""Resource paths of the SensorThings API (OGC 18-088 §9.2): `Things`, `Things(1)`,
`Things(1)/Datastreams`, `Datastreams(1)/Thing`, `Things(1)/name`, `Things(1)/name/$value`,
`Things/$ref`, `Things(1)/Datastreams/$ref`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity
from kotacerdas.sensing.selectors.sta import Step

from .resolver import ENTITIES, ENTITY_SETS

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z]+)(?:\((?P<key>[^)]*)\))?$")
MAX_SEGMENTS = 12


@dataclass(frozen=True)
class ResourcePath:
    """`steps` lead to an entity or a collection; `property`/`value`/`ref` for the suffixes."""

    steps: list[Step] = field(default_factory=list)
    is_collection: bool = True
    prop: str | None = None
    value: bool = False
    ref: bool = False

    @property
    def entity(self) -> str:
        return self.steps[-1].entity


def _key(text: str | None, segment: str) -> int | None:
    if text is None:
        return None
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        text = text[1:-1]
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise EntityNotFound(
            _("Tidak ada entitas dengan id %(key)s di %(segment)s.")
            % {"key": text, "segment": segment}
        )
    return int(text)


def parse_path(path: str) -> ResourcePath:
    """Parse the part after `/sta/v1.1/`; raises EntityNotFound for what names nothing."""
    segments = [s for s in path.strip("/").split("/")]
    if not segments or not segments[0] or len(segments) > MAX_SEGMENTS:
        raise EntityNotFound(_("Jalur sumber daya tidak dikenal: %(path)s") % {"path": path})
    match = _SEGMENT.match(segments[0])
    info = ENTITY_SETS.get(match.group("name")) if match else None
    if info is None:
        raise EntityNotFound(
            _("Himpunan entitas tidak dikenal: %(name)s; yang ada: %(known)s")
            % {"name": segments[0], "known": ", ".join(ENTITY_SETS)}
        )
    steps = [Step(info.name, _key(match.group("key"), segments[0]))]
    is_collection = steps[0].pk is None
    for index, segment in enumerate(segments[1:], start=1):
        rest = segments[index + 1 :]
        if segment == "$ref":
            if rest:
                break
            return ResourcePath(steps, is_collection, ref=True)
        if is_collection:
            break  # `Things/Datastreams`: a collection has no navigation properties
        match = _SEGMENT.match(segment)
        if not match:
            break
        name = match.group("name")
        relation = ENTITIES[steps[-1].entity].relations.get(name)
        if relation is None:
            if match.group("key") is not None or name not in _properties(steps[-1].entity):
                break
            if rest == ["$value"]:
                return ResourcePath(steps, False, prop=name, value=True)
            if rest:
                break
            return ResourcePath(steps, False, prop=name)
        pk = _key(match.group("key"), segment)
        if pk is not None and not relation.many:
            break
        steps.append(Step(relation.target, pk, relation))
        is_collection = relation.many and pk is None
    else:
        return ResourcePath(steps, is_collection)
    raise EntityNotFound(_("Jalur sumber daya tidak dikenal: %(path)s") % {"path": path})


def _properties(entity: str) -> set[str]:
    from .resolver import RESOLVER

    return set(RESOLVER.entity(entity).properties) - {"id"}


def require_entity_path(path: ResourcePath) -> None:
    """PATCH, PUT and DELETE address one entity by its own id (`Things(1)`)."""
    if path.is_collection or path.prop or path.ref or path.steps[-1].pk is None:
        raise InvalidEntity(
            _("Ubah atau hapus satu entitas lewat jalurnya sendiri, misalnya Things(1).")
        )
