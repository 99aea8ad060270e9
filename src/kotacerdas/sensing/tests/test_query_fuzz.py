"""No input makes the query package fail other than with a QueryError: random text and token
soup through the parser (hypothesis), and random well-formed filters through the compiler and
the database (a fixed-seed loop; on PostgreSQL too when DATABASE_URL points there)."""

from __future__ import annotations

import contextlib
import random

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kotacerdas.complaints.models import Case
from kotacerdas.sensing.sta.query import QueryError, parse_filter, parse_query
from kotacerdas.sensing.sta.query.compiler import compile_filter, compile_orderby

from .sample import RESOLVER

VOCABULARY = [
    "(", ")", ",", "/", "-", "'", "''", "eq", "ne", "gt", "ge", "lt", "le", "and", "or", "not",
    "add", "sub", "mul", "div", "mod", "true", "false", "null", "result", "name", "rating",
    "phenomenonTime", "properties", "location", "Category", "0", "1", "-2", "3.5", "1e308",
    "99999999999999999999", "'x'", "'a''b'", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00",
    "2024-01-01", "2024-01-01T00:00:00Z/P1D", "P1D/2024-01-01T00:00:00Z", "duration'P1D'",
    "duration'P1Y'", "geography'POINT(107 -6.2)'", "geography'POLYGON((1 1,2 1,2 2,1 1))'",
    "geography'POINT(", "[0]", "[", "substringof", "length", "substring", "year", "round",
    "geo.distance", "st_within", "now", "concat", "indexof", "$", "@iot.id", ";", "=", "\\",
    "\u0000", "水位",
]  # fmt: skip


@settings(
    max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.text(max_size=120))
def test_random_text_never_escapes_as_another_exception(text):
    for parse in (parse_filter, lambda t: parse_query({"$expand": t, "$orderby": t})):
        try:
            parse(text)
        except QueryError as error:
            assert error.message
            assert error.position is None or 0 <= error.position <= len(text) + 1


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=25))
def test_token_soup_never_escapes_as_another_exception(tokens):
    text = " ".join(tokens)
    try:
        expr = parse_filter(text)
    except QueryError:
        return
    with contextlib.suppress(QueryError):
        compile_filter(expr, RESOLVER, "Observation")


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.recursive(
        st.sampled_from(["Datastreams", "Thing", "Observations", "Locations", "x"]),
        lambda inner: st.tuples(
            inner, st.sampled_from(["$top=1", "$filter=a eq 1", "$skip=x", ""])
        ).map(lambda t: f"{t[0]}($expand={t[0]};{t[1]})"),
        max_leaves=10,
    )
)
def test_expand_nesting_never_escapes_as_another_exception(value):
    try:
        parse_query({"$expand": value})
    except QueryError as error:
        assert error.option.startswith("$expand")


# --- random well-formed filters, compiled and run

NUMBERS = ["rating", "latitude", "result", "properties/depth", "0", "-1", "2.5", "7"]
TEXTS = ["name", "description", "result", "properties/source", "Category/name", "'a%_'", "''"]
TIMES = ["phenomenonTime", "now()", "2024-01-15T08:30:15Z", "mindatetime()", "maxdatetime()"]


def _number(rng: random.Random, depth: int) -> str:
    if depth > 2 or rng.random() < 0.4:
        return rng.choice(NUMBERS)
    choice = rng.randrange(7)
    if choice == 0:
        op = rng.choice(["add", "sub", "mul", "div", "mod"])
        return f"({_number(rng, depth + 1)} {op} {_number(rng, depth + 1)})"
    if choice == 1:
        return f"length({_text(rng, depth + 1)})"
    if choice == 2:
        return f"indexof({_text(rng, depth + 1)}, {_text(rng, depth + 1)})"
    if choice == 3:
        part = rng.choice(["year", "month", "day", "hour", "minute", "second", "fractionalseconds"])
        return f"{part}({_time(rng, depth + 1)})"
    if choice == 4:
        return f"{rng.choice(['round', 'floor', 'ceiling'])}({_number(rng, depth + 1)})"
    if choice == 5:
        lon, lat = rng.uniform(-180, 180), rng.uniform(-90, 90)
        return f"geo.distance(location, geography'POINT({lon:.4f} {lat:.4f})')"
    return f"-{rng.choice(['rating', 'latitude'])}"


def _text(rng: random.Random, depth: int) -> str:
    if depth > 2 or rng.random() < 0.4:
        return rng.choice(TEXTS)
    choice = rng.randrange(3)
    if choice == 0:
        return f"{rng.choice(['tolower', 'toupper', 'trim'])}({_text(rng, depth + 1)})"
    if choice == 1:
        return f"concat({_text(rng, depth + 1)}, {_text(rng, depth + 1)})"
    args = [_text(rng, depth + 1), rng.choice(["0", "1", "rating", "-1", "99"])]
    if rng.random() < 0.5:
        args.append(rng.choice(["0", "2", "rating", "(rating sub 9)"]))
    return f"substring({', '.join(args)})"


def _time(rng: random.Random, depth: int) -> str:
    base = rng.choice(TIMES)
    if rng.random() < 0.3:
        return f"{base} {rng.choice(['add', 'sub'])} duration'{rng.choice(['P1D', 'PT1H', 'P1W'])}'"
    return base


def _condition(rng: random.Random, depth: int = 0) -> str:
    choice = rng.randrange(9 if depth < 2 else 5)
    op = rng.choice(["eq", "ne", "gt", "ge", "lt", "le"])
    if choice == 0:
        return f"{_number(rng, depth)} {op} {_number(rng, depth)}"
    if choice == 1:
        return f"{_text(rng, depth)} {op} {_text(rng, depth)}"
    if choice == 2:
        return f"{_time(rng, depth)} {op} {_time(rng, depth)}"
    if choice == 3:
        fn = rng.choice(["substringof", "contains", "startswith", "endswith"])
        return f"{fn}({_text(rng, depth)}, {_text(rng, depth)})"
    if choice == 4:
        polygon = "geography'POLYGON((106.9 -6.3, 107.1 -6.3, 107.0 -6.1, 106.9 -6.3))'"
        fn = rng.choice(["st_within", "geo.intersects", "st_disjoint", "st_intersects"])
        return f"{fn}(location, {polygon})"
    if choice == 5:
        return f"not ({_condition(rng, depth + 1)})"
    if choice == 6:
        left, right = _condition(rng, depth + 1), _condition(rng, depth + 1)
        return f"({left}) {rng.choice(['and', 'or'])} ({right})"
    if choice == 7:
        return f"{rng.choice(NUMBERS + TEXTS[:3])} {rng.choice(['eq', 'ne'])} null"
    return (
        f"({_condition(rng, depth + 1)}) {rng.choice(['eq', 'ne'])} {rng.choice(['true', 'false'])}"
    )


@pytest.mark.django_db
def test_random_filters_compile_and_run_or_are_refused(cases):
    rng = random.Random(20240115)
    ran = refused = 0
    for _ in range(400):
        text = _condition(rng)
        try:
            q = compile_filter(parse_filter(text), RESOLVER, "Observation")
            order = compile_orderby(
                parse_query({"$orderby": rng.choice(NUMBERS + TEXTS[:5])}).orderby,
                RESOLVER,
                "Observation",
            )
        except QueryError:
            refused += 1
            continue
        try:
            with transaction.atomic():
                list(Case.objects.filter(q).order_by(*order).values_list("pk", flat=True))
        except Exception as error:  # pragma: no cover - the message is the point
            raise AssertionError(
                f"{text!r} compiled but failed in the database: {error}"
            ) from error
        ran += 1
    assert ran > 150, (ran, refused)  # the generator mostly produces valid filters
