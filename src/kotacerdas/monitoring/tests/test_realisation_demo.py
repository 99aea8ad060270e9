import decimal

import pytest
from django.db.models import Count, Sum

from kotacerdas.core.models import AuditEvent
from kotacerdas.masterplan.models import Activity, BudgetAllocation, IndicatorTarget
from kotacerdas.monitoring.demo import realisation as demo
from kotacerdas.monitoring.models import (
    IndicatorValue,
    Realisation,
    RealisationStatus,
    ReportingPeriod,
)
from kotacerdas.monitoring.selectors.progress import latest_progress_by_activity

pytestmark = pytest.mark.django_db
S = RealisationStatus


@pytest.fixture
def demo_plan():
    from kotacerdas.core.demo import accounts, stakeholders
    from kotacerdas.masterplan import demo as masterplan_demo

    stakeholders.load()
    accounts.load()
    masterplan_demo.load()
    return list(Activity.objects.filter(is_demo=True))


def test_demo_without_activities_writes_nothing():
    demo.load()
    assert not Realisation.objects.exists()
    assert not ReportingPeriod.objects.exists()


def test_demo_realisation_spread_and_idempotence(demo_plan):
    events_before = AuditEvent.objects.count()
    demo.load()
    activities = len(demo_plan)
    by_quarter = dict(Realisation.objects.values_list("period__quarter").annotate(n=Count("pk")))
    assert by_quarter[1] == by_quarter[2] == by_quarter[3] == activities
    assert 0 < by_quarter[4] < activities
    statuses = set(
        Realisation.objects.filter(period__quarter__lte=3).values_list("status", flat=True)
    )
    assert statuses == {S.VERIFIED}
    q4 = set(Realisation.objects.filter(period__quarter=4).values_list("status", flat=True))
    assert q4 == {S.SUBMITTED, S.DRAFT}
    assert not Realisation.objects.filter(is_demo=False).exists()

    # A spread of performance: against the 75 % expected at the end of quarter 3.
    progress = latest_progress_by_activity([a.pk for a in demo_plan], 2026)
    lagging = sum(1 for value in progress.values() if value < 55)
    on_track = sum(1 for value in progress.values() if value >= 65)
    assert on_track > activities / 2
    assert activities * 0.15 < lagging < activities * 0.5
    assert Realisation.objects.exclude(inhibiting_factors="").count() > 0
    assert Realisation.objects.exclude(problems="").filter(period__quarter=3).count() == lagging

    # Budgets never above the allocation; indicator values within their maximum.
    allocation = dict(
        BudgetAllocation.objects.filter(year=2026)
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values_list("activity_id", "total")
    )
    for activity_id, budget in Realisation.objects.values_list("activity_id", "budget_realised"):
        assert budget is not None and budget <= allocation[activity_id]
    for value, maximum in IndicatorValue.objects.values_list("value", "indicator__max_value"):
        assert maximum is None or value <= maximum
    # Quarter 4, higher is better, cumulative or last value: some above target, many below.
    targets = dict(IndicatorTarget.objects.filter(year=2026).values_list("indicator_id", "value"))
    q4_values = IndicatorValue.objects.filter(
        realisation__period__quarter=4,
        indicator__direction="higher",
        indicator__aggregation__in=["cumulative", "last"],
    ).values_list("indicator_id", "value")
    above = sum(1 for iid, value in q4_values if value >= targets[iid])
    below = sum(1 for iid, value in q4_values if value < targets[iid])
    assert 0 < above < below

    locked = ReportingPeriod.objects.filter(is_locked=True).values_list("quarter", "lock_reason")
    assert sorted(locked) == [
        (1, "Laporan semester I telah disampaikan"),
        (2, "Laporan semester I telah disampaikan"),
    ]
    assert AuditEvent.objects.count() - events_before == 4  # 2 batches + 2 period locks

    count = Realisation.objects.count()
    values = list(Realisation.objects.order_by("pk").values_list("physical_progress", flat=True))
    demo.load()
    assert Realisation.objects.count() == count
    assert list(Realisation.objects.order_by("pk").values_list("physical_progress", flat=True)) == (
        values
    )
    assert AuditEvent.objects.count() - events_before == 4


def test_demo_leaves_quarter_4_to_the_demo_officers(demo_plan):
    demo.load()
    dinkes = [a for a in demo_plan if a.agency and a.agency.code == "DINKES"]
    assert dinkes
    q4 = Realisation.objects.filter(activity__in=dinkes, period__quarter=4)
    assert q4.count() < len(dinkes)
    assert set(q4.values_list("status", flat=True)) <= {S.DRAFT}


def test_demo_is_deterministic(demo_plan):
    demo.load()
    first = list(
        Realisation.objects.order_by(
            "activity__code", "activity_id", "period__quarter"
        ).values_list("physical_progress", "budget_realised", "status")
    )
    Realisation.objects.all().delete()
    ReportingPeriod.objects.all().delete()
    demo.load()
    second = list(
        Realisation.objects.order_by(
            "activity__code", "activity_id", "period__quarter"
        ).values_list("physical_progress", "budget_realised", "status")
    )
    assert first == second
    assert decimal.Decimal("0") < first[0][0]
