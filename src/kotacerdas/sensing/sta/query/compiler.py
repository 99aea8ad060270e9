"""Compile the query AST into Django ORM expressions: a Q for $filter, order_by() terms for
$orderby. Every construct either compiles to SQL that runs on SQLite and PostgreSQL or raises a
QueryError; nothing is evaluated in Python except constant sub-expressions (literals only)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    DurationField,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import ExpressionWrapper
from django.db.models.fields.json import KT
from django.db.models.functions import (
    Mod,
    NullIf,
    TruncDate,
)
from django.db.models.lookups import (
    Exact,
    GreaterThan,
    GreaterThanOrEqual,
    IsNull,
    LessThan,
    LessThanOrEqual,
)
from django.utils.translation import gettext as _

from .ast import BinaryOp, Expr, FunctionCall, Interval, Literal, Negate, Not, OrderBy, Path
from .errors import QueryError, option_error
from .resolver import PointField, Resolver, ResultField

UTC = dt.UTC
MIN_DATETIME = dt.datetime(1, 1, 1, tzinfo=UTC)
MAX_DATETIME = dt.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
_NO = object()
_LOOKUPS = {
    "eq": Exact,
    "gt": GreaterThan,
    "ge": GreaterThanOrEqual,
    "lt": LessThan,
    "le": LessThanOrEqual,
}
_SWAPPED = {"eq": "eq", "ne": "ne", "gt": "lt", "ge": "le", "lt": "gt", "le": "ge"}
_JSON_LOOKUPS = {"eq": "exact", "gt": "gt", "ge": "gte", "lt": "lt", "le": "lte"}
_OUTPUT = {
    "string": CharField(),
    "number": FloatField(),
    "int": IntegerField(),
    "datetime": DateTimeField(),
    "date": DateField(),
    "bool": BooleanField(),
    "duration": DurationField(),
}
TRUE = Q(pk__isnull=False)
FALSE = Q(pk__in=[])


@dataclass
class Operand:
    """A compiled operand. `kind`: number string datetime date time bool json result point
    duration interval geography null cond. `literal` holds the Python value of constants."""

    kind: str
    expr: Any = None
    literal: Any = _NO
    is_int: bool = False
    resolved: Any = None  # the Resolved of a path (json, result, point)

    @property
    def is_literal(self) -> bool:
        return self.literal is not _NO


class FractionalSeconds(Func):
    """The fraction of the second (0 <= f < 1) of a datetime column."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL and others
        return self.as_sql_template(
            compiler,
            connection,
            "(EXTRACT(SECOND FROM %(expressions)s) - FLOOR(EXTRACT(SECOND FROM %(expressions)s)))",
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql_template(
            compiler,
            connection,
            "(CAST(strftime('%%f', %(expressions)s) AS REAL)"
            " - CAST(strftime('%%S', %(expressions)s) AS REAL))",
        )

    def as_sql_template(self, compiler, connection, template):
        sql, params = compiler.compile(self.source_expressions[0])
        return template % {"expressions": sql}, params * 2


def literal_operand(kind: str, value: Any, is_int: bool = False) -> Operand:
    output = _OUTPUT.get("int" if is_int else kind)
    expr = Value(value, output_field=output) if output is not None else None
    return Operand(kind, expr, value, is_int)


class Compiler:
    def __init__(self, resolver: Resolver, entity: str, option: str = "$filter"):
        self.resolver = resolver
        self.entity = entity
        self.option = option

    # --- errors
    def error(self, message: str, position: int) -> QueryError:
        return option_error(self.option, message, position)

    def type_error(self, what: str, value: Operand, position: int) -> QueryError:
        return self.error(
            _("%(what)s, not a %(kind)s") % {"what": what, "kind": value.kind}, position
        )

    # --- entry points
    def condition(self, node: Expr) -> Q:
        value = self.compile(node)
        return self.as_q(value, getattr(node, "position", 0))

    def as_q(self, value: Operand, position: int) -> Q:
        if value.kind == "cond":
            return value.expr
        if value.kind == "bool":
            if value.is_literal:
                return TRUE if value.literal else FALSE
            return Q(Exact(value.expr, Value(True)))
        raise self.type_error(_("expected a true/false condition"), value, position)

    # --- expressions
    def compile(self, node: Expr) -> Operand:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, Path):
            return self.path(node)
        if isinstance(node, Not):
            return Operand("cond", ~self.condition(node.operand))
        if isinstance(node, Negate):
            operand = self.number(self.compile(node.operand), node.position)
            return Operand("number", _float(operand.expr * Value(-1)), is_int=operand.is_int)
        if isinstance(node, BinaryOp):
            if node.op in ("and", "or"):
                return Operand("cond", self.logical_chain(node))
            left, right = self.compile(node.left), self.compile(node.right)
            if node.op in _SWAPPED:
                return Operand("cond", self.compare(node.op, left, right, node.position))
            return self.arithmetic(node.op, left, right, node.position)
        if isinstance(node, FunctionCall):
            return self.function(node)
        raise self.error(_("unsupported expression"), 0)  # pragma: no cover - the AST is closed

    def logical_chain(self, node: BinaryOp) -> Q:
        """`a and b and c ...` walked without recursion (long `or` lists are common)."""
        operands = []
        while isinstance(node, BinaryOp) and node.op in ("and", "or"):
            operands.append((node.op, node.right))
            node = node.left
        result = self.condition(node)
        for op, right in reversed(operands):
            q = self.condition(right)
            result = result & q if op == "and" else result | q
        return result

    def literal(self, node: Literal) -> Operand:
        kind = {"int": "number", "decimal": "number"}.get(node.kind, node.kind)
        return literal_operand(kind, node.value, node.kind == "int")

    def path(self, node: Path) -> Operand:
        resolved = self.resolver.resolve(self.entity, node, self.option)
        spec = resolved.spec
        if isinstance(spec, ResultField):
            return Operand("result", resolved=resolved)
        if isinstance(spec, PointField):
            return Operand("point", resolved=resolved)
        if spec.type == "json":
            if not resolved.json_keys:
                return Operand("json", F(spec.path), resolved=resolved)
            return Operand("json", KT(resolved.json_lookup), resolved=resolved)
        if spec.type == "int":
            return Operand("number", F(spec.path), is_int=True)
        return Operand(spec.type, F(spec.path))

    # --- coercions
    def number(self, value: Operand, position: int) -> Operand:
        if value.kind == "number":
            return value
        if value.kind == "result":
            return Operand("number", F(value.resolved.spec.number))
        raise self.type_error(_("expected a number"), value, position)

    def string(self, value: Operand, position: int) -> Operand:
        if value.kind == "string":
            return value
        if value.kind == "result":
            return Operand("string", F(value.resolved.spec.string))
        if value.kind == "json" and value.resolved.json_keys:
            return Operand("string", value.expr)
        raise self.type_error(_("expected a text"), value, position)

    def instant(self, value: Operand, position: int) -> Operand:
        if value.kind == "datetime":
            return value
        raise self.type_error(_("expected a date and time"), value, position)

    # --- comparisons
    def compare(self, op: str, left: Operand, right: Operand, position: int) -> Q:
        if left.is_literal and not right.is_literal:
            left, right, op = right, left, _SWAPPED[op]
        if right.kind == "null" or left.kind == "null":
            other = left if right.kind == "null" else right
            return self.compare_null(op, other, position)
        if left.kind == "cond" or right.kind == "cond":
            return self.compare_conditions(op, left, right, position)
        if left.kind == "result":
            left = self.result_side(left, right, position)
        if right.kind == "result":
            right = self.result_side(right, left, position)
        if left.kind == "json":
            return self.compare_json(op, left, right, position)
        if right.kind == "interval":
            return self.compare_interval(op, self.instant(left, position), right.literal)
        if left.kind == "datetime" and right.kind == "date":
            left = Operand("date", TruncDate(left.expr, tzinfo=UTC))
        if left.kind != right.kind or left.kind in ("point", "geography", "duration"):
            raise self.error(
                _("cannot compare a %(left)s with a %(right)s")
                % {"left": left.kind, "right": right.kind},
                position,
            )
        lookup = _LOOKUPS["eq" if op == "ne" else op]
        condition = not_null(Q(lookup(left.expr, right.expr)), left, right)
        return ~condition if op == "ne" else condition

    def result_side(self, result: Operand, other: Operand, position: int) -> Operand:
        """`result` is read as a number or a text after what it is compared with."""
        if other.kind in ("string",) or (other.kind == "json" and other.resolved.json_keys):
            return self.string(result, position)
        if other.kind == "bool":
            return Operand("json", F(result.resolved.spec.json), resolved=result.resolved)
        return self.number(result, position)

    def compare_null(self, op: str, value: Operand, position: int) -> Q:
        if op not in ("eq", "ne"):
            raise self.error(_("null can only be compared with eq or ne"), position)
        if value.kind == "result":
            spec = value.resolved.spec
            is_null = Q(**{spec.number + "__isnull": True, spec.string + "__isnull": True}) & (
                Q(**{spec.json + "__isnull": True}) | Q(**{spec.json: None})
            )
        elif value.kind == "point":
            spec = value.resolved.spec
            is_null = Q(**{spec.lat + "__isnull": True}) | Q(**{spec.lon + "__isnull": True})
        elif value.kind == "json":
            lookup = value.resolved.json_lookup
            is_null = Q(**{lookup + "__isnull": True}) | Q(**{lookup: None})
        elif value.kind == "cond":
            raise self.error(_("a condition is never null"), position)
        elif value.is_literal:
            is_null = TRUE if value.literal is None else FALSE
        else:
            is_null = Q(IsNull(value.expr, True))
        return is_null if op == "eq" else ~is_null

    def compare_conditions(self, op: str, left: Operand, right: Operand, position: int) -> Q:
        if op not in ("eq", "ne"):
            raise self.error(_("conditions can only be compared with eq or ne"), position)
        a, b = self.as_q(left, position), self.as_q(right, position)
        same = (a & b) | (~a & ~b)
        return same if op == "eq" else ~same

    def compare_json(self, op: str, left: Operand, right: Operand, position: int) -> Q:
        if not right.is_literal or right.kind not in ("number", "string", "bool", "datetime"):
            if right.kind in ("string", "result") and left.resolved.json_keys:
                return self.compare(op, self.string(left, position), right, position)
            raise self.error(
                _("a JSON property can be compared with a number, a text or true/false only"),
                position,
            )
        value = right.literal
        if isinstance(value, dt.datetime):
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        lookup = left.resolved.json_lookup if left.resolved.json_keys else left.expr.name
        present = Q(**{lookup + "__isnull": False})
        if op == "ne":
            return ~(Q(**{lookup: value}) & present)
        return Q(**{f"{lookup}__{_JSON_LOOKUPS[op]}": value}) & present

    def compare_interval(self, op: str, left: Operand, interval: Interval) -> Q:
        """An instant against an interval [start, end): eq means inside it."""
        start = Value(interval.start, output_field=DateTimeField())
        end = Value(interval.end, output_field=DateTimeField())
        inside = Q(GreaterThanOrEqual(left.expr, start)) & Q(LessThan(left.expr, end))
        if op in ("eq", "ne"):
            inside = not_null(inside, left)
            return inside if op == "eq" else ~inside
        return not_null(
            {
                "gt": Q(GreaterThanOrEqual(left.expr, end)),
                "ge": Q(GreaterThanOrEqual(left.expr, start)),
                "lt": Q(LessThan(left.expr, start)),
                "le": Q(LessThan(left.expr, end)),
            }[op],
            left,
        )

    # --- arithmetic
    def arithmetic(self, op: str, left: Operand, right: Operand, position: int) -> Operand:
        if left.kind in ("datetime",) and right.kind == "duration" and op in ("add", "sub"):
            if left.is_literal:
                try:
                    moved = (
                        left.literal + right.literal
                        if op == "add"
                        else left.literal - right.literal
                    )
                except OverflowError:
                    raise self.error(
                        _("the date is outside the supported years"), position
                    ) from None
                return literal_operand("datetime", moved)
            combined = left.expr + right.expr if op == "add" else left.expr - right.expr
            return Operand("datetime", ExpressionWrapper(combined, output_field=DateTimeField()))
        if left.kind == "duration" and right.kind == "duration" and op in ("add", "sub"):
            return literal_operand(
                "duration",
                left.literal + right.literal if op == "add" else left.literal - right.literal,
            )
        left, right = self.number(left, position), self.number(right, position)
        both_int = left.is_int and right.is_int
        if left.is_literal and right.is_literal:
            return self.fold(op, left.literal, right.literal, both_int, position)
        if op in ("div", "mod") and right.is_literal and right.literal == 0:
            raise self.error(_("division by zero"), position)
        divisor = right.expr if right.is_literal else NullIf(right.expr, Value(0))
        output = IntegerField() if both_int else FloatField()
        if op == "mod":
            return Operand("number", Mod(left.expr, divisor, output_field=output), is_int=both_int)
        combined = {
            "add": lambda: left.expr + right.expr,
            "sub": lambda: left.expr - right.expr,
            "mul": lambda: left.expr * right.expr,
            "div": lambda: left.expr / divisor,
        }[op]()
        return Operand("number", ExpressionWrapper(combined, output_field=output), is_int=both_int)

    def fold(self, op: str, a, b, both_int: bool, position: int) -> Operand:
        if op in ("div", "mod") and b == 0:
            raise self.error(_("division by zero"), position)
        if op == "div":
            result = int(a / b) if both_int else a / b  # integers divide towards zero as in SQL
        elif op == "mod":
            result = math.fmod(a, b)
            result = int(result) if both_int else result
        else:
            result = {"add": a + b, "sub": a - b, "mul": a * b}[op]
        if (isinstance(result, float) and not math.isfinite(result)) or abs(result) > 1e300:
            raise self.error(_("the number is too large"), position)
        return literal_operand("number", result, isinstance(result, int))

    # --- functions
    def function(self, node: FunctionCall) -> Operand:
        from .functions import compile_function

        return compile_function(self, node)


def not_null(condition: Q, *operands: Operand) -> Q:
    """Two-valued logic: a comparison with a null column is false, not unknown, so that
    `not (rating eq 5)` keeps the rows whose rating is null, as OData reads it."""
    for operand in operands:
        if not operand.is_literal and operand.expr is not None:
            condition &= Q(IsNull(operand.expr, False))
    return condition


def _float(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=FloatField())


def compile_filter(expr: Expr, resolver: Resolver, entity: str, option: str = "$filter") -> Q:
    """The Q of a parsed $filter for the entity type `entity` (e.g. "Observation")."""
    return Compiler(resolver, entity, option).condition(expr)


def compile_orderby(
    keys: tuple[OrderBy, ...], resolver: Resolver, entity: str, option: str = "$orderby"
) -> list:
    """order_by() terms of a parsed $orderby; `result` sorts by its number, then its text."""
    compiler = Compiler(resolver, entity, option)
    terms = []
    for key in keys:
        value = compiler.compile(key.expr)
        position = getattr(key.expr, "position", 0)
        if value.kind == "result":
            spec = value.resolved.spec
            expressions = [F(spec.number), F(spec.string)]
        elif value.kind == "point":
            spec = value.resolved.spec
            expressions = [F(spec.lat), F(spec.lon)]
        elif value.kind == "cond":
            expressions = [Case(When(value.expr, then=Value(1)), default=Value(0))]
        elif value.is_literal:
            # a constant sorts nothing, and `ORDER BY 2` would mean "the second column" in SQL
            raise compiler.error(_("cannot sort by a constant"), position)
        elif value.kind in ("geography", "interval", "null") or value.expr is None:
            raise compiler.type_error(_("cannot sort by this value"), value, position)
        else:
            expressions = [value.expr]
        for expression in expressions:
            terms.append(expression.desc() if key.descending else expression.asc())
    return terms


__all__ = [
    "MAX_DATETIME",
    "MIN_DATETIME",
    "Compiler",
    "FractionalSeconds",
    "compile_filter",
    "compile_orderby",
]
