"""Lifecycle transitions: allowed states, who may act, timeline, audit, optimistic locking."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kotacerdas.complaints.models import (
    Case,
    CaseEvent,
    CaseOutcome,
    CaseState,
    Channel,
    UrcStatus,
)
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.complaints.tests.factories import CategoryFactory, UrcUnitFactory
from kotacerdas.complaints.tests.uploads import exe, png
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    return UserFactory(roles=[Role.CALL_CENTER_AGENT])


@pytest.fixture
def submitted():
    result = case_submit(
        actor=None,
        channel=Channel.WEB,
        category=CategoryFactory(),
        description="Saluran air tersumbat, air meluap ke jalan.",
        address="Jl. Cut Mutia",
        reporter_email="warga@contoh.id",
    )
    return result


def fresh(case):
    return Case.objects.get(pk=case.pk)


def counts():
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


def to_dispatched(agent, case, **target):
    lc.case_verify(actor=agent, case=case, version=case.version)
    target = target or {"agency": case.assigned_agency}
    return lc.case_dispatch(actor=agent, case=case, version=case.version, **target)


def to_resolved(agent, case):
    to_dispatched(agent, case)
    officer = OfficerFactory(agency=case.assigned_agency)
    lc.case_start(actor=officer, case=case, version=case.version)
    lc.case_resolve(
        actor=officer,
        case=case,
        version=case.version,
        note="Sudah dibersihkan.",
        evidence=[png()],
    )
    return officer


def test_the_happy_path_writes_a_timeline_audit_and_sla(agent, submitted):
    case = submitted.case
    assert case.sla_stage == "verify" and case.sla_due_at
    to_resolved(agent, case)
    lc.case_confirm(actor=None, case=case, version=case.version, secret=submitted.reporter_secret)
    case = fresh(case)
    assert (case.state, case.outcome) == (CaseState.CLOSED, CaseOutcome.CONFIRMED)
    assert case.verified_at and case.dispatched_at and case.responded_at and case.resolved_at
    assert case.closed_at and case.version == 6
    transitions = [(e.from_state, e.to_state) for e in case.events.exclude(kind="created")]
    assert transitions == [
        ("received", "verified"),
        ("verified", "dispatched"),
        ("dispatched", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(case.pk)).values_list("action", flat=True)
    )
    assert {
        "complaints.case.verify",
        "complaints.case.resolve",
        "complaints.case.confirm",
    } <= actions
    assert case.attachments.filter(role="evidence").count() == 1
    assert case.sla_stage == "" and case.reopen_until


def test_a_stale_version_is_refused_and_writes_nothing(agent, submitted):
    case = submitted.case
    other_copy = fresh(case)
    lc.case_verify(actor=agent, case=case, version=case.version)
    before = counts()
    with pytest.raises(ValidationError) as info:
        lc.case_verify(actor=agent, case=other_copy, version=other_copy.version)
    assert "baru saja diubah oleh petugas lain" in info.value.messages[0]
    assert counts() == before


def test_a_stale_row_is_caught_by_the_conditional_update(agent, submitted):
    """Both copies pass the in-memory check; the UPDATE ... WHERE version decides."""
    case = submitted.case
    first, second = fresh(case), fresh(case)
    lc.case_verify(actor=agent, case=first, version=1)
    with pytest.raises(ValidationError, match="muat ulang"):
        lc.case_decline(
            actor=agent,
            case=second,
            version=1,
            reason=CaseOutcome.DECLINED_INCOMPLETE,
            note="Kurang lengkap",
        )
    assert fresh(case).state == CaseState.VERIFIED


def test_an_illegal_transition_gives_a_clear_message(agent, submitted):
    case = submitted.case
    officer = OfficerFactory(agency=case.assigned_agency)
    before = counts()
    with pytest.raises(ValidationError, match="tidak dapat dilakukan pada laporan berstatus"):
        lc.case_start(actor=officer, case=case, version=case.version)
    assert counts() == before


def test_decline_closes_with_the_outcome_and_needs_a_note(agent, submitted):
    case = submitted.case
    with pytest.raises(ValidationError):
        lc.case_decline(actor=agent, case=case, version=1, reason="declined_authority", note="")
    with pytest.raises(ValidationError):
        lc.case_decline(actor=agent, case=case, version=1, reason="lain", note="x")
    lc.case_decline(
        actor=agent, case=case, version=1, reason="declined_authority", note="Jalan nasional."
    )
    case = fresh(case)
    assert (case.state, case.outcome, case.decline_note) == (
        "closed",
        "declined_authority",
        "Jalan nasional.",
    )


def test_only_dispatchers_verify_and_officers_act_on_their_own_agency(agent, submitted):
    case = submitted.case
    with pytest.raises(PermissionDenied):
        lc.case_verify(actor=OfficerFactory(agency=case.assigned_agency), case=case, version=1)
    to_dispatched(agent, case)
    with pytest.raises(PermissionDenied):
        lc.case_start(actor=OfficerFactory(), case=case, version=case.version)
    lc.case_start(actor=OfficerFactory(agency=case.assigned_agency), case=case, version=3)


def test_administrators_may_do_everything(submitted):
    admin = AdminFactory()
    case = submitted.case
    to_dispatched(admin, case)
    lc.case_start(actor=admin, case=case, version=case.version)
    assert fresh(case).state == CaseState.IN_PROGRESS


def test_verify_may_correct_category_and_agency_and_records_the_suggestion(agent, submitted):
    case = submitted.case
    suggested = case.assigned_agency
    other = CategoryFactory()
    lc.case_verify(actor=agent, case=case, version=1, category=other, agency=other.default_agency)
    case = fresh(case)
    assert case.category == other and case.assigned_agency == other.default_agency
    event = case.events.get(kind="state")
    assert event.data["suggested_agency_ids"] == [suggested.pk]
    assert event.data["followed_suggestion"] is False


def test_dispatch_to_a_urc_unit_and_the_urc_steps(agent, submitted):
    case = submitted.case
    unit = UrcUnitFactory()
    member = UserFactory(roles=[Role.URC_OFFICER])
    unit.members.add(member)
    to_dispatched(agent, case, urc=unit)
    case = fresh(case)
    assert (case.urc_status, case.assigned_agency) == (UrcStatus.ASSIGNED, unit.agency)
    with pytest.raises(PermissionDenied):
        lc.urc_update(actor=UserFactory(roles=[Role.URC_OFFICER]), case=case, status="accepted")
    lc.urc_update(actor=member, case=case, status="accepted")
    assert case.state == CaseState.IN_PROGRESS and case.responded_at
    lc.urc_update(actor=member, case=case, status="en_route", lat=-6.24, lng=107.0)
    with pytest.raises(ValidationError, match="hanya bisa maju"):
        lc.urc_update(actor=member, case=case, status="accepted")
    lc.urc_update(actor=member, case=case, status="on_site")
    before = counts()
    with pytest.raises(ValidationError) as info:
        lc.urc_update(actor=member, case=case, status="done")
    assert {"evidence", "lat"} <= set(info.value.message_dict)
    assert counts() == before
    lc.urc_update(
        actor=member, case=case, status="done", lat=-6.2362, lng=107.0231, evidence=[png()]
    )
    case = fresh(case)
    assert (case.state, case.urc_status) == (CaseState.RESOLVED, UrcStatus.DONE)
    photo = case.attachments.get(role="evidence")
    assert (photo.lat, photo.lng) == (-6.2362, 107.0231)


def test_resolve_needs_evidence_that_is_an_image_or_pdf(agent, submitted):
    case = submitted.case
    to_dispatched(agent, case)
    officer = OfficerFactory(agency=case.assigned_agency)
    for evidence in ([], [exe()]):
        before = counts()
        with pytest.raises(ValidationError) as info:
            lc.case_resolve(
                actor=officer, case=case, version=case.version, note="Selesai", evidence=evidence
            )
        assert "evidence" in info.value.message_dict
        assert counts() == before


def test_confirm_reopen_and_rate_need_the_reporter_secret(agent, submitted):
    case = submitted.case
    to_resolved(agent, case)
    with pytest.raises(PermissionDenied):
        lc.case_confirm(actor=None, case=case, version=case.version, secret="tebakan")
    lc.case_reopen(
        actor=None,
        case=case,
        version=case.version,
        reason="Masih tersumbat.",
        secret=submitted.reporter_secret,
    )
    case = fresh(case)
    assert (case.state, case.reopened_count, case.resolved_at) == ("in_progress", 1, None)
    officer = OfficerFactory(agency=case.assigned_agency)
    lc.case_resolve(
        actor=officer, case=case, version=case.version, note="Dikeruk lagi.", evidence=[png()]
    )
    with pytest.raises(ValidationError, match="setelah laporan selesai"):
        lc.case_rate(
            actor=None, case=case, version=case.version, rating=5, secret=submitted.reporter_secret
        )
    lc.case_confirm(actor=None, case=case, version=case.version, secret=submitted.reporter_secret)
    with pytest.raises(ValidationError) as info:
        lc.case_rate(
            actor=None, case=case, version=case.version, rating=9, secret=submitted.reporter_secret
        )
    assert "rating" in info.value.message_dict
    lc.case_rate(
        actor=None,
        case=case,
        version=case.version,
        rating=4,
        comment="Cepat",
        secret=submitted.reporter_secret,
    )
    assert fresh(case).rating == 4
    with pytest.raises(ValidationError, match="sudah dinilai"):
        lc.case_rate(
            actor=None, case=case, version=case.version, rating=5, secret=submitted.reporter_secret
        )


def test_reopen_after_the_limit_is_refused(agent, submitted):
    case = submitted.case
    to_resolved(agent, case)
    lc.case_confirm(actor=None, case=case, version=case.version, secret=submitted.reporter_secret)
    Case.objects.filter(pk=case.pk).update(reopen_until=timezone.now() - dt.timedelta(days=1))
    case = fresh(case)
    before = counts()
    with pytest.raises(ValidationError, match="Batas waktu membuka kembali"):
        lc.case_reopen(
            actor=None,
            case=case,
            version=case.version,
            reason="Rusak lagi",
            secret=submitted.reporter_secret,
        )
    assert counts() == before


def test_a_declined_case_cannot_be_reopened(agent, submitted):
    case = submitted.case
    lc.case_decline(actor=agent, case=case, version=1, reason="declined_incomplete", note="x")
    with pytest.raises(ValidationError, match="tidak dapat dibuka kembali"):
        lc.case_reopen(
            actor=None,
            case=case,
            version=case.version,
            reason="?",
            secret=submitted.reporter_secret,
        )


def test_pause_and_resume_stop_the_clock(agent, submitted):
    case = submitted.case
    lc.case_pause(actor=agent, case=case, version=1, reason="Mohon kirim foto lokasi.")
    assert fresh(case).paused_at is not None
    with pytest.raises(ValidationError, match="sudah menunggu"):
        lc.case_pause(actor=agent, case=case, version=case.version, reason="lagi")
    lc.case_resume(actor=agent, case=case, version=case.version)
    case = fresh(case)
    assert case.paused_at is None
    assert list(case.events.values_list("kind", flat=True)) == ["created", "pause", "resume"]


def test_notes_public_or_internal(agent, submitted):
    case = submitted.case
    lc.case_add_note(actor=agent, case=case, note="Sudah ditelepon", public=False)
    lc.case_add_note(actor=agent, case=case, note="Sedang dijadwalkan", public=True)
    assert list(case.events.filter(kind="note").values_list("is_public", flat=True)) == [
        False,
        True,
    ]
    with pytest.raises(PermissionDenied):
        lc.case_add_note(actor=UserFactory(), case=case, note="halo")
    with pytest.raises(ValidationError):
        lc.case_add_note(actor=agent, case=case, note="x" * 2001)
