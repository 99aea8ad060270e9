"""Reads of the SensorThings API (issue #7 item 1): pages of entities as plain rows (`.values()`,
no model instances), `$expand` fetched with one query per navigation per level (to-many
expansions with their own `$top/$skip/$orderby/$filter` per parent in one windowed query).

Reads are public: the SensorThings API publishes the city's open sensor data (Perwal 32/2021
Pasal 5(d), Satu Data), as FROST-Server and other public SensorThings endpoints do; nothing in
these entities is personal data. Writes are authenticated and checked by the services.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import CharField, Count, F, Func, QuerySet, Value, Window
from django.db.models.functions import RowNumber

from kotacerdas.sensing.sta.query import Path, Query, compile_filter, compile_orderby
from kotacerdas.sensing.sta.query.ast import BinaryOp, FunctionCall, Negate, Not
from kotacerdas.sensing.sta.resolver import ENTITIES, RESOLVER, EntityInfo, Relation

# Key of a row holding its expanded navigation properties: {name: Page | row | None}.
EXPANDED = "__expanded"


class IsoUtc(Func):
    """A time as the text SensorThings shows (`2026-01-10T00:00:00.000Z`), made by the database:
    formatting in SQL spares parsing a datetime and printing it again for each of 1,000 rows."""

    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"""
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # The format is a parameter: a literal '%' in SQL text clashes with Django's quoting.
        expression = Func(
            Value("%Y-%m-%dT%H:%M:%fZ"),
            self.source_expressions[0],
            function="strftime",
            output_field=CharField(),
        )
        return compiler.compile(expression)

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:  # another database: the datetime itself, formatted in Python
            return compiler.compile(self.source_expressions[0])
        return super().as_sql(compiler, connection, template=template, **extra)


@functools.cache
def _times(entity: str) -> frozenset[str]:
    info = ENTITIES[entity]
    return frozenset(
        name
        for name in info.columns
        if isinstance(info.model._meta.get_field(name.removesuffix("_id")), models.DateTimeField)
    )


def rows_of(qs: QuerySet, info: EntityInfo, *extra: str) -> list[dict[str, Any]]:
    """`qs` as plain rows of the entity's columns; a time column `x` comes as `x_text`, already
    the STA text (on PostgreSQL and SQLite; elsewhere the datetime, formatted by the serializer)."""
    times = _times(info.name)
    columns = [name for name in info.columns if name not in times]
    return list(qs.values(*columns, *extra, **{f"{name}_text": IsoUtc(F(name)) for name in times}))


@dataclass
class Page:
    """A page of rows; `more` when rows exist after it; `count` when `$count=true`."""

    rows: list[dict[str, Any]]
    more: bool = False
    count: int | None = None
    query: Query = field(default_factory=Query)


@dataclass(frozen=True)
class Step:
    """One segment of a resource path: the entity type, its id if given, and the relation
    that led to it from the previous step (None for the first)."""

    entity: str
    pk: int | None = None
    relation: Relation | None = None


def path_lookups(steps: list[Step]) -> dict[str, int]:
    """ORM lookups on the last step's model that select what the path names, e.g.
    `Things(1)/Datastreams(2)/Observations` -> {datastream__id: 2, datastream__thing__id: 1}."""
    lookups: dict[str, int] = {}
    prefix = ""
    for index in range(len(steps) - 1, -1, -1):
        step = steps[index]
        if step.pk is not None:
            lookups[prefix + "id"] = step.pk
        if step.relation is not None:
            prefix += step.relation.inverse + "__"
    return lookups


def path_exists(steps: list[Step]) -> bool:
    info = ENTITIES[steps[-1].entity]
    return info.model.objects.filter(**path_lookups(steps)).exists()


def _crosses_to_many(expr: Any, entity: str) -> bool:
    """Whether a $filter walks through a to-many navigation (the join may repeat rows)."""
    if isinstance(expr, Path):
        info = ENTITIES[entity]
        for segment in expr.segments:
            relation = info.relations.get(segment)
            if relation is None:
                return False
            if relation.many:
                return True
            info = ENTITIES[relation.target]
        return False
    if isinstance(expr, BinaryOp):
        return _crosses_to_many(expr.left, entity) or _crosses_to_many(expr.right, entity)
    if isinstance(expr, Not | Negate):
        return _crosses_to_many(expr.operand, entity)
    if isinstance(expr, FunctionCall):
        return any(_crosses_to_many(arg, entity) for arg in expr.args)
    return False


def _filtered(qs: QuerySet, info: EntityInfo, query: Query) -> QuerySet:
    if query.filter is None:
        return qs
    condition = compile_filter(query.filter, RESOLVER, info.name)
    if _crosses_to_many(query.filter, info.name):
        # pk IN (subquery) instead of DISTINCT: rows stay unique and the ordering free.
        return qs.filter(pk__in=info.model.objects.filter(condition).values("pk"))
    return qs.filter(condition)


def _ordering(info: EntityInfo, query: Query) -> list:
    terms = compile_orderby(query.orderby, RESOLVER, info.name)
    # The id breaks ties in the direction of the last key, so that an index on
    # (datastream, phenomenon_time DESC, id DESC) serves `$orderby=phenomenonTime desc` whole.
    descending = bool(query.orderby) and query.orderby[-1].descending
    return [*terms, F("id").desc() if descending else F("id").asc()]


def entity_page(*, steps: list[Step], query: Query) -> Page:
    """A page of the collection the path names, with `$filter $orderby $skip $top $count`
    applied and `$expand` resolved. One query for the page (plus one for `$count`)."""
    info = ENTITIES[steps[-1].entity]
    qs = _filtered(info.model.objects.filter(**path_lookups(steps)), info, query)
    count = qs.count() if query.count else None
    window = qs.order_by(*_ordering(info, query))[query.skip : query.skip + query.top + 1]
    rows = rows_of(window, info)
    more = len(rows) > query.top
    del rows[query.top :]
    expand_rows(rows, info, query)
    return Page(rows, more, count, query)


def entity_row(*, steps: list[Step], query: Query) -> dict[str, Any] | None:
    """The one entity the path names (None if there is none), with `$expand` resolved."""
    info = ENTITIES[steps[-1].entity]
    rows = rows_of(info.model.objects.filter(**path_lookups(steps))[:1], info)
    expand_rows(rows, info, query)
    return rows[0] if rows else None


def entity_rows_by_id(*, entity: str, ids: list[int]) -> dict[int, dict[str, Any]]:
    info = ENTITIES[entity]
    return {row["id"]: row for row in rows_of(info.model.objects.filter(id__in=ids), info)}


def expand_rows(rows: list[dict[str, Any]], info: EntityInfo, query: Query) -> None:
    """Attach each `$expand` item to the rows: one query per item per level."""
    if not rows or not query.expand:
        return
    for item in query.expand:
        relation = info.relations[item.navigation]
        target = ENTITIES[relation.target]
        if relation.fk is not None:
            ids = {row[relation.fk] for row in rows if row[relation.fk] is not None}
            found = entity_rows_by_id(entity=target.name, ids=sorted(ids))
            expand_rows(list(found.values()), target, item.options)
            for row in rows:
                row.setdefault(EXPANDED, {})[item.navigation] = found.get(row[relation.fk])
        else:
            pages = _expand_many(rows, relation, target, item.options)
            for row in rows:
                row.setdefault(EXPANDED, {})[item.navigation] = pages[row["id"]]


def _expand_many(
    rows: list[dict[str, Any]], relation: Relation, target: EntityInfo, options: Query
) -> dict[int, Page]:
    parent_ids = [row["id"] for row in rows]
    base = target.model.objects.annotate(_parent=F(relation.inverse)).filter(_parent__in=parent_ids)
    base = _filtered(base, target, options)
    counts: dict[int, int] = {}
    if options.count:
        counts = dict(
            base.order_by().values("_parent").annotate(n=Count("id")).values_list("_parent", "n")
        )
    ranked = base.annotate(
        _rank=Window(RowNumber(), partition_by=[F("_parent")], order_by=_ordering(target, options))
    ).filter(_rank__gt=options.skip, _rank__lte=options.skip + options.top + 1)
    pages = {
        pk: Page([], False, counts.get(pk, 0) if options.count else None, options)
        for pk in parent_ids
    }
    children = rows_of(ranked.order_by("_parent", "_rank"), target, "_parent", "_rank")
    for child in children:
        del child["_rank"]
        page = pages[child.pop("_parent")]
        if len(page.rows) < options.top:
            page.rows.append(child)
        else:
            page.more = True
    expand_rows([child for page in pages.values() for child in page.rows], target, options)
    return pages


__all__ = [
    "EXPANDED",
    "Page",
    "Step",
    "entity_page",
    "entity_row",
    "entity_rows_by_id",
    "expand_rows",
    "path_exists",
    "path_lookups",
]
