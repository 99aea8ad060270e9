"""Whole-query validation against the entity types, before the views run anything."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .ast import Query
from .compiler import compile_filter, compile_orderby
from .errors import option_error
from .resolver import Resolver


def check_query(query: Query, resolver: Resolver, entity: str, *, nested: bool = False) -> None:
    """Raise QueryError for an unknown name in $select or $expand, or a $filter/$orderby (also
    inside $expand) that does not compile for its entity type."""
    prefix = "$expand/" if nested else ""
    entity_type = resolver.entity(entity)
    known = {"@iot.id", *entity_type.properties, *entity_type.navigation}
    for path in query.select:
        if path.segments[0] not in known:
            raise option_error(
                prefix + "$select",
                _("%(entity)s has no property %(name)r; known: %(known)s")
                % {
                    "entity": entity,
                    "name": path.segments[0],
                    "known": ", ".join(sorted(known - {"@iot.id"})),
                },
                path.position,
            )
    if query.filter is not None:
        compile_filter(query.filter, resolver, entity, prefix + "$filter")
    if query.orderby:
        compile_orderby(query.orderby, resolver, entity, prefix + "$orderby")
    for item in query.expand:
        navigation = entity_type.navigation.get(item.navigation)
        if navigation is None:
            raise option_error(
                "$expand",
                _("%(entity)s has no navigation property %(name)r; known: %(known)s")
                % {
                    "entity": entity,
                    "name": item.navigation,
                    "known": ", ".join(sorted(entity_type.navigation)) or "-",
                },
                item.position,
            )
        check_query(item.options, resolver, navigation.target, nested=True)
