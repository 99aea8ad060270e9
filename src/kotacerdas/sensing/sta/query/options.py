"""Parsing of all SensorThings query options: $filter $expand $select $orderby $top $skip $count
$resultFormat, including options nested in `$expand=Nav(...;...)`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.utils.translation import gettext as _

from .ast import ExpandItem, OrderBy, Path, Query
from .errors import QueryError, describe_token, option_error
from .lexer import Token, tokenize
from .parser import _Parser, parse_filter

OPTIONS = ("$filter", "$expand", "$select", "$orderby", "$top", "$skip", "$count", "$resultformat")
RESULT_FORMATS = ("dataarray",)


@dataclass(frozen=True)
class Limits:
    default_top: int = 100
    max_top: int = 10_000
    max_expand_depth: int = 5
    max_length: int = 20_000  # characters of one option value


def parse_query_string(query_string: str, limits: Limits | None = None) -> Query:
    """Parse a raw URL query string (`$top=10&$filter=...`, percent-encoded)."""
    return parse_query(dict(parse_qsl(query_string, keep_blank_values=True)), limits)


def parse_query(params: Mapping[str, str], limits: Limits | None = None) -> Query:
    """Parse the query options of a request (e.g. `request.GET`); other parameters are ignored.

    Option names are case-insensitive (`$TOP` is `$top`); an unknown `$option` is an error."""
    limits = limits or Limits()
    options: dict[str, tuple[str, int]] = {}
    for name, value in params.items():
        if not name.startswith("$"):
            continue
        options[name.lower()] = (value if isinstance(value, str) else str(value), 0)
    return _build(options, limits, depth=0, option_prefix="")


def _build(
    options: dict[str, tuple[str, int]], limits: Limits, depth: int, option_prefix: str
) -> Query:
    values: dict = {"top": limits.default_top}
    for name, (value, offset) in options.items():
        label = option_prefix + ("$resultFormat" if name == "$resultformat" else name)
        if name not in OPTIONS:
            raise option_error(
                label,
                _("unknown query option; the options are %(options)s")
                % {
                    "options": ", ".join(
                        o if o != "$resultformat" else "$resultFormat" for o in OPTIONS
                    )
                },
                None,
            )
        if len(value) > limits.max_length:
            raise option_error(
                label,
                _("the value is longer than %(max)d characters") % {"max": limits.max_length},
                None,
            )
        if name == "$filter":
            values["filter"] = parse_filter(value, option=label, offset=offset)
        elif name == "$expand":
            values["expand"] = _parse_expand(value, offset, label, limits, depth)
        elif name == "$select":
            values["select"] = _parse_select(value, offset, label)
        elif name == "$orderby":
            values["orderby"] = _parse_orderby(value, offset, label)
        elif name == "$top":
            top = _parse_int(value, offset, label)
            if top > limits.max_top:
                raise option_error(
                    label,
                    _("%(value)d is more than the maximum of %(max)d")
                    % {"value": top, "max": limits.max_top},
                    offset,
                )
            values["top"] = top
            values["top_given"] = True
        elif name == "$skip":
            values["skip"] = _parse_int(value, offset, label)
        elif name == "$count":
            if value.strip().lower() not in ("true", "false"):
                raise option_error(
                    label,
                    _("expected true or false, found %(found)s")
                    % {"found": describe_token(value.strip())},
                    offset,
                )
            values["count"] = value.strip().lower() == "true"
        elif name == "$resultformat":
            if value.strip().lower() not in RESULT_FORMATS:
                raise option_error(
                    label,
                    _("the only result format is dataArray, found %(found)s")
                    % {"found": describe_token(value.strip())},
                    offset,
                )
            values["result_format"] = "dataArray"
    return Query(**values)


def _parse_int(value: str, offset: int, label: str) -> int:
    text = value.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 12:
        raise option_error(
            label,
            _("expected a whole number of zero or more, found %(found)s")
            % {"found": describe_token(text)},
            offset,
        )
    return int(text)


class _Tokens:
    """A token cursor for the comma lists of $select, $orderby and $expand."""

    def __init__(self, text: str, offset: int, label: str):
        self.tokens = tokenize(text, label, offset)
        self.i = 0
        self.offset = offset
        self.label = label

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def error(self, expected: str) -> QueryError:
        position = self.tok.position + self.offset
        return QueryError(
            _("%(option)s: expected %(expected)s at position %(position)d, found %(found)s")
            % {
                "option": self.label,
                "expected": expected,
                "position": position,
                "found": describe_token(self.tok.text),
            },
            position,
            self.label,
        )


def _parse_select(value: str, offset: int, label: str) -> tuple[Path, ...]:
    cursor = _Tokens(value, offset, label)
    paths = []
    while True:
        start = cursor.tok
        if start.kind != "IDENT":
            raise cursor.error(_("a property name"))
        segments = [start.text]
        cursor.i += 1
        while cursor.tok.kind == "SLASH":
            cursor.i += 1
            if cursor.tok.kind != "IDENT":
                raise cursor.error(_("a property name after '/'"))
            segments.append(cursor.tok.text)
            cursor.i += 1
        paths.append(Path(tuple(segments), start.position + offset))
        if cursor.tok.kind == "EOF":
            return tuple(paths)
        if cursor.tok.kind != "COMMA":
            raise cursor.error(_("',' or the end of the list"))
        cursor.i += 1


def _parse_orderby(value: str, offset: int, label: str) -> tuple[OrderBy, ...]:
    parser = _Parser(value, label, offset)
    keys = []
    while True:
        expr = parser.additive()
        descending = False
        word = parser.word()
        if word in ("asc", "desc"):
            descending = word == "desc"
            parser.advance()
        keys.append(OrderBy(expr, descending))
        if parser.tok.kind == "EOF":
            return tuple(keys)
        if parser.tok.kind != "COMMA":
            raise parser.error(_("asc, desc, ',' or the end of the list"))
        parser.advance()


def _split_top_level(text: str, start: int, stop_chars: str) -> int:
    """Index of the first of `stop_chars` at parenthesis depth 0 outside quotes, or len(text)."""
    depth = 0
    i = start
    in_string = False
    while i < len(text):
        ch = text[i]
        if in_string:
            if ch == "'":
                in_string = False
        elif ch == "'":
            in_string = True
        elif depth == 0 and ch in stop_chars:
            return i
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0 and ")" in stop_chars:
                return i
            depth -= 1
        i += 1
    return len(text)


def _parse_expand(
    value: str, offset: int, label: str, limits: Limits, depth: int
) -> tuple[ExpandItem, ...]:
    items = []
    i = 0
    while True:
        end = _split_top_level(value, i, ",")
        items.append(_parse_expand_item(value[i:end], offset + i, label, limits, depth))
        if end >= len(value):
            return tuple(items)
        i = end + 1


def _depth_error(label: str, position: int, limits: Limits) -> QueryError:
    return option_error(
        label,
        _("$expand is nested more than %(max)d levels deep") % {"max": limits.max_expand_depth},
        position,
    )


def _parse_expand_item(
    text: str, offset: int, label: str, limits: Limits, depth: int
) -> ExpandItem:
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    paren = _split_top_level(stripped, 0, "(")
    head, rest = stripped[:paren], stripped[paren:]
    navs: list[tuple[str, int]] = []
    pos = 0
    for part in head.rstrip().split("/"):
        name = part.strip()
        if not name or not all(c.isalnum() or c in "_" for c in name) or name[0].isdigit():
            raise option_error(
                label,
                _("expected a navigation property such as Datastreams, found %(found)s")
                % {"found": describe_token(name)},
                offset + lead + pos,
            )
        navs.append((name, offset + lead + pos + (len(part) - len(part.lstrip()))))
        pos += len(part) + 1
    if depth + len(navs) > limits.max_expand_depth:
        raise _depth_error(label, navs[0][1], limits)
    nested = Query(top=limits.default_top)
    if rest:
        if not rest.rstrip().endswith(")"):
            raise option_error(
                label,
                _("expected ')' to close the options of %(name)s") % {"name": navs[-1][0]},
                offset + lead + len(stripped),
            )
        inner_start = paren + 1
        inner = stripped[inner_start : len(stripped.rstrip()) - 1]
        nested = _parse_nested_options(
            inner, offset + lead + inner_start, label, limits, depth + len(navs)
        )
    # `A/B(opts)` is A expanding B with opts.
    for name, position in reversed(navs[1:]):
        nested = Query(top=limits.default_top, expand=(ExpandItem(name, nested, position),))
    return ExpandItem(navs[0][0], nested, navs[0][1])


def _parse_nested_options(text: str, offset: int, label: str, limits: Limits, depth: int) -> Query:
    options: dict[str, tuple[str, int]] = {}
    i = 0
    while i <= len(text):
        end = _split_top_level(text, i, ";")
        part = text[i:end]
        if part.strip():
            eq = part.find("=")
            name = part[:eq].strip().lower() if eq >= 0 else ""
            if eq < 0 or not name.startswith("$"):
                raise option_error(
                    label,
                    _(
                        "expected an option such as $filter=... inside the parentheses,"
                        " found %(found)s"
                    )
                    % {"found": describe_token(part.strip())},
                    offset + i,
                )
            if name in options:
                raise option_error(
                    label, _("the option %(name)s is given twice") % {"name": name}, offset + i
                )
            options[name] = (part[eq + 1 :], offset + i + eq + 1)
        i = end + 1
    return _build(options, limits, depth, option_prefix=label + "/")
