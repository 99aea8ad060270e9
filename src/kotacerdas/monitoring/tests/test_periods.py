import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.monitoring.models import ReportingPeriod
from kotacerdas.monitoring.services.periods import (
    period_ensure,
    period_lock,
    period_open,
    period_unlock,
)
from kotacerdas.monitoring.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def test_open_creates_the_quarter_and_audits_it(team):
    period = period_open(actor=team, year=2026, quarter=2)
    assert (period.year, period.quarter, period.is_locked) == (2026, 2, False)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor_id) == (
        "create",
        "monitoring.ReportingPeriod",
        team.pk,
    )


def test_open_refuses_a_fifth_quarter(team):
    with pytest.raises(ValidationError) as excinfo:
        period_open(actor=team, year=2026, quarter=5)
    assert excinfo.value.message_dict == {"quarter": ["Triwulan harus 1, 2, 3, atau 4."]}
    assert not ReportingPeriod.objects.exists()


def test_lock_keeps_the_reason_and_audits_it(team):
    period = ReportingPeriodFactory()
    period = period_lock(
        actor=team, period=period, reason="  Laporan semester I telah disampaikan "
    )
    period.refresh_from_db()
    assert (period.is_locked, period.lock_reason) == (
        True,
        "Laporan semester I telah disampaikan",
    )
    event = AuditEvent.objects.get()
    assert event.action == "period.lock"
    assert event.changes == {
        "is_locked": [False, True],
        "lock_reason": ["", "Laporan semester I telah disampaikan"],
    }


def test_lock_needs_a_reason(team):
    period = ReportingPeriodFactory()
    with pytest.raises(ValidationError) as excinfo:
        period_lock(actor=team, period=period, reason="")
    assert excinfo.value.message_dict == {"reason": ["Alasan penguncian wajib diisi."]}
    period.refresh_from_db()
    assert not period.is_locked
    assert not AuditEvent.objects.exists()


def test_locking_a_locked_period_shows_its_reason(team):
    period = ReportingPeriodFactory(is_locked=True, lock_reason="Audit")
    with pytest.raises(ValidationError) as excinfo:
        period_lock(actor=team, period=period, reason="Lagi")
    assert excinfo.value.messages == ["Periode TW 1 2026 dikunci: Audit"]


def test_unlock_clears_the_reason(team):
    period = ReportingPeriodFactory(is_locked=True, lock_reason="Audit")
    period_unlock(actor=team, period=period)
    period.refresh_from_db()
    assert (period.is_locked, period.lock_reason) == (False, "")
    assert AuditEvent.objects.get().action == "period.unlock"


def test_open_on_a_locked_period_is_refused(team):
    ReportingPeriodFactory(is_locked=True, lock_reason="Audit")
    with pytest.raises(ValidationError):
        period_open(actor=team, year=2026, quarter=1)


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
def test_only_team_or_admin_manage_periods(factory):
    period = ReportingPeriodFactory()
    actor = factory()
    for call in (
        lambda: period_open(actor=actor, year=2026, quarter=3),
        lambda: period_lock(actor=actor, period=period, reason="x"),
        lambda: period_unlock(actor=actor, period=period),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert ReportingPeriod.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_admin_may_lock():
    period = period_lock(actor=AdminFactory(), period=ReportingPeriodFactory(), reason="x")
    assert period.is_locked


def test_ensure_creates_once():
    first = period_ensure(year=2026, quarter=4)
    assert period_ensure(year=2026, quarter=4).pk == first.pk
    assert not AuditEvent.objects.exists()
