"""Tokenizer of SensorThings/OData `$filter` expressions (and of paths in other options)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .ast import Interval
from .errors import QueryError, option_error

_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?"
_DURATION = r"-?P(?:\d+(?:\.\d+)?[YMWD])*(?:T(?:\d+(?:\.\d+)?[HMS])+)?"
_DATETIME_RE = re.compile(_DATETIME)
_ZONE_RE = re.compile(r"(?:[Zz]|[+-]\d{2}:?\d{2})$")
_INTERVAL_RE = re.compile(
    rf"(?:({_DATETIME})/({_DATETIME}|{_DURATION})|({_DURATION})/({_DATETIME}))(?![\w:.])"
)
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\w:])")
_NUMBER_RE = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_DURATION_RE = re.compile(
    r"(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_TYPED_STRING_PREFIXES = ("duration", "geography", "geometry")
_SINGLE = {"(": "LPAREN", ")": "RPAREN", ",": "COMMA", "/": "SLASH", "-": "MINUS"}


@dataclass(frozen=True)
class Token:
    # STRING NUMBER DATETIME DATE INTERVAL DURATION GEOGRAPHY IDENT INDEX, punctuation, EOF
    kind: str
    text: str
    position: int
    value: Any = None


def _error(option: str, message: str, position: int) -> QueryError:
    """A bare error; `tokenize` adds the option name and the absolute position."""
    return QueryError(message, position, option)


def parse_datetime(text: str, position: int, option: str) -> dt.datetime:
    """An ISO 8601 instant; a time without a zone is refused (SensorThings times are absolute)."""
    if not _ZONE_RE.search(text):
        raise _error(
            option,
            _(
                "the time %(text)s has no time zone; add Z (UTC) or an offset such as +07:00, "
                "e.g. 2024-01-31T08:00:00+07:00"
            )
            % {"text": text},
            position,
        )
    normal = text[:-1] + "+00:00" if text[-1] in "Zz" else text
    # Python reads at most 6 fractional digits: cut longer fractions (sub-microsecond).
    normal = re.sub(r"(\.\d{6})\d+", r"\1", normal)
    try:
        return dt.datetime.fromisoformat(normal)
    except ValueError:
        message = _("%(text)s is not a valid date and time") % {"text": text}
        raise _error(option, message, position) from None


def parse_duration(text: str, position: int, option: str) -> dt.timedelta:
    """An ISO 8601 duration of weeks, days, hours, minutes and seconds."""
    match = _DURATION_RE.match(text)
    if not match or text.rstrip("T").endswith("P") or text.endswith("T"):
        raise _error(
            option,
            _("%(text)s is not an ISO 8601 duration such as P1D or PT15M") % {"text": text},
            position,
        )
    sign, years, months, weeks, days, hours, minutes, seconds = match.groups()
    if years or months:
        raise _error(
            option,
            _("durations in years or months (%(text)s) are not supported: use days, e.g. P30D")
            % {"text": text},
            position,
        )
    try:
        delta = dt.timedelta(
            weeks=float(weeks or 0),
            days=float(days or 0),
            hours=float(hours or 0),
            minutes=float(minutes or 0),
            seconds=float(seconds or 0),
        )
    except OverflowError:
        message = _("the duration %(text)s is too long") % {"text": text}
        raise _error(option, message, position) from None
    return -delta if sign else delta


def _interval(match: re.Match, position: int, option: str) -> Interval:
    start_dt, end_any, start_dur, end_dt = match.groups()
    try:
        if start_dt:
            start = parse_datetime(start_dt, position, option)
            if end_any.lstrip("-").startswith("P"):
                end = start + parse_duration(end_any, position, option)
            else:
                end = parse_datetime(end_any, position, option)
        else:
            end = parse_datetime(end_dt, position, option)
            start = end - parse_duration(start_dur, position, option)
    except OverflowError:
        raise _error(option, _("the interval is outside the supported years"), position) from None
    if end < start:
        raise _error(option, _("the interval ends before it starts"), position)
    return Interval(start, end)


def _read_string(text: str, start: int, option: str) -> tuple[str, int]:
    """A quoted string from `start` (the quote); '' is one quote. Returns (value, end)."""
    i = start + 1
    parts = []
    while True:
        j = text.find("'", i)
        if j < 0:
            raise _error(option, _("the string that starts here is not closed with '"), start)
        parts.append(text[i:j])
        if j + 1 < len(text) and text[j + 1] == "'":
            parts.append("'")
            i = j + 2
            continue
        return "".join(parts), j + 1


def tokenize(text: str, option: str = "$filter", offset: int = 0) -> list[Token]:
    """Tokens with positions relative to `text`; errors carry `offset` added (absolute position)."""
    try:
        return _tokenize(text, option)
    except QueryError as error:
        raise option_error(option, error.message, (error.position or 0) + offset) from None


def _tokenize(text: str, option: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "'":
            value, end = _read_string(text, i, option)
            tokens.append(Token("STRING", text[i:end], i, value))
            i = end
            continue
        if ch in _SINGLE:
            tokens.append(Token(_SINGLE[ch], ch, i))
            i += 1
            continue
        if ch == "[":
            match = re.compile(r"\[(\d{1,9})\]").match(text, i)
            if not match:
                raise _error(option, _("expected an array index such as [0]"), i)
            tokens.append(Token("INDEX", match.group(0), i, int(match.group(1))))
            i = match.end()
            continue
        if ch.isascii() and ch.isdigit():
            i = _read_number_or_time(text, i, option, tokens)
            continue
        if ch == "P":
            match = _INTERVAL_RE.match(text, i)
            if match:
                tokens.append(Token("INTERVAL", match.group(0), i, _interval(match, i, option)))
                i = match.end()
                continue
        if ch.isalpha() or ch in "_@$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_.@$"):
                j += 1
            word = text[i:j]
            if j < n and text[j] == "'" and word.lower() in _TYPED_STRING_PREFIXES:
                value, end = _read_string(text, j, option)
                tokens.append(_typed_string(word.lower(), value, text[i:end], i, option))
                i = end
                continue
            tokens.append(Token("IDENT", word, i, word))
            i = j
            continue
        raise _error(option, _("unexpected character %(char)r") % {"char": ch}, i)
    tokens.append(Token("EOF", "", n))
    return tokens


def _read_number_or_time(text: str, i: int, option: str, tokens: list[Token]) -> int:
    match = _INTERVAL_RE.match(text, i)
    if match:
        tokens.append(Token("INTERVAL", match.group(0), i, _interval(match, i, option)))
        return match.end()
    match = _DATETIME_RE.match(text, i)
    if match and not (match.end() < len(text) and (text[match.end()].isalnum())):
        value = parse_datetime(match.group(0), i, option)
        tokens.append(Token("DATETIME", match.group(0), i, value))
        return match.end()
    match = _DATE_RE.match(text, i)
    if match:
        try:
            value = dt.date.fromisoformat(match.group(0))
        except ValueError:
            message = _("%(text)s is not a valid date") % {"text": match.group(0)}
            raise _error(option, message, i) from None
        tokens.append(Token("DATE", match.group(0), i, value))
        return match.end()
    match = _NUMBER_RE.match(text, i)
    end = match.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "_:"):
        raise _error(
            option,
            _("%(text)s is not a number, a date or a time")
            % {"text": re.match(r"[\w:.+-]+", text[i:]).group(0)[:30]},
            i,
        )
    raw = match.group(0)
    if match.group(1) or match.group(2):
        value = float(raw)
        if value != value or value in (float("inf"), float("-inf")):
            raise _error(option, _("the number %(text)s is too large") % {"text": raw}, i)
        tokens.append(Token("NUMBER", raw, i, value))
    else:
        if len(raw) > 18:
            raise _error(option, _("the number %(text)s is too large") % {"text": raw[:30]}, i)
        tokens.append(Token("NUMBER", raw, i, int(raw)))
    return end


def _typed_string(prefix: str, value: str, raw: str, position: int, option: str) -> Token:
    if prefix == "duration":
        return Token("DURATION", raw, position, parse_duration(value, position, option))
    from .geo import parse_wkt  # shapely is imported only when a geography literal appears

    return Token("GEOGRAPHY", raw, position, parse_wkt(value, position, option))
