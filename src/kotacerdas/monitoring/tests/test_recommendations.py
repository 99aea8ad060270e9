"""Recommendation services and selectors: who may raise, follow up, close and carry over;
scoping of officers; overdue list; nothing changes on a refused or bad call."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.masterplan.models import Dimension
from kotacerdas.monitoring.models import FollowUp, Recommendation, RecommendationStatus
from kotacerdas.monitoring.selectors import recommendations as selectors
from kotacerdas.monitoring.services.recommendations import (
    follow_up_add,
    recommendation_carry_over,
    recommendation_raise,
    recommendation_set_status,
)
from kotacerdas.monitoring.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def council():
    return UserFactory(roles=[Role.COUNCIL_MEMBER])


def team():
    return UserFactory(roles=[Role.TEAM_MEMBER])


def raise_one(actor, **overrides):
    data = {
        "source": "council",
        "title": "Percepat integrasi layanan",
        "year": 2026,
        "owner_agency": AgencyFactory(),
        "due_date": TODAY + dt.timedelta(days=30),
    }
    data.update(overrides)
    return recommendation_raise(actor=actor, **data)


def test_council_member_raises_a_council_recommendation_audited():
    actor = council()
    agency = AgencyFactory()
    dimension = Dimension.objects.get(code="GOV")
    r = raise_one(actor, owner_agency=agency, dimension=dimension, quarter=2, description=" x ")
    r.refresh_from_db()
    assert (r.source, r.title, r.year, r.quarter) == (
        "council",
        "Percepat integrasi layanan",
        2026,
        2,
    )
    assert (r.owner_agency, r.dimension, r.status, r.created_by) == (
        agency,
        dimension,
        "open",
        actor,
    )
    assert r.description == "x"
    event = AuditEvent.objects.get(object_type="monitoring.Recommendation", object_id=str(r.pk))
    assert event.action == "create"


@pytest.mark.parametrize(
    "role", [Role.COUNCIL_SECRETARIAT, Role.TEAM_MEMBER, Role.ADMINISTRATOR, Role.COUNCIL_MEMBER]
)
def test_each_raising_role_may_raise_for_its_body(role):
    source = "team" if role == Role.TEAM_MEMBER else "council"
    raise_one(UserFactory(roles=[role]), source=source)
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_officer_and_executive_cannot_raise_nothing_written(factory):
    with pytest.raises(PermissionDenied):
        raise_one(factory())
    assert Recommendation.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="monitoring.Recommendation").exists()


def test_team_member_cannot_raise_in_the_councils_name():
    with pytest.raises(PermissionDenied):
        raise_one(team(), source="council")
    assert Recommendation.objects.count() == 0


def test_raise_without_title_or_owner_is_refused_with_messages():
    with pytest.raises(ValidationError) as exc:
        raise_one(council(), title="  ", owner_agency=None, owner_team="")
    assert exc.value.message_dict == {
        "title": ["Judul wajib diisi."],
        "owner_agency": ["Pilih Perangkat Daerah atau isi tim penanggung jawab."],
    }
    assert Recommendation.objects.count() == 0


def test_raise_with_two_owners_or_bad_quarter_is_refused():
    with pytest.raises(ValidationError) as exc:
        raise_one(council(), owner_team="Tim X", quarter=5)
    assert set(exc.value.message_dict) == {"owner_team", "quarter"}
    assert Recommendation.objects.count() == 0


def test_raise_for_a_team_owner():
    r = raise_one(team(), source="team", owner_agency=None, owner_team="Pokja Smart Governance")
    assert r.owner_team == "Pokja Smart Governance"


def test_owner_officer_adds_follow_up_and_status_moves_to_in_progress():
    agency = AgencyFactory()
    r = RecommendationFactory(owner_agency=agency)
    officer = OfficerFactory(agency=agency)
    follow_up = follow_up_add(
        actor=officer, recommendation=r, date=TODAY, note=" Rapat koordinasi ", progress=30
    )
    r.refresh_from_db()
    assert (follow_up.note, follow_up.progress, follow_up.created_by) == (
        "Rapat koordinasi",
        30,
        officer,
    )
    assert r.status == RecommendationStatus.IN_PROGRESS
    actions = list(
        AuditEvent.objects.filter(object_type__startswith="monitoring.").values_list(
            "object_type", "action"
        )
    )
    assert actions == [("monitoring.FollowUp", "create"), ("monitoring.Recommendation", "update")]


def test_officer_of_another_agency_cannot_follow_up_nothing_changed():
    r = RecommendationFactory(owner_agency=AgencyFactory())
    with pytest.raises(PermissionDenied):
        follow_up_add(actor=OfficerFactory(), recommendation=r, date=TODAY, note="x", progress=10)
    r.refresh_from_db()
    assert r.status == RecommendationStatus.OPEN
    assert FollowUp.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_officer_cannot_follow_up_a_team_owned_recommendation():
    r = RecommendationFactory(owner_team="Tim Pelaksana")
    with pytest.raises(PermissionDenied):
        follow_up_add(actor=OfficerFactory(), recommendation=r, date=TODAY, note="x", progress=1)
    assert FollowUp.objects.count() == 0


def test_team_member_follows_up_any_recommendation():
    r = RecommendationFactory(owner_agency=AgencyFactory())
    follow_up_add(actor=team(), recommendation=r, date=TODAY, note="Dipantau", progress=5)
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    ("note", "progress", "date", "field"),
    [
        ("", 10, TODAY, "note"),
        ("x", 101, TODAY, "progress"),
        ("x", -1, TODAY, "progress"),
        ("x", 10, TODAY + dt.timedelta(days=1), "date"),
    ],
)
def test_bad_follow_up_is_refused_nothing_written(note, progress, date, field):
    r = RecommendationFactory(owner_agency=AgencyFactory())
    with pytest.raises(ValidationError) as exc:
        follow_up_add(actor=team(), recommendation=r, date=date, note=note, progress=progress)
    assert list(exc.value.message_dict) == [field]
    r.refresh_from_db()
    assert r.status == RecommendationStatus.OPEN
    assert FollowUp.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_follow_up_on_a_done_recommendation_is_refused():
    r = RecommendationFactory(status=RecommendationStatus.DONE)
    with pytest.raises(ValidationError):
        follow_up_add(actor=team(), recommendation=r, date=TODAY, note="x", progress=10)
    assert FollowUp.objects.count() == 0


def test_set_status_done_records_the_reason_in_the_timeline():
    r = RecommendationFactory()
    recommendation_set_status(actor=team(), recommendation=r, status="done", reason="Tuntas")
    r.refresh_from_db()
    assert r.status == "done"
    entry = r.follow_ups.get()
    assert entry.note == "Status diubah menjadi Selesai. Alasan: Tuntas"
    assert entry.progress == 100
    event = AuditEvent.objects.get(action="status")
    assert event.changes["status"] == ["open", "done"]
    assert event.changes["reason"] == "Tuntas"


def test_dropping_needs_a_reason():
    r = RecommendationFactory()
    with pytest.raises(ValidationError) as exc:
        recommendation_set_status(actor=team(), recommendation=r, status="dropped", reason=" ")
    assert exc.value.message_dict == {"reason": ["Alasan pembatalan wajib diisi."]}
    r.refresh_from_db()
    assert r.status == "open"
    assert FollowUp.objects.count() == 0


def test_unknown_or_same_status_is_refused():
    r = RecommendationFactory()
    for status in ("selesai", "open"):
        with pytest.raises(ValidationError):
            recommendation_set_status(actor=team(), recommendation=r, status=status, reason="x")
    assert AuditEvent.objects.count() == 0


def test_officer_cannot_change_status_nothing_changed():
    agency = AgencyFactory()
    r = RecommendationFactory(owner_agency=agency)
    with pytest.raises(PermissionDenied):
        recommendation_set_status(
            actor=OfficerFactory(agency=agency), recommendation=r, status="done"
        )
    r.refresh_from_db()
    assert r.status == "open"
    assert AuditEvent.objects.count() == 0


def test_carry_over_copies_open_and_in_progress_once():
    open_one = RecommendationFactory(year=2025, due_date=dt.date(2025, 11, 30))
    in_progress = RecommendationFactory(
        year=2025, status="in_progress", due_date=dt.date(2024, 2, 29)
    )
    RecommendationFactory(year=2025, status="done")
    RecommendationFactory(year=2025, status="dropped")
    RecommendationFactory(year=2024)
    carried = recommendation_carry_over(actor=team(), from_year=2025, to_year=2026)
    assert sorted(c.carried_from_id for c in carried) == sorted([open_one.pk, in_progress.pk])
    copy = Recommendation.objects.get(carried_from=open_one)
    assert (copy.year, copy.due_date, copy.status, copy.title) == (
        2026,
        dt.date(2026, 11, 30),
        "open",
        open_one.title,
    )
    assert Recommendation.objects.get(carried_from=in_progress).status == "in_progress"
    assert AuditEvent.objects.filter(action="carry_over").count() == 2

    again = recommendation_carry_over(actor=team(), from_year=2025, to_year=2026)
    assert again == []
    assert Recommendation.objects.filter(year=2026).count() == 2
    assert AuditEvent.objects.filter(action="carry_over").count() == 2


def test_carry_over_refused_for_officer_and_backwards_years():
    RecommendationFactory(year=2025)
    with pytest.raises(PermissionDenied):
        recommendation_carry_over(actor=OfficerFactory(), from_year=2025, to_year=2026)
    with pytest.raises(ValidationError):
        recommendation_carry_over(actor=team(), from_year=2025, to_year=2025)
    assert Recommendation.objects.count() == 1
    assert AuditEvent.objects.count() == 0


def test_officer_lists_only_their_agencys_recommendations():
    agency = AgencyFactory()
    mine = RecommendationFactory(owner_agency=agency)
    RecommendationFactory(owner_agency=AgencyFactory())
    RecommendationFactory(owner_team="Tim")
    officer = OfficerFactory(agency=agency)
    assert list(selectors.recommendation_list(actor=officer)) == [mine]
    assert selectors.recommendation_list(actor=council()).count() == 3
    assert selectors.recommendation_list(actor=ExecutiveFactory()).count() == 3
    assert selectors.recommendation_list(actor=AdminFactory()).count() == 3


def test_list_filters():
    agency = AgencyFactory()
    a = RecommendationFactory(owner_agency=agency, year=2025, source="council", title="Banjir")
    RecommendationFactory(year=2026, status="done", title="Lain")
    actor = council()
    assert list(selectors.recommendation_list(actor=actor, year=2025)) == [a]
    assert list(selectors.recommendation_list(actor=actor, source="council")) == [a]
    assert list(selectors.recommendation_list(actor=actor, agency_id=agency.pk)) == [a]
    assert list(selectors.recommendation_list(actor=actor, search="banj")) == [a]
    assert selectors.recommendation_list(actor=actor, status="done").count() == 1


def test_overdue_lists_past_due_open_and_in_progress_not_carried():
    late = RecommendationFactory(due_date=TODAY - dt.timedelta(days=1))
    late_progress = RecommendationFactory(
        due_date=TODAY - dt.timedelta(days=10), status="in_progress"
    )
    RecommendationFactory(due_date=TODAY)  # due today is not overdue
    RecommendationFactory(due_date=TODAY - dt.timedelta(days=3), status="done")
    RecommendationFactory(due_date=TODAY - dt.timedelta(days=3), status="dropped")
    carried = RecommendationFactory(due_date=TODAY - dt.timedelta(days=3), year=2025)
    RecommendationFactory(carried_from=carried, year=2026, due_date=TODAY + dt.timedelta(days=300))
    overdue = list(selectors.recommendation_overdue(actor=council()))
    assert overdue == [late_progress, late]


def test_recommendation_get_outside_scope_is_404():
    from django.http import Http404

    r = RecommendationFactory(owner_agency=AgencyFactory())
    with pytest.raises(Http404):
        selectors.recommendation_get(actor=OfficerFactory(), pk=r.pk)
    assert selectors.recommendation_get(actor=council(), pk=r.pk) == r
