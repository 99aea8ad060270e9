"""SensorThings API 1.1 query options: parser (AST) and compiler to Django ORM expressions.

See README.md beside this file."""

from .ast import (
    BinaryOp,
    ExpandItem,
    FunctionCall,
    Interval,
    Literal,
    Negate,
    Not,
    OrderBy,
    Path,
    Query,
)
from .errors import QueryError
from .options import Limits, parse_query, parse_query_string
from .parser import parse_filter

__all__ = [
    "BinaryOp",
    "ExpandItem",
    "FunctionCall",
    "Interval",
    "Limits",
    "Literal",
    "Negate",
    "Not",
    "OrderBy",
    "Path",
    "Query",
    "QueryError",
    "parse_filter",
    "parse_query",
    "parse_query_string",
]
