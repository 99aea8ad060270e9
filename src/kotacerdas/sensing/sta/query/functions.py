"""The built-in functions of $filter (SensorThings 1.1 §9.3.3.5.2), compiled to ORM expressions."""

from __future__ import annotations

import math

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import (
    Ceil,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractSecond,
    ExtractYear,
    Floor,
    Greatest,
    Length,
    Lower,
    Round,
    StrIndex,
    Substr,
    Trim,
    TruncDate,
    TruncTime,
    Upper,
)
from django.db.models.lookups import Contains, EndsWith, Exact, StartsWith
from django.utils import timezone
from django.utils.translation import gettext as _

from . import geo
from .ast import FunctionCall
from .compiler import (
    FALSE,
    MAX_DATETIME,
    MIN_DATETIME,
    UTC,
    Compiler,
    FractionalSeconds,
    literal_operand,
    not_null,
)
from .compiler import Operand as V

_PATTERNS = {"contains": Contains, "startswith": StartsWith, "endswith": EndsWith}
_EXTRACTS = {
    "year": (ExtractYear, lambda d: d.year),
    "month": (ExtractMonth, lambda d: d.month),
    "day": (ExtractDay, lambda d: d.day),
    "hour": (ExtractHour, lambda d: d.hour),
    "minute": (ExtractMinute, lambda d: d.minute),
    "second": (ExtractSecond, lambda d: d.second),
}
_MATH = {
    "round": (Round, lambda x: math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)),
    "floor": (Floor, math.floor),
    "ceiling": (Ceil, math.ceil),
}
_SPATIAL_PREDICATES = {
    "geo.intersects": "intersects",
    "st_intersects": "intersects",
    "st_within": "within",
    "st_contains": "contains",
    "st_disjoint": "disjoint",
    "st_equals": "equals",
    "st_touches": "touches",
    "st_overlaps": "overlaps",
    "st_crosses": "crosses",
}


def compile_function(c: Compiler, node: FunctionCall) -> V:
    name = node.name
    args = [c.compile(arg) for arg in node.args]
    at = node.position
    if name in ("substringof", "contains", "startswith", "endswith"):
        haystack, needle = (args[1], args[0]) if name == "substringof" else (args[0], args[1])
        haystack, needle = c.string(haystack, at), c.string(needle, at)
        if haystack.is_literal and needle.is_literal:
            test = {"endswith": str.endswith, "startswith": str.startswith}.get(
                name, lambda h, n: n in h
            )
            return literal_operand("bool", test(haystack.literal, needle.literal))
        lookup = _PATTERNS.get(name, Contains)
        rhs = needle.literal if needle.is_literal else needle.expr
        return V("cond", not_null(Q(lookup(haystack.expr, rhs)), haystack, needle))
    if name == "length":
        text = c.string(args[0], at)
        if text.is_literal:
            return literal_operand("number", len(text.literal), True)
        return V("number", Length(text.expr), is_int=True)
    if name == "indexof":
        text, sub = c.string(args[0], at), c.string(args[1], at)
        if text.is_literal and sub.is_literal:
            return literal_operand("number", text.literal.find(sub.literal), True)
        return V("number", StrIndex(text.expr, sub.expr) - Value(1), is_int=True)
    if name == "substring":
        return _substring(c, args, at)
    if name in ("tolower", "toupper", "trim"):
        text = c.string(args[0], at)
        if text.is_literal:
            method = {"tolower": str.lower, "toupper": str.upper, "trim": str.strip}[name]
            return literal_operand("string", method(text.literal))
        function = {"tolower": Lower, "toupper": Upper, "trim": Trim}[name]
        return V("string", function(text.expr))
    if name == "concat":
        a, b = c.string(args[0], at), c.string(args[1], at)
        if a.is_literal and b.is_literal:
            return literal_operand("string", a.literal + b.literal)
        return V("string", Concat(a.expr, b.expr, output_field=CharField()))
    if name in _EXTRACTS:
        extract, python = _EXTRACTS[name]
        value = args[0]
        if value.kind not in ("datetime", "date") or (
            value.kind == "date" and name in ("hour", "minute", "second")
        ):
            raise c.type_error(_("%(name)s expects a date and time") % {"name": name}, value, at)
        if value.is_literal:
            return literal_operand("number", python(value.literal), True)
        return V("number", extract(value.expr, tzinfo=UTC), is_int=True)
    if name == "fractionalseconds":
        value = c.instant(args[0], at)
        if value.is_literal:
            return literal_operand("number", value.literal.microsecond / 1_000_000)
        return V("number", FractionalSeconds(value.expr))
    if name == "date":
        value = c.instant(args[0], at)
        if value.is_literal:
            return literal_operand("date", value.literal.date())
        return V("date", TruncDate(value.expr, tzinfo=UTC))
    if name == "time":
        value = c.instant(args[0], at)
        if value.is_literal:
            return V("time", None, value.literal.timetz())
        return V("time", TruncTime(value.expr, tzinfo=UTC))
    if name == "totaloffsetminutes":
        value = c.instant(args[0], at)
        if value.is_literal:
            return literal_operand(
                "number", int(value.literal.utcoffset().total_seconds() // 60), True
            )
        return literal_operand("number", 0, True)  # stored instants are UTC
    if name == "now":
        return literal_operand("datetime", timezone.now())
    if name == "mindatetime":
        return literal_operand("datetime", MIN_DATETIME)
    if name == "maxdatetime":
        return literal_operand("datetime", MAX_DATETIME)
    if name in _MATH:
        function, python = _MATH[name]
        value = c.number(args[0], at)
        if value.is_literal:
            return literal_operand("number", python(value.literal), True)
        return V("number", function(value.expr), is_int=value.is_int)
    if name == "geo.distance":
        return _distance(c, args, at)
    if name == "geo.length":
        shape = args[0]
        if shape.kind == "geography":
            return literal_operand("number", geo.line_length_m(shape.literal))
        if shape.kind == "point":
            return literal_operand("number", 0.0)
        raise c.type_error(_("geo.length expects a geography"), shape, at)
    if name == "st_relate":
        return _relate(c, args, at)
    return _spatial(c, name, args, at)


def _substring(c: Compiler, args: list[V], at: int) -> V:
    text = c.string(args[0], at)
    start = c.number(args[1], at)
    length = c.number(args[2], at) if len(args) == 3 else None
    for value in (start, length):
        if value is not None and not value.is_int:
            raise c.error(_("substring takes whole numbers for its start and length"), at)
        if value is not None and value.is_literal and value.literal < 0:
            raise c.error(_("substring takes a start and length of zero or more"), at)
    if text.is_literal and start.is_literal and (length is None or length.is_literal):
        end = None if length is None else start.literal + length.literal
        return literal_operand("string", text.literal[start.literal : end])
    position = Value(start.literal + 1) if start.is_literal else start.expr + Value(1)
    if length is None:
        return V("string", Substr(text.expr, position))
    size = length.expr if length.is_literal else Greatest(length.expr, Value(0))
    return V("string", Substr(text.expr, position, size))


def _point_and_shape(c: Compiler, name: str, args: list[V], at: int) -> tuple[V, V, bool]:
    """(point column, geography literal, swapped) for a function of a point and a literal."""
    a, b = args
    if a.kind == "point" and b.kind == "geography":
        return a, b, False
    if a.kind == "geography" and b.kind == "point":
        return b, a, True
    raise c.error(
        _(
            "%(name)s needs a location property and a geography'...' literal "
            "(only points stored as latitude/longitude are supported), not a %(a)s and a %(b)s"
        )
        % {"name": name, "a": a.kind, "b": b.kind},
        at,
    )


def _distance(c: Compiler, args: list[V], at: int) -> V:
    a, b = args
    if a.kind == "geography" and b.kind == "geography":
        if a.literal.geom_type != "Point" or b.literal.geom_type != "Point":
            raise c.error(_("geo.distance is supported between points only"), at)
        return literal_operand(
            "number", geo.haversine(a.literal.y, a.literal.x, b.literal.y, b.literal.x)
        )
    point, shape, _swapped = _point_and_shape(c, "geo.distance", args, at)
    if shape.literal.geom_type != "Point":
        raise c.error(_("geo.distance is supported between points only"), at)
    spec = point.resolved.spec
    return V("number", geo.haversine_sql(spec.lat, spec.lon, shape.literal.y, shape.literal.x))


def _spatial(c: Compiler, name: str, args: list[V], at: int) -> V:
    predicate = _SPATIAL_PREDICATES[name]
    a, b = args
    if a.kind == "geography" and b.kind == "geography":
        return literal_operand("bool", bool(getattr(a.literal, predicate)(b.literal)))
    point, shape, swapped = _point_and_shape(c, name, args, at)
    spec = point.resolved.spec
    geometry = shape.literal
    # Rows without a location match no predicate, st_disjoint included; `not st_within(...)`
    # keeps them (two-valued logic, as for comparisons).
    present = Q(**{spec.lat + "__isnull": False, spec.lon + "__isnull": False})
    if geometry.geom_type == "Point":
        same = Q(Exact(F(spec.lat), Value(geometry.y))) & Q(Exact(F(spec.lon), Value(geometry.x)))
        if predicate in ("intersects", "within", "contains", "equals"):
            return V("cond", same & present)
        if predicate == "disjoint":
            return V("cond", ~(same & present) & present)
        return V("cond", FALSE)  # points never touch, overlap or cross a point
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise c.error(
            _("%(name)s on a location supports Point, Polygon and MultiPolygon literals, not %(t)s")
            % {"name": name, "t": geometry.geom_type},
            at,
        )
    inside = geo.point_in_polygon_q(spec.lat, spec.lon, geometry) & present
    if predicate == "intersects" or (predicate == "within" and not swapped):
        return V("cond", inside)
    if predicate == "contains" and swapped:  # st_contains(polygon, point)
        return V("cond", inside)
    if predicate == "disjoint":
        return V("cond", ~inside & present)
    if predicate in ("equals", "within", "contains", "overlaps", "crosses"):
        # a point never equals, contains, overlaps or crosses an area
        return V("cond", FALSE)
    raise c.error(
        _("%(name)s (a point on the boundary) is not supported for locations") % {"name": name},
        at,
    )


def _relate(c: Compiler, args: list[V], at: int) -> V:
    a, b, pattern = args
    if not (a.kind == "geography" and b.kind == "geography" and pattern.kind == "string"):
        raise c.error(_("st_relate is supported between two geography'...' literals only"), at)
    try:
        return literal_operand("bool", bool(a.literal.relate_pattern(b.literal, pattern.literal)))
    except Exception:  # shapely rejects malformed DE-9IM patterns
        raise c.error(_("%(p)r is not a DE-9IM pattern") % {"p": pattern.literal}, at) from None
