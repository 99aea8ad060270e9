"""The typed AST of SensorThings query options ($filter expressions and the options around them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Literal:
    """A constant. `kind` is one of LITERAL_KINDS; `value` is the Python value: str, int,
    float, bool, None, aware datetime, date, timedelta, Interval, or a shapely geometry."""

    kind: str
    value: Any
    position: int = field(default=0, compare=False)


LITERAL_KINDS = (
    "string",
    "int",
    "decimal",
    "bool",
    "null",
    "datetime",
    "date",
    "duration",
    "interval",
    "geography",
)


@dataclass(frozen=True)
class Interval:
    """A half-open time interval [start, end) as in ISO 8601 `start/end` or `start/duration`."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Path:
    """A property path: `name`, `Datastream/Thing/name`, `properties/key`, `properties/a[1]`."""

    segments: tuple[str, ...]
    position: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return "/".join(self.segments)


@dataclass(frozen=True)
class BinaryOp:
    """`op`: comparison (eq ne gt ge lt le), logical (and or), arithmetic (add sub mul div mod)."""

    op: str
    left: Expr
    right: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Not:
    operand: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Negate:
    """Unary minus on a non-literal (a minus before a number is folded into the literal)."""

    operand: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class FunctionCall:
    name: str  # lower case, e.g. "geo.distance", "st_within"
    args: tuple[Expr, ...]
    position: int = field(default=0, compare=False)


Expr = Literal | Path | BinaryOp | Not | Negate | FunctionCall

COMPARISON_OPS = ("eq", "ne", "gt", "ge", "lt", "le")
ARITHMETIC_OPS = ("add", "sub", "mul", "div", "mod")
LOGICAL_OPS = ("and", "or")


@dataclass(frozen=True)
class OrderBy:
    expr: Expr
    descending: bool = False


@dataclass(frozen=True)
class ExpandItem:
    """One navigation property to expand, with the options that apply to the expanded entities.

    `Datastreams/Observations` is Datastreams with a nested expand of Observations."""

    navigation: str
    options: Query
    position: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Query:
    filter: Expr | None = None
    expand: tuple[ExpandItem, ...] = ()
    select: tuple[Path, ...] = ()
    orderby: tuple[OrderBy, ...] = ()
    top: int = 100
    top_given: bool = False
    skip: int = 0
    count: bool | None = None
    result_format: str | None = None
