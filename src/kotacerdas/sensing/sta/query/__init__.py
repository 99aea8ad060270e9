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
from .check import check_query
from .compiler import compile_filter, compile_orderby
from .errors import QueryError
from .options import Limits, parse_query, parse_query_string
from .parser import parse_filter
from .resolver import EntityType, Field, Navigation, PointField, Resolver, ResultField

__all__ = [
    "BinaryOp",
    "EntityType",
    "ExpandItem",
    "Field",
    "FunctionCall",
    "Interval",
    "Limits",
    "Literal",
    "Navigation",
    "Negate",
    "Not",
    "OrderBy",
    "Path",
    "PointField",
    "Query",
    "QueryError",
    "Resolver",
    "ResultField",
    "check_query",
    "compile_filter",
    "compile_orderby",
    "parse_filter",
    "parse_query",
    "parse_query_string",
]
