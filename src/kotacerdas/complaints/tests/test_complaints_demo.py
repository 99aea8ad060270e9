"""The complaints demo ("Contoh"): loads fast enough, is idempotent, cases inside Bekasi in
every state over the 12 kecamatan, some overdue, merged duplicates, the routing model trained."""

import time

import pytest
from django.db.models import Count, F

from kotacerdas.complaints import demo
from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseOutcome,
    CaseState,
    Category,
    CategoryAttribute,
    RoutingModel,
    UrcUnit,
)
from kotacerdas.complaints.routing import suggest
from kotacerdas.core import geo
from kotacerdas.core.demo import accounts
from kotacerdas.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (
            Case,
            CaseEvent,
            Category,
            CategoryAttribute,
            UrcUnit,
            RoutingModel,
            AuditEvent,
        )
    ]


def test_demo_loads_once_fast_with_every_state_inside_bekasi(capsys):
    accounts.load()
    suggest.clear_cache()
    started = time.perf_counter()
    summary = demo.load()
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\ncomplaints demo: {summary['cases']} cases in {seconds:.1f} s")
    assert summary["cases"] == demo.DEMO_CASES and summary["categories"] >= 15

    cases = Case.objects.all()
    assert cases.count() == demo.DEMO_CASES and not cases.filter(is_demo=False).exists()
    assert not cases.exclude(title__endswith="(Contoh)").exists()
    assert set(cases.values_list("state", flat=True)) == set(CaseState.values)
    outcomes = set(cases.values_list("outcome", flat=True))
    assert {CaseOutcome.CONFIRMED, CaseOutcome.AUTO_CLOSED, CaseOutcome.DUPLICATE} <= outcomes
    assert cases.filter(is_overdue=True).exclude(state=CaseState.CLOSED).count() > 10
    assert cases.filter(merged_into__isnull=False, outcome=CaseOutcome.DUPLICATE).count() > 10
    assert cases.filter(rating__isnull=False).count() > 100
    assert cases.values("kecamatan").distinct().count() == 12
    assert cases.values("channel").distinct().count() == 5
    assert cases.values("assigned_agency").distinct().count() >= 12
    assert cases.filter(assigned_urc__isnull=False).exists()
    # Points lie in Bekasi, in the kelurahan recorded on the case.
    points = cases.order_by("pk").values_list("lat", "lng", "kelurahan__code")
    for lat, lng, kelurahan in list(points)[::10]:
        kecamatan_and_kelurahan = geo.locate_point(lat, lng)
        assert kecamatan_and_kelurahan and kecamatan_and_kelurahan[1].code == kelurahan
    # Timelines: a created event per case, milestones in order.
    assert CaseEvent.objects.filter(kind="created").count() == demo.DEMO_CASES
    assert not cases.filter(verified_at__lt=F("received_at")).exists()
    assert not cases.filter(resolved_at__lt=F("responded_at")).exists()
    # One audit event for the batch, a trained routing model, the URC member.
    assert AuditEvent.objects.filter(action="demo.load").count() == 1
    model = RoutingModel.objects.get(is_active=True)
    assert model.accuracy_top1 > 0.8
    assert suggest.suggest_agencies("Jalan berlubang", "jln rusak berlubang")[0][1] == (
        "Dinas Bina Marga dan Sumber Daya Air"
    )
    damkar = UrcUnit.objects.get(name="URC Damkar (Contoh)")
    assert damkar.members.filter(username="urc.damkar").exists()
    assert Category.objects.get(code="kebakaran").attributes.filter(required=True).exists()
    per_category = Case.objects.values("category").annotate(n=Count("id"))
    assert min(row["n"] for row in per_category) > 10

    before = counts()
    again = demo.load()
    assert again["cases"] == 0 and again["categories"] == 0 and again["urc_units"] == 0
    assert counts() == before
