"""$expand, $select, $orderby, $top, $skip, $count, $resultFormat and whole-query checks."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from kotacerdas.sensing.sta.query import (
    BinaryOp,
    EntityType,
    Field,
    Limits,
    Literal,
    Navigation,
    OrderBy,
    Path,
    Query,
    QueryError,
    Resolver,
    ResultField,
    check_query,
    parse_query,
    parse_query_string,
)


def P(*segments: str) -> Path:
    return Path(tuple(segments))


def error_of(params) -> QueryError:
    with pytest.raises(QueryError) as info:
        parse_query(params) if isinstance(params, dict) else parse_query_string(params)
    return info.value


def test_defaults():
    query = parse_query({})
    assert query == Query(top=100)
    assert (query.top, query.top_given, query.skip, query.count, query.filter) == (
        100,
        False,
        0,
        None,
        None,
    )


def test_top_skip_count_result_format():
    query = parse_query(
        {"$top": "10", "$skip": "20", "$count": "TRUE", "$resultFormat": "dataArray"}
    )
    assert (query.top, query.top_given, query.skip, query.count, query.result_format) == (
        10,
        True,
        20,
        True,
        "dataArray",
    )
    assert parse_query({"$count": "False"}).count is False
    assert parse_query({"$top": "0"}).top == 0
    assert parse_query({"$top": "10000"}).top == 10000
    assert parse_query({"$resultformat": "DATAARRAY"}).result_format == "dataArray"


def test_top_above_the_maximum_names_the_maximum():
    error = error_of({"$top": "1000000"})
    assert error.message == "$top: 1000000 is more than the maximum of 10000 (at position 0)"
    assert error.option == "$top"
    assert error_of_limits({"$top": "501"}, Limits(max_top=500)).message.endswith(
        "maximum of 500 (at position 0)"
    )


def error_of_limits(params, limits) -> QueryError:
    with pytest.raises(QueryError) as info:
        parse_query(params, limits)
    return info.value


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"$top": "-1"},
            "$top: expected a whole number of zero or more, found '-1' (at position 0)",
        ),
        (
            {"$top": "ten"},
            "$top: expected a whole number of zero or more, found 'ten' (at position 0)",
        ),
        (
            {"$skip": "1.5"},
            "$skip: expected a whole number of zero or more, found '1.5' (at position 0)",
        ),
        (
            {"$top": ""},
            "$top: expected a whole number of zero or more, found the end of the input"
            " (at position 0)",
        ),
        ({"$count": "yes"}, "$count: expected true or false, found 'yes' (at position 0)"),
        (
            {"$resultFormat": "csv"},
            "$resultFormat: the only result format is dataArray, found 'csv' (at position 0)",
        ),
    ],
)
def test_bad_numbers_and_flags(params, message):
    assert error_of(params).message == message


def test_unknown_options_are_refused_and_other_parameters_ignored():
    error = error_of({"$foo": "1"})
    assert error.option == "$foo"
    assert error.position is None
    assert "unknown query option" in error.message
    assert parse_query({"foo": "bar", "format": "json"}) == Query()


def test_option_names_are_case_insensitive_and_querydicts_work():
    query = parse_query(QueryDict("$TOP=5&$Filter=result%20gt%203&$orderBy=id"))
    assert query.top == 5
    assert query.filter == BinaryOp("gt", P("result"), Literal("int", 3))


def test_raw_query_strings_are_percent_decoded():
    query = parse_query_string("$filter=name%20eq%20%27a%26b%27&$top=3")
    assert query.filter == BinaryOp("eq", P("name"), Literal("string", "a&b"))
    assert query.top == 3


def test_select_properties_ids_and_navigation():
    query = parse_query({"$select": "@iot.id, id,name,Datastreams,properties/owner"})
    assert query.select == (
        P("@iot.id"),
        P("id"),
        P("name"),
        P("Datastreams"),
        P("properties", "owner"),
    )
    assert error_of({"$select": "name,"}).message == (
        "$select: expected a property name at position 5, found the end of the input"
    )
    assert error_of({"$select": "name description"}).message == (
        "$select: expected ',' or the end of the list at position 5, found 'description'"
    )


@pytest.mark.parametrize("word", ["desc", "DESC", "Desc", "dEsC"])
def test_orderby_direction_in_any_case(word):
    query = parse_query({"$orderby": f"phenomenonTime {word},@iot.id ASC, name"})
    assert query.orderby == (
        OrderBy(P("phenomenonTime"), True),
        OrderBy(P("@iot.id"), False),
        OrderBy(P("name"), False),
    )


def test_orderby_takes_expressions_and_reports_errors():
    query = parse_query({"$orderby": "Datastream/@iot.id, length(name) desc, result add 1"})
    assert query.orderby[0] == OrderBy(P("Datastream", "@iot.id"))
    assert query.orderby[1].descending is True
    error = error_of({"$orderby": "name sideways"})
    assert error.message == (
        "$orderby: expected asc, desc, ',' or the end of the list at position 5, found 'sideways'"
    )
    assert error_of({"$orderby": ""}).position == 0


def test_expand_with_nested_options():
    query = parse_query(
        {
            "$expand": "Datastreams($filter=result gt 5;$top=3;"
            "$expand=Observations($orderby=phenomenonTime desc)),Locations"
        }
    )
    datastreams, locations = query.expand
    assert datastreams.navigation == "Datastreams"
    assert datastreams.options.top == 3
    assert datastreams.options.filter == BinaryOp("gt", P("result"), Literal("int", 5))
    (observations,) = datastreams.options.expand
    assert observations.navigation == "Observations"
    assert observations.options.orderby == (OrderBy(P("phenomenonTime"), True),)
    assert observations.options.top == 100
    assert locations.navigation == "Locations"
    assert locations.options == Query()


def test_expand_slash_paths_nest():
    (item,) = parse_query({"$expand": "Datastreams/Observations($top=1)"}).expand
    assert item.navigation == "Datastreams"
    (inner,) = item.options.expand
    assert inner.navigation == "Observations"
    assert inner.options.top == 1


def test_expand_options_may_hold_semicolons_and_parentheses_in_strings():
    (item,) = parse_query({"$expand": "Things($filter=name eq 'a;b)(c';$select=name)"}).expand
    assert item.options.filter.right == Literal("string", "a;b)(c")
    assert item.options.select == (P("name"),)


def test_expand_errors_are_positioned_in_the_whole_value():
    value = "Datastreams($filter=result gt;$top=1)"
    error = error_of({"$expand": value})
    assert error.option == "$expand/$filter"
    assert error.position == value.index(";")
    error = error_of({"$expand": "Datastreams($top=20000)"})
    assert error.message == "$expand/$top: 20000 is more than the maximum of 10000 (at position 17)"
    error = error_of({"$expand": "Datastreams($top=1"})
    assert "expected ')' to close the options of Datastreams" in error.message
    error = error_of({"$expand": "Datastreams(top=1)"})
    assert "expected an option such as $filter=... inside the parentheses" in error.message
    error = error_of({"$expand": "Datastreams,,Things"})
    assert error.position == 12
    error = error_of({"$expand": "Datastreams($top=1;$top=2)"})
    assert "given twice" in error.message


def test_expand_depth_limit_stops_loops():
    ok = "Things/Datastreams/Thing/Datastreams/Thing"
    assert parse_query({"$expand": ok}).expand[0].navigation == "Things"
    error = error_of({"$expand": ok + "/Datastreams"})
    assert error.message == "$expand: $expand is nested more than 5 levels deep (at position 0)"
    loop = "Thing($expand=" * 6 + "Datastreams" + ")" * 6
    error = error_of({"$expand": loop})
    assert "nested more than 5 levels deep" in error.message
    assert error.position == len("Thing($expand=") * 5
    deep = parse_query({"$expand": loop}, Limits(max_expand_depth=7))
    assert deep.expand[0].navigation == "Thing"


RESOLVER = Resolver(
    [
        EntityType(
            "Thing",
            {"id": Field("id", "int"), "name": Field("name", "string")},
            {"Datastreams": Navigation("datastreams", "Datastream")},
        ),
        EntityType(
            "Datastream",
            {"id": Field("id", "int"), "name": Field("name", "string")},
            {
                "Thing": Navigation("thing", "Thing"),
                "Observations": Navigation("observations", "Observation"),
            },
        ),
        EntityType(
            "Observation",
            {
                "id": Field("id", "int"),
                "result": ResultField("result_number", "result_string", "result_json"),
            },
            {"Datastream": Navigation("datastream", "Datastream")},
        ),
    ]
)


def test_check_query_accepts_a_valid_query():
    query = parse_query(
        {
            "$select": "@iot.id,name,Datastreams",
            "$filter": "Datastreams/Observations/result gt 3",
            "$expand": "Datastreams($select=id;$expand=Observations($filter=result eq 'x';"
            "$orderby=result desc))",
        }
    )
    check_query(query, RESOLVER, "Thing")


@pytest.mark.parametrize(
    ("params", "option", "fragment"),
    [
        ({"$select": "id,nope"}, "$select", "Thing has no property 'nope'"),
        (
            {"$expand": "Datastreams,Sensors"},
            "$expand",
            "Thing has no navigation property 'Sensors'",
        ),
        (
            {"$expand": "Datastreams($filter=nope eq 1)"},
            "$expand/$filter",
            "Datastream has no property",
        ),
        ({"$expand": "Datastreams($select=nope)"}, "$expand/$select", "Datastream has no property"),
        (
            {"$expand": "Datastreams/Sensor"},
            "$expand",
            "Datastream has no navigation property 'Sensor'",
        ),
        ({"$orderby": "Datastreams"}, "$orderby", "leads to Datastream"),
    ],
)
def test_check_query_names_unknown_names(params, option, fragment):
    with pytest.raises(QueryError) as info:
        check_query(parse_query(params), RESOLVER, "Thing")
    assert info.value.option == option
    assert fragment in info.value.message
