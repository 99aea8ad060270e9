"""The compiler's SQL runs: filters compiled against an existing model of the project
(complaints.Case: text, integer, float, datetime, boolean and JSON columns, and relations),
checked by which rows match. Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import math

import pytest

from kotacerdas.complaints.models import Case
from kotacerdas.complaints.tests.factories import CaseFactory
from kotacerdas.sensing.sta.query import QueryError, parse_filter, parse_query
from kotacerdas.sensing.sta.query.compiler import compile_filter, compile_orderby

from .sample import POINTS, RESOLVER

pytestmark = pytest.mark.django_db


def matching(cases, text: str, entity: str = "Observation") -> set[str]:
    q = compile_filter(parse_filter(text), RESOLVER, entity)
    ids = set(Case.objects.filter(q).values_list("pk", flat=True))
    return {name for name, case in cases.items() if case.pk in ids}


BEKASI = (
    "geography'POLYGON((106.95 -6.30, 107.05 -6.30, 107.05 -6.20, 106.95 -6.20, 106.95 -6.30))'"
)
HOLE = (
    "geography'POLYGON((106.95 -6.30, 107.05 -6.30, 107.05 -6.20, 106.95 -6.20, 106.95 -6.30),"
    "(107.01 -6.25, 107.04 -6.25, 107.04 -6.22, 107.01 -6.22, 107.01 -6.25))'"
)
# A concave "L": the notch at the top right holds Bekasi Timur.
L_SHAPE = (
    "geography'POLYGON((106.95 -6.30, 107.05 -6.30, 107.05 -6.25, 107.00 -6.25, 107.00 -6.20,"
    " 106.95 -6.20, 106.95 -6.30))'"
)

CASES = [
    # comparison and logic
    ("rating eq 5", {"timur"}),
    ("rating ne 5", {"barat", "monas"}),  # ne keeps nulls, as in OData
    ("rating gt 2", {"timur"}),
    ("rating ge 2", {"timur", "barat"}),
    ("rating lt 5", {"barat"}),
    ("rating le 5", {"timur", "barat"}),
    ("rating eq null", {"monas"}),
    ("null ne rating", {"timur", "barat"}),
    ("5 eq rating", {"timur"}),
    ("2 lt rating", {"timur"}),
    ("rating eq 2 or rating eq 5 and name eq 'x'", {"barat"}),
    ("(rating eq 2 or rating eq 5) and startswith(name, 'Banjir')", {"timur"}),
    # two-valued logic: a comparison with null is false, so `not` keeps the null rows
    ("not rating eq 5", {"barat", "monas"}),
    ("not (rating eq 5 or rating eq 2)", {"monas"}),
    ("not rating gt 2", {"barat", "monas"}),
    ("not (rating add 1 gt 2)", {"monas"}),
    ("not properties/source eq 'warga'", {"barat", "monas"}),
    ("not contains(properties/source, 'ar')", {"barat", "monas"}),
    ("not phenomenonTime eq 2024-01-15T00:00:00Z/P1D", {"barat", "monas"}),
    ("isOverdue", {"timur"}),
    ("isOverdue eq false", {"barat", "monas"}),
    ("(rating gt 3) eq true", {"timur"}),
    ("name eq 'jalan berlubang 100%_besar'", {"barat"}),
    ("name eq '  O''Brien  '", {"monas"}),
    ("id eq " + "{timur}", {"timur"}),
    ("@iot.id eq " + "{barat}", {"barat"}),
    # arithmetic
    ("rating add 1 eq 6", {"timur"}),
    ("rating sub 1 eq 1", {"barat"}),
    ("rating mul 2 eq 10", {"timur"}),
    ("rating div 2 eq 2", {"timur"}),  # integer division, as in SQL and OData for integers
    ("rating div 2.0 eq 2.5", {"timur"}),
    ("rating mod 2 eq 1", {"timur"}),
    ("rating mod 3 eq 2", {"timur", "barat"}),
    ("rating div (rating sub 2) eq 1", {"timur"}),  # 5/3 = 1; barat divides by zero -> null
    ("-rating lt -3", {"timur"}),
    ("latitude gt -6.23", {"barat", "monas"}),
    ("14 div (rating add 1) mod 3 mul 3 eq 3", {"barat"}),  # (14 div 3) mod 3 mul 3 = 3
    # result: a number against numbers, a text against texts, JSON against booleans
    ("result gt 3", {"timur"}),
    ("result eq 'Banjir di Jl. Ahmad Yani'", {"timur"}),
    ("result eq null", set()),
    ("substringof('berlubang', result)", {"barat"}),
    ("result add 1 eq 3", {"barat"}),
    # strings
    ("substringof('Ahmad', name)", {"timur"}),
    ("contains(name, '100%_')", {"barat"}),
    ("contains(name, '%')", {"barat"}),
    ("contains(name, '_')", {"barat"}),  # LIKE wildcards are escaped
    ("startswith(name, 'jalan')", {"barat"}),
    ("endswith(description, 'cm')", {"timur"}),
    ("length(description) eq 6", {"barat"}),
    ("indexof(name, 'di') eq 7", {"timur"}),
    ("indexof(name, 'zzz') eq -1", {"timur", "barat", "monas"}),
    ("substring(name, 1) eq 'anjir di Jl. Ahmad Yani'", {"timur"}),
    ("substring(name, 0, 6) eq 'Banjir'", {"timur"}),
    ("substring(description, rating, 3) eq 'ban'", {"barat"}),
    ("tolower(name) eq 'banjir di jl. ahmad yani'", {"timur"}),
    ("toupper(description) eq 'LUBANG'", {"barat"}),
    ("trim(name) eq 'O''Brien'", {"monas"}),
    ("concat(concat(description, '/'), name) eq 'Lubang/jalan berlubang 100%_besar'", {"barat"}),
    ("length(concat('ab', 'cd')) eq 4", {"timur", "barat", "monas"}),
    # date and time (stored instants are read in UTC)
    ("phenomenonTime eq 2024-01-15T08:30:15.250Z", {"timur"}),
    ("phenomenonTime eq 2024-01-15T15:30:15.250+07:00", {"timur"}),
    ("phenomenonTime gt 2024-01-15T08:30:15.250Z", {"barat"}),
    ("phenomenonTime ge 2024-01-15T08:30:15.250Z add duration'P1D'", {"barat"}),
    ("phenomenonTime add duration'PT1H' gt 2024-01-17T12:00:00Z", {"barat"}),
    ("phenomenonTime sub duration'P2D' gt 2024-01-15T00:00:00Z", {"barat"}),
    ("phenomenonTime eq 2024-01-15T00:00:00Z/2024-01-16T00:00:00Z", {"timur"}),
    ("phenomenonTime eq 2024-01-15T00:00:00Z/P1D", {"timur"}),
    ("phenomenonTime lt 2024-01-15T00:00:00Z/P1D", {"monas"}),
    ("phenomenonTime gt 2024-01-15T00:00:00Z/P1D", {"barat"}),
    ("year(phenomenonTime) eq 2024", {"timur", "barat"}),
    ("month(phenomenonTime) eq 12", {"monas"}),
    ("day(phenomenonTime) eq 17", {"barat"}),
    ("hour(phenomenonTime) eq 8", {"timur", "monas"}),
    ("minute(phenomenonTime) eq 30", {"timur", "barat", "monas"}),
    ("second(phenomenonTime) eq 15", {"timur", "barat", "monas"}),
    ("fractionalseconds(phenomenonTime) eq 0.25", {"timur", "barat", "monas"}),
    ("date(phenomenonTime) eq 2024-01-17", {"barat"}),
    ("phenomenonTime lt now()", {"timur", "barat", "monas"}),
    (
        "phenomenonTime gt mindatetime() and phenomenonTime lt maxdatetime()",
        {"timur", "barat", "monas"},
    ),
    ("totaloffsetminutes(phenomenonTime) eq 0", {"timur", "barat", "monas"}),
    ("totaloffsetminutes(2024-01-15T08:30:00+07:00) eq 420", {"timur", "barat", "monas"}),
    # math
    ("round(latitude) eq -6", {"timur", "barat", "monas"}),
    ("floor(latitude) eq -7", {"timur", "barat", "monas"}),
    ("ceiling(latitude mul 10) eq -62", {"timur", "barat"}),
    ("round(rating div 2.0) eq 3", {"timur"}),
    # JSON properties
    ("properties/depth gt 20", {"timur"}),
    ("properties/depth eq 12.5", {"barat"}),
    ("properties/source eq 'warga'", {"timur"}),
    ("properties/source ne 'warga'", {"barat", "monas"}),
    ("properties/tags[0] eq 'kali'", {"timur"}),
    ("properties/ok eq true", {"timur"}),
    ("properties/source eq null", {"monas"}),
    ("toupper(properties/source) eq 'PETUGAS'", {"barat"}),
    # navigation
    ("Category/name eq 'Banjir'", {"timur"}),
    ("Category/Agency/code eq 'BPBD'", {"timur"}),
    ("startswith(Category/code, 'jal') and rating eq null", {"monas"}),
    # geospatial on lat/lon columns
    (f"st_within(location, {BEKASI})", {"timur", "barat"}),
    (f"geo.intersects(location, {BEKASI})", {"timur", "barat"}),
    (f"st_intersects({BEKASI}, location)", {"timur", "barat"}),
    (f"st_contains({BEKASI}, location)", {"timur", "barat"}),
    (f"st_disjoint(location, {BEKASI})", {"monas"}),
    (f"st_within(location, {HOLE})", {"barat"}),
    (f"st_within(location, {L_SHAPE})", {"barat"}),
    ("st_equals(location, geography'POINT(107.0231 -6.2362)')", {"timur"}),
    ("geo.distance(location, geography'POINT(107.0231 -6.2362)') lt 100", {"timur"}),
    ("geo.distance(location, geography'POINT(107.0231 -6.2362)') lt 5000", {"timur", "barat"}),
    ("geo.distance(location, geography'POINT(107.0231 -6.2362)') gt 20000", {"monas"}),
    ("geo.length(geography'LINESTRING(107 -6, 107 -6.1)') gt 11000", {"timur", "barat", "monas"}),
    (f"st_overlaps({BEKASI}, geography'POINT(107 -6.25)')", set()),
    (
        "st_relate(geography'POINT(107 -6.25)', " + BEKASI + ", 'T*F**F***')",
        {"timur", "barat", "monas"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:70] for c in CASES])
def test_filter_selects_the_expected_rows(cases, text, expected):
    text = text.format(**{name: case.pk for name, case in cases.items()})
    assert matching(cases, text) == expected


def test_rows_without_a_location_match_no_spatial_predicate(cases):
    nowhere = CaseFactory(lat=None, lng=None, title="Tanpa lokasi")
    cases = {**cases, "nowhere": nowhere}
    assert matching(cases, f"st_within(location, {BEKASI})") == {"timur", "barat"}
    assert matching(cases, f"st_disjoint(location, {BEKASI})") == {"monas"}
    assert matching(cases, f"not st_within(location, {BEKASI})") == {"monas", "nowhere"}
    assert matching(cases, "st_disjoint(location, geography'POINT(107.0231 -6.2362)')") == {
        "barat",
        "monas",
    }
    assert matching(cases, "location eq null") == {"nowhere"}
    assert matching(cases, "geo.distance(location, geography'POINT(107 -6)') gt 0") == {
        "timur",
        "barat",
        "monas",
    }


def test_a_polygon_with_the_maximum_of_vertices_runs(cases):
    # a 499-gon (plus the closing point) around Bekasi Timur, radius about 0.01 degrees
    lat, lon = POINTS["timur"]
    ring = [
        (lon + 0.01 * math.cos(2 * math.pi * i / 499), lat + 0.01 * math.sin(2 * math.pi * i / 499))
        for i in range(499)
    ]
    wkt = ", ".join(f"{x:.6f} {y:.6f}" for x, y in [*ring, ring[0]])
    assert matching(cases, f"st_within(location, geography'POLYGON(({wkt}))')") == {"timur"}
    with pytest.raises(QueryError, match="more than 500 points"):
        parse_filter(f"st_within(location, geography'POLYGON(({wkt}, {wkt}))')")


def test_distance_is_in_metres(cases):
    from kotacerdas.sensing.sta.query.geo import haversine, haversine_sql

    expr = haversine_sql("lat", "lng", *POINTS["timur"])
    got = Case.objects.annotate(d=expr).get(pk=cases["barat"].pk).d
    assert got == pytest.approx(haversine(*POINTS["barat"], *POINTS["timur"]), rel=1e-9)
    assert 3_700 < got < 3_900  # Bekasi Barat to Bekasi Timur, about 3.8 km


def test_orderby_compiles_in_any_case_and_sorts(cases):
    query = parse_query({"$orderby": "rating DESC, name Asc"})
    terms = compile_orderby(query.orderby, RESOLVER, "Observation")
    order = [
        c.pk for c in Case.objects.filter(pk__in=[c.pk for c in cases.values()]).order_by(*terms)
    ]
    with_rating = [pk for pk in order if pk != cases["monas"].pk]
    assert with_rating == [cases["timur"].pk, cases["barat"].pk]


@pytest.mark.parametrize("text", ["-1", "2", "1 add 2", "'name'", "now()"])
def test_orderby_refuses_constants_that_sql_would_read_as_column_numbers(text):
    query = parse_query({"$orderby": text})
    with pytest.raises(QueryError, match="cannot sort by a constant"):
        compile_orderby(query.orderby, RESOLVER, "Observation")


def test_orderby_result_sorts_by_number_then_text(cases):
    query = parse_query({"$orderby": "result asc,Category/name desc"})
    terms = compile_orderby(query.orderby, RESOLVER, "Observation")
    assert len(terms) == 3
    list(Case.objects.order_by(*terms))


def test_expand_options_compile_against_the_target(cases):
    query = parse_query({"$expand": "Category($filter=startswith(name,'Ban');$orderby=name desc)"})
    item = query.expand[0]
    q = compile_filter(item.options.filter, RESOLVER, "Category")
    from kotacerdas.complaints.models import Category

    assert list(Category.objects.filter(q).values_list("code", flat=True)) == ["banjir"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("nosuch eq 1", "Observation has no property 'nosuch'"),
        ("Category eq 1", "leads to Category"),
        ("name/sub eq 'x'", "has no sub-properties"),
        ("name eq 1", "cannot compare a string with a number"),
        ("phenomenonTime eq 'x'", "cannot compare a datetime with a string"),
        ("length(rating) eq 1", "expected a text"),
        ("year(name) eq 1", "year expects a date and time"),
        ("rating div 0 eq 1", "division by zero"),
        ("rating", "expected a true/false condition"),
        ("rating gt null", "null can only be compared with eq or ne"),
        ("st_within(name, geography'POINT(1 2)')", "needs a location property"),
        ("st_touches(location, " + BEKASI + ")", "not supported for locations"),
        ("st_within(location, geography'LINESTRING(1 2, 3 4)')", "not LineString"),
        ("geo.distance(location, " + BEKASI + ") lt 1", "between points only"),
        ("st_relate(location, " + BEKASI + ", 'T********')", "two geography"),
        ("substring(name, -1) eq 'x'", "zero or more"),
        ("substring(name, 1.5) eq 'x'", "whole numbers"),
        ("location eq 1", "cannot compare a point"),
    ],
)
def test_compile_errors_name_the_problem(cases, text, fragment):
    with pytest.raises(QueryError) as info:
        matching(cases, text)
    assert fragment in info.value.message
    assert info.value.option == "$filter"
    assert info.value.position is not None


def test_the_largest_allowed_expressions_run(cases):
    """At the parser's limits (40 arithmetic operators, 30 nested levels, 1000 operators) the
    compiled query still runs: no RecursionError in Python, no parser stack overflow in SQLite."""
    arithmetic = "rating" + " add 1" * 40 + " eq 45"
    assert matching(cases, arithmetic) == {"timur"}
    nested = "tolower(" * 29 + "name" + ")" * 29 + " eq 'banjir di jl. ahmad yani'"
    assert matching(cases, nested) == {"timur"}
    ors = " or ".join(f"rating eq {i}" for i in range(3, 500))
    assert matching(cases, ors) == {"timur"}
    deep = "(" * 10 + "not " * 10 + "length(" + "trim(" * 8 + "name" + ")" * 9
    deep += " add 1" * 40 + " eq 64" + ")" * 10
    assert matching(cases, deep) == {"timur"}
    with pytest.raises(QueryError, match="at most 30 nested levels"):
        parse_filter("(" * 10 + "not " * 10 + "length(" + "trim(" * 10 + "name" + ")" * 21)
