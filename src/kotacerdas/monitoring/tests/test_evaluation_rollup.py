"""Roll-ups from activities to the city: weights, blank children, verified data only,
a bounded number of queries."""

from decimal import Decimal

import pytest

from kotacerdas.masterplan.models import Dimension, Element
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    PriorityProgramFactory,
    ProgramFactory,
)
from kotacerdas.monitoring.models import EvaluationConfig, RealisationStatus
from kotacerdas.monitoring.selectors import evaluation as selectors
from kotacerdas.monitoring.tests.factories import (
    IndicatorValueFactory,
    RealisationFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 2026
HUNDRED = D("100")
BUDGET = D("100000000")
HALF = D("50")


def scored_activity(
    *,
    program=None,
    value=None,
    target=HUNDRED,
    budget=BUDGET,
    status=RealisationStatus.VERIFIED,
    quarter=4,
    direction="higher",
    aggregation="last",
    progress=HALF,
    **kwargs,
):
    """An activity with a budget, one indicator with a target and (optionally) a value."""
    activity = ActivityFactory(program=program, **kwargs) if program else ActivityFactory(**kwargs)
    if budget is not None:
        BudgetAllocationFactory(activity=activity, year=YEAR, amount=budget)
    indicator = IndicatorFactory(activity=activity, direction=direction, aggregation=aggregation)
    if target is not None:
        IndicatorTargetFactory(indicator=indicator, year=YEAR, value=target)
    if value is not None:
        realisation = RealisationFactory(
            activity=activity,
            period=ReportingPeriodFactory(year=YEAR, quarter=quarter),
            status=status,
            physical_progress=progress,
        )
        IndicatorValueFactory(realisation=realisation, indicator=indicator, value=value)
    return activity


def element_row(city, element):
    for dimension in city.dimensions:
        for row in dimension.elements:
            if row.element.pk == element.pk:
                return dimension, row
    raise AssertionError("element not in the evaluation")


def test_activity_score_is_the_indicator_achievement():
    activity = scored_activity(value=D("80"))
    element = activity.elements.get()
    city = selectors.evaluation_city(year=YEAR)
    _dimension, row = element_row(city, element)
    assert row.achievement == D("80.00")
    assert row.band.label == "Baik"
    assert (row.counted, row.blank) == (1, 0)


def test_drafts_submitted_and_returned_realisations_do_not_count():
    for status in (
        RealisationStatus.DRAFT,
        RealisationStatus.SUBMITTED,
        RealisationStatus.RETURNED,
    ):
        scored_activity(value=D("80"), status=status)
    city = selectors.evaluation_city(year=YEAR)
    assert city.achievement is None
    assert (city.counted, city.blank) == (0, 3)


def test_locked_realisation_counts():
    scored_activity(value=D("95"), status=RealisationStatus.LOCKED)
    city = selectors.evaluation_city(year=YEAR)
    assert city.achievement == D("95.00")
    assert city.band.label == "Sangat Baik"


def test_blank_activities_are_excluded_and_counted_not_zero():
    program = ProgramFactory()
    scored_activity(program=program, value=D("90"))
    scored_activity(program=program, value=D("70"))
    scored_activity(program=program, value=None)
    city = selectors.evaluation_city(year=YEAR)
    assert city.achievement == D("80.00")
    assert (city.counted, city.blank) == (2, 1)
    dimension = next(d for d in city.dimensions if d.counted or d.blank)
    assert (dimension.counted, dimension.blank) == (2, 1)


def test_budget_weighting_is_the_default_and_equal_weighting_on_request():
    program = ProgramFactory()
    scored_activity(program=program, value=D("100"), budget=D("300"))
    scored_activity(program=program, value=D("60"), budget=D("100"))
    assert selectors.evaluation_city(year=YEAR).achievement == D("90.00")
    equal = selectors.evaluation_city(year=YEAR, weighting="equal")
    assert equal.weighting == "equal"
    assert equal.achievement == D("80.00")


def test_weight_shares_are_shown_for_counted_children():
    program = ProgramFactory()
    scored_activity(program=program, value=D("100"), budget=D("300"))
    scored_activity(program=program, value=D("60"), budget=D("100"))
    city = selectors.evaluation_city(year=YEAR)
    _dimension, row = element_row(city, program.activities.first().elements.get())
    pp_node = row.children[0]
    program_node = pp_node.children[0]
    assert sorted(child.share for child in program_node.children) == [D("25.0"), D("75.0")]
    assert row.weight == D("400")


def test_unknown_weighting_falls_back_to_budget():
    assert selectors.evaluation_city(year=YEAR, weighting="zzz").weighting == "budget"


def test_physical_progress_scores_an_activity_without_indicator_values():
    activity = ActivityFactory()
    BudgetAllocationFactory(activity=activity, year=YEAR)
    RealisationFactory(
        activity=activity,
        period=ReportingPeriodFactory(year=YEAR, quarter=2),
        status=RealisationStatus.VERIFIED,
        physical_progress=D("40"),
    )
    # up to quarter 2, 50% is expected: 40 / 50
    assert selectors.evaluation_city(year=YEAR, quarter=2).achievement == D("80.00")
    # the whole year expects 100%
    assert selectors.evaluation_city(year=YEAR).achievement == D("40.00")


def test_indicator_without_a_target_for_the_year_falls_back_to_progress():
    scored_activity(value=D("80"), target=None, progress=D("90"))
    assert selectors.evaluation_city(year=YEAR).achievement == D("90.00")


def test_cap_of_the_year_applies():
    scored_activity(value=D("300"))
    assert selectors.evaluation_city(year=YEAR).achievement == D("120.00")
    EvaluationConfig.objects.create(year=YEAR, achievement_cap=D("105"))
    assert selectors.evaluation_city(year=YEAR).achievement == D("105.00")


def test_bands_of_the_year_apply():
    scored_activity(value=D("80"))
    EvaluationConfig.objects.create(
        year=YEAR,
        bands=[
            {"min": 0, "label": "Merah", "colour": "#b91c1c"},
            {"min": 85, "label": "Hijau", "colour": "#1a7f37"},
        ],
    )
    city = selectors.evaluation_city(year=YEAR)
    assert city.band.label == "Merah"
    assert city.band.colour == "#b91c1c"


def test_lower_is_better_indicator_is_inverted_in_the_rollup():
    scored_activity(value=D("50"), target=D("40"), direction="lower")
    assert selectors.evaluation_city(year=YEAR).achievement == D("80.00")


def test_cumulative_indicator_sums_quarters_against_a_prorated_target():
    activity = ActivityFactory()
    BudgetAllocationFactory(activity=activity, year=YEAR)
    indicator = IndicatorFactory(activity=activity, aggregation="cumulative")
    IndicatorTargetFactory(indicator=indicator, year=YEAR, value=D("100"))
    for quarter, value in ((1, D("20")), (2, D("20"))):
        realisation = RealisationFactory(
            activity=activity,
            period=ReportingPeriodFactory(year=YEAR, quarter=quarter),
            status=RealisationStatus.VERIFIED,
        )
        IndicatorValueFactory(realisation=realisation, indicator=indicator, value=value)
    assert selectors.evaluation_city(year=YEAR, quarter=2).achievement == D("80.00")
    assert selectors.evaluation_city(year=YEAR, quarter=1).achievement == D("80.00")
    assert selectors.evaluation_city(year=YEAR).achievement == D("40.00")


def test_every_dimension_and_element_is_listed_even_when_blank():
    city = selectors.evaluation_city(year=YEAR)
    assert [d.dimension.code for d in city.dimensions] == list(
        Dimension.objects.order_by("order").values_list("code", flat=True)
    )
    assert sum(len(d.elements) for d in city.dimensions) == Element.objects.count()
    assert city.achievement is None
    assert city.band is None


def test_priority_program_tagged_elements_take_precedence():
    gov, eco = Dimension.objects.get(code="GOV"), Dimension.objects.get(code="ECO")
    pp = PriorityProgramFactory(dimension=eco)
    target_element = Element.objects.filter(dimension=eco).order_by("order").last()
    pp.elements.set([target_element])
    program = ProgramFactory(priority_program=pp)
    scored_activity(
        program=program, value=D("70"), elements=[Element.objects.filter(dimension=gov).first()]
    )
    city = selectors.evaluation_city(year=YEAR)
    dimension, row = element_row(city, target_element)
    assert row.achievement == D("70.00")
    assert dimension.dimension.code == "ECO"
    gov_row = next(d for d in city.dimensions if d.dimension.code == "GOV")
    assert gov_row.achievement is None


def test_other_years_data_does_not_count():
    scored_activity(value=D("80"), quarter=1)
    assert selectors.evaluation_city(year=YEAR + 1).achievement is None


def _build(n):
    program = ProgramFactory()
    for i in range(n):
        scored_activity(program=program, value=D(50 + i % 50))


def test_city_rollup_query_count_does_not_grow_with_activities(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _build(5)
    with CaptureQueriesContext(connection) as small:
        selectors.evaluation_city(year=YEAR)
    _build(45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        city = selectors.evaluation_city(year=YEAR)
    assert city.counted == 50
    assert len(small.captured_queries) <= 10
