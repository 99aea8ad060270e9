"""$filter parsing: every construct of SensorThings 1.1 §9.3.3.5, precedence, and errors with
positions. Examples follow the spec and queries seen on public SensorThings servers."""

from __future__ import annotations

import datetime as dt

import pytest

from kotacerdas.sensing.sta.query import (
    BinaryOp,
    FunctionCall,
    Interval,
    Literal,
    Negate,
    Not,
    Path,
    QueryError,
    parse_filter,
)


def P(*segments: str) -> Path:
    return Path(tuple(segments))


def L(kind: str, value) -> Literal:
    return Literal(kind, value)


def B(op, left, right) -> BinaryOp:
    return BinaryOp(op, left, right)


def F(name, *args) -> FunctionCall:
    return FunctionCall(name, tuple(args))


UTC = dt.UTC
PLUS2 = dt.timezone(dt.timedelta(hours=2))
WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("result eq 5", B("eq", P("result"), L("int", 5))),
        ("result ne 5", B("ne", P("result"), L("int", 5))),
        ("result gt 5.5", B("gt", P("result"), L("decimal", 5.5))),
        ("result ge -5", B("ge", P("result"), L("int", -5))),
        ("result lt 1e3", B("lt", P("result"), L("decimal", 1000.0))),
        ("result le -0.5", B("le", P("result"), L("decimal", -0.5))),
        ("result EQ 5", B("eq", P("result"), L("int", 5))),
        ("name eq 'it''s a quote'", B("eq", P("name"), L("string", "it's a quote"))),
        ("name eq ''", B("eq", P("name"), L("string", ""))),
        (
            "description eq 'utf-8: 水位高度'",
            B("eq", P("description"), L("string", "utf-8: 水位高度")),
        ),
        ("result eq true", B("eq", P("result"), L("bool", True))),
        ("result eq False", B("eq", P("result"), L("bool", False))),
        ("result eq null", B("eq", P("result"), L("null", None))),
        (
            "Datastream/Thing/name eq 'P2C'",
            B("eq", P("Datastream", "Thing", "name"), L("string", "P2C")),
        ),
        ("Datastream/@iot.id eq 1", B("eq", P("Datastream", "@iot.id"), L("int", 1))),
        ("properties/owner eq 'BPBD'", B("eq", P("properties", "owner"), L("string", "BPBD"))),
        (
            "properties/array[1][2] gt 3",
            B("gt", P("properties", "array", "[1]", "[2]"), L("int", 3)),
        ),
        (
            "unitOfMeasurement/name eq 'centimetre'",
            B("eq", P("unitOfMeasurement", "name"), L("string", "centimetre")),
        ),
        ("(result sub 5) gt 10", B("gt", B("sub", P("result"), L("int", 5)), L("int", 10))),
        ("result mod 2 eq 0", B("eq", B("mod", P("result"), L("int", 2)), L("int", 0))),
        ("-result lt 3", B("lt", Negate(P("result")), L("int", 3))),
        ("not (result eq 5)", Not(B("eq", P("result"), L("int", 5)))),
        ("isActive", P("isActive")),
    ],
)
def test_comparisons_literals_and_paths(text, expected):
    assert parse_filter(text) == expected


def test_arithmetic_precedence_is_left_to_right_within_a_level():
    # 14 div (result add 1) mod 3 mul 3 eq 3  ==  ((14 div (result add 1)) mod 3) mul 3 eq 3
    expected = B(
        "eq",
        B(
            "mul",
            B("mod", B("div", L("int", 14), B("add", P("result"), L("int", 1))), L("int", 3)),
            L("int", 3),
        ),
        L("int", 3),
    )
    assert parse_filter("14 div (result add 1) mod 3 mul 3 eq 3") == expected


def test_mul_binds_tighter_than_add():
    assert parse_filter("a add b mul c eq 1") == B(
        "eq", B("add", P("a"), B("mul", P("b"), P("c"))), L("int", 1)
    )


def test_and_binds_tighter_than_or_and_not_tighter_than_and():
    a, b, c = (B("eq", P(n), L("int", 1)) for n in "abc")
    assert parse_filter("a eq 1 or b eq 1 and c eq 1") == B("or", a, B("and", b, c))
    assert parse_filter("a eq 1 and b eq 1 or c eq 1") == B("or", B("and", a, b), c)
    assert parse_filter("(a eq 1 or b eq 1) and c eq 1") == B("and", B("or", a, b), c)
    assert parse_filter("not a eq 1 and b eq 1") == B("and", Not(a), b)
    assert parse_filter("not not a eq 1") == Not(Not(a))


def test_comparison_binds_looser_than_arithmetic():
    assert parse_filter("a add 1 gt b sub 2") == B(
        "gt", B("add", P("a"), L("int", 1)), B("sub", P("b"), L("int", 2))
    )


def test_datetimes_need_a_zone_and_keep_it():
    assert parse_filter("phenomenonTime gt 2015-10-14T23:30:00.104+02:00") == B(
        "gt",
        P("phenomenonTime"),
        L("datetime", dt.datetime(2015, 10, 14, 23, 30, 0, 104000, PLUS2)),
    )
    assert parse_filter("resultTime le 2024-01-31T08:00:00Z").right.value == dt.datetime(
        2024, 1, 31, 8, tzinfo=UTC
    )
    assert parse_filter("resultTime le 2024-01-31T08:00+0700").right.value == dt.datetime(
        2024, 1, 31, 8, tzinfo=WIB
    )
    # more than six fractional digits are cut to microseconds
    assert parse_filter("t eq 2024-01-31T08:00:00.123456789Z").right.value.microsecond == 123456


def test_a_datetime_without_zone_is_refused_with_a_clear_message():
    with pytest.raises(QueryError) as info:
        parse_filter("phenomenonTime gt 2015-10-14T23:30:00")
    error = info.value
    assert error.position == 18
    assert error.option == "$filter"
    assert "no time zone" in error.message
    assert "add Z (UTC) or an offset such as +07:00" in error.message


def test_dates_durations_and_intervals():
    assert parse_filter("date(resultTime) eq 2024-01-31") == B(
        "eq", F("date", P("resultTime")), L("date", dt.date(2024, 1, 31))
    )
    assert parse_filter("time gt 2015-10-14T23:30:00.104+02:00 add duration'P1D'") == B(
        "gt",
        P("time"),
        B(
            "add",
            L("datetime", dt.datetime(2015, 10, 14, 23, 30, 0, 104000, PLUS2)),
            L("duration", dt.timedelta(days=1)),
        ),
    )
    assert parse_filter("t gt now() sub duration'PT1H30M'").right.right.value == dt.timedelta(
        minutes=90
    )
    assert parse_filter("t gt now() sub duration'P1W2DT3.5S'").right.right.value == dt.timedelta(
        days=9, seconds=3.5
    )
    start = dt.datetime(2015, 10, 14, 1, 1, 1, tzinfo=PLUS2)
    end = dt.datetime(2015, 10, 14, 23, 30, 0, 104000, tzinfo=PLUS2)
    interval = parse_filter(
        "phenomenonTime eq 2015-10-14T01:01:01.000+02:00/2015-10-14T23:30:00.104+02:00"
    ).right
    assert interval == L("interval", Interval(start, end))
    assert parse_filter(
        "phenomenonTime eq 2015-10-14T01:01:01.000+02:00/P1D"
    ).right.value == Interval(start, start + dt.timedelta(days=1))
    assert parse_filter(
        "phenomenonTime eq P1D/2015-10-14T01:01:01.000+02:00"
    ).right.value == Interval(start - dt.timedelta(days=1), start)


@pytest.mark.parametrize(
    ("text", "fragment", "position"),
    [
        ("t eq duration'P1M'", "years or months", 5),
        ("t eq duration'1D'", "not an ISO 8601 duration", 5),
        ("t eq duration'P'", "not an ISO 8601 duration", 5),
        ("t eq 2024-13-01T00:00:00Z", "not a valid date and time", 5),
        ("t eq 2024-02-30", "not a valid date", 5),
        ("t eq 2024-01-02T00:00:00Z/2024-01-01T00:00:00Z", "ends before it starts", 5),
        ("t eq 2024-01-01T00:00:00Z/2024-01-02T00:00:00", "no time zone", 5),
        ("st_within(location, geography'POLYGON((1 2, 3')", "not valid WKT", 20),
        ("st_within(location, geography'POINT(200 0)')", "outside the Earth's bounds", 20),
        ("st_within(location, geography'POINT EMPTY')", "empty", 20),
    ],
)
def test_bad_times_and_geographies_are_named(text, fragment, position):
    with pytest.raises(QueryError) as info:
        parse_filter(text)
    assert fragment in info.value.message
    assert info.value.position == position


@pytest.mark.parametrize(
    "name",
    [
        "substringof", "endswith", "startswith", "contains", "indexof", "concat",
        "geo.distance", "geo.intersects", "st_equals", "st_disjoint", "st_touches", "st_within",
        "st_overlaps", "st_crosses", "st_intersects", "st_contains",
    ],
)  # fmt: skip
def test_two_argument_functions(name):
    assert parse_filter(f"{name}(a, b)") == F(name, P("a"), P("b"))


@pytest.mark.parametrize(
    "name",
    [
        "length", "tolower", "toupper", "trim", "year", "month", "day", "hour", "minute", "second",
        "fractionalseconds", "date", "time", "totaloffsetminutes", "round", "floor", "ceiling",
        "geo.length",
    ],
)  # fmt: skip
def test_one_argument_functions(name):
    assert parse_filter(f"{name}(a) eq 1") == B("eq", F(name, P("a")), L("int", 1))


def test_other_function_shapes():
    assert parse_filter("phenomenonTime lt now()") == B("lt", P("phenomenonTime"), F("now"))
    assert parse_filter("t gt mindatetime() and t lt maxdatetime()") == B(
        "and", B("gt", P("t"), F("mindatetime")), B("lt", P("t"), F("maxdatetime"))
    )
    assert parse_filter("substring(name, 1) eq 'a'").left == F("substring", P("name"), L("int", 1))
    assert parse_filter("substring(name, 1, 2) eq 'a'").left == F(
        "substring", P("name"), L("int", 1), L("int", 2)
    )
    assert parse_filter("st_relate(a, b, 'T********')") == F(
        "st_relate", P("a"), P("b"), L("string", "T********")
    )
    assert parse_filter("ToLower(name) eq 'a'").left == F("tolower", P("name"))
    assert parse_filter("round(result add 0.1) eq 2") == B(
        "eq", F("round", B("add", P("result"), L("decimal", 0.1))), L("int", 2)
    )
    nested = parse_filter("length(trim(concat(name, description))) gt 3")
    assert nested.left == F("length", F("trim", F("concat", P("name"), P("description"))))


def test_geography_literals_are_wkt_longitude_first():
    call = parse_filter(
        "st_within(location, geography'POLYGON((106.9 -6.3, 107.1 -6.3, 107.1 -6.2, 106.9 -6.3))')"
    )
    polygon = call.args[1]
    assert polygon.kind == "geography"
    assert polygon.value.geom_type == "Polygon"
    assert polygon.value.bounds == (106.9, -6.3, 107.1, -6.2)
    point = parse_filter("geo.distance(location, geography'POINT(106.99 -6.24)') lt 500").left.args[
        1
    ]
    assert (point.value.x, point.value.y) == (106.99, -6.24)
    line = parse_filter("geo.length(geography'LINESTRING(7.5 51.5, 7.5 53.5)') gt 1").left.args[0]
    assert line.value.geom_type == "LineString"
    assert parse_filter("st_within(location, geometry'POINT(1 2)')").args[1].kind == "geography"


@pytest.mark.parametrize(
    ("text", "message", "position"),
    [
        ("", "$filter: expected an expression at position 0, found the end of the input", 0),
        ("   ", "$filter: expected an expression at position 3, found the end of the input", 3),
        (
            "result eq",
            "$filter: expected a property, a literal, a function or '(' at position 9, "
            "found the end of the input",
            9,
        ),
        (
            "result eq 5 name",
            "$filter: expected an operator (and, or, eq, add, ...) or the end of the expression "
            "at position 12, found 'name'",
            12,
        ),
        (
            "(result eq 5",
            "$filter: expected ')' to close the '(' opened at position 0 at position 12, "
            "found the end of the input",
            12,
        ),
        (
            "result eq 'abc",
            "$filter: the string that starts here is not closed with ' (at position 10)",
            10,
        ),
        (
            "result eq 5 eq 6",
            "$filter: expected and, or, ')' or the end (comparisons do not chain) at position 12,"
            " found 'eq'",
            12,
        ),
        ("result # 5", "$filter: unexpected character '#' (at position 7)", 7),
        ("nosuch(result) eq 1", "$filter: unknown function 'nosuch' at position 0", 0),
        ("length(a, b) eq 1", "$filter: length takes 1 argument(s), not 2 (at position 0)", 0),
        (
            "substring(a) eq 'x'",
            "$filter: substring takes 2 or 3 argument(s), not 1 (at position 0)",
            0,
        ),
        ("now(1) gt t", "$filter: now takes 0 argument(s), not 1 (at position 0)", 0),
        (
            "Datastream/ 1 eq 1",
            "$filter: expected a property name after '/' at position 12, found '1'",
            12,
        ),
        (
            "result eq 12abc",
            "$filter: 12abc is not a number, a date or a time (at position 10)",
            10,
        ),
        (
            "a eq 1 and",
            "$filter: expected a property, a literal, a function or '(' at position 10,"
            " found the end of the input",
            10,
        ),
        (
            "contains(name 'x')",
            "$filter: expected ',' or ')' in the call of contains at position 14, found \"'x'\"",
            14,
        ),
    ],
)
def test_syntax_errors_say_what_was_expected_and_where(text, message, position):
    with pytest.raises(QueryError) as info:
        parse_filter(text)
    assert info.value.message == message
    assert info.value.position == position
    assert info.value.as_dict() == {"message": message, "option": "$filter", "position": position}


def test_nesting_and_size_limits_are_errors_not_crashes():
    with pytest.raises(QueryError, match="nested levels"):
        parse_filter("(" * 500 + "a eq 1" + ")" * 500)
    with pytest.raises(QueryError, match="nested levels"):
        parse_filter("not " * 500 + "a eq 1")
    with pytest.raises(QueryError, match="at most 1000 operators"):
        parse_filter(" or ".join(["a eq 1"] * 600))
    with pytest.raises(QueryError, match="40 of them arithmetic"):
        parse_filter("a" + " add 1" * 41 + " eq 1")
    assert isinstance(parse_filter(" or ".join(f"id eq {i}" for i in range(400))), BinaryOp)
