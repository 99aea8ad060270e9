import decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory, UserFactory
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)
from kotacerdas.monitoring.models import IndicatorValue, Realisation, RealisationStatus
from kotacerdas.monitoring.services.periods import period_lock
from kotacerdas.monitoring.services.realisation import (
    RealisationConflict,
    parse_decimal,
    realisation_lock,
    realisation_return,
    realisation_save_draft,
    realisation_submit,
    realisation_verify,
)
from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

D = decimal.Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def activity():
    activity = ActivityFactory()
    BudgetAllocationFactory(activity=activity, year=2026, amount=D("100000000"))
    return activity


@pytest.fixture
def officer(activity):
    return OfficerFactory(agency=activity.agency)


@pytest.fixture
def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


@pytest.fixture
def period():
    return ReportingPeriodFactory(year=2026, quarter=1)


def save(actor, activity, period, data, version=None):
    return realisation_save_draft(
        actor=actor, activity=activity, period=period, data=data, expected_version=version
    )


def test_save_draft_creates_a_realisation_with_values_and_an_audit_event(officer, activity, period):
    indicator = IndicatorFactory(activity=activity, unit="%", max_value=D("100"))
    realisation = save(
        officer,
        activity,
        period,
        {
            "physical_progress": "25,5",
            "budget_realised": "20.000.000",
            "problems": "  Lelang ulang  ",
            "indicator_values": {indicator.pk: "40"},
        },
    )
    assert (realisation.physical_progress, realisation.budget_realised) == (
        D("25.50"),
        D("20000000.00"),
    )
    assert realisation.problems == "Lelang ulang"
    assert (realisation.status, realisation.version) == (RealisationStatus.DRAFT, 1)
    assert list(realisation.indicator_values.values_list("value", flat=True)) == [D("40")]
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.actor_id) == (
        "create",
        "monitoring.Realisation",
        officer.pk,
    )
    assert event.changes["indicator_values"] == {indicator.code: "40.0000"}


def test_save_draft_update_bumps_the_version_and_audits_the_diff(officer, activity, period):
    realisation = save(officer, activity, period, {"physical_progress": "10"})
    updated = save(officer, activity, period, {"physical_progress": "20"}, version=1)
    assert (updated.pk, updated.version, updated.physical_progress) == (
        realisation.pk,
        2,
        D("20.00"),
    )
    event = AuditEvent.objects.order_by("seq").last()
    assert event.action == "update"
    assert event.changes["physical_progress"] == ["10.00", "20.00"]
    assert event.changes["version"] == [1, 2]


def test_two_officers_from_the_same_version_the_second_gets_a_conflict(activity, period):
    first, second = OfficerFactory(agency=activity.agency), OfficerFactory(agency=activity.agency)
    realisation = RealisationFactory(activity=activity, period=period, physical_progress=D("5"))
    save(first, activity, period, {"physical_progress": "30"}, version=realisation.version)
    events = AuditEvent.objects.count()
    with pytest.raises(RealisationConflict) as excinfo:
        save(second, activity, period, {"physical_progress": "70"}, version=realisation.version)
    assert str(excinfo.value) == "Data ini telah diubah oleh pengguna lain; muat ulang halaman."
    realisation.refresh_from_db()
    assert (realisation.physical_progress, realisation.version) == (D("30.00"), 2)
    assert AuditEvent.objects.count() == events


def test_creating_again_without_a_version_is_a_conflict(officer, activity, period):
    save(officer, activity, period, {"physical_progress": "10"})
    with pytest.raises(RealisationConflict):
        save(officer, activity, period, {"physical_progress": "99"}, version=None)
    assert Realisation.objects.get().physical_progress == D("10.00")


def test_progress_above_100_is_refused_and_nothing_written(officer, activity, period):
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "100,5"})
    assert excinfo.value.message_dict == {
        "physical_progress": ["Progres fisik harus antara 0 dan 100 %."]
    }
    assert not Realisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_negative_money_is_refused_and_nothing_written(officer, activity, period):
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "10", "budget_realised": "-5000"})
    assert excinfo.value.message_dict == {
        "budget_realised": ["Realisasi anggaran tidak boleh negatif."]
    }
    assert not Realisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_budget_above_the_allocation_is_refused_with_both_amounts(officer, activity, period):
    BudgetAllocationFactory(activity=activity, year=2026, source="apbn", amount=D("50000000"))
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"budget_realised": "150000001"})
    assert excinfo.value.message_dict == {
        "budget_realised": [
            "Realisasi anggaran Rp 150.000.001 melebihi pagu kegiatan tahun 2026 (Rp 150.000.000)."
        ]
    }
    assert not Realisation.objects.exists()


def test_indicator_value_above_its_maximum_is_refused(officer, activity, period):
    indicator = IndicatorFactory(
        activity=activity, name="Cakupan layanan", unit="%", max_value=D("100")
    )
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"indicator_values": {indicator.pk: "101"}})
    assert excinfo.value.message_dict == {
        "indicator_values": ["Nilai indikator Cakupan layanan melebihi 100 %."]
    }
    assert not Realisation.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_indicator_of_another_activity_is_refused(officer, activity, period):
    other = IndicatorFactory()
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"indicator_values": {other.pk: "1"}})
    assert excinfo.value.message_dict == {
        "indicator_values": [f"Indikator {other.pk} bukan indikator kegiatan ini."]
    }


def test_not_a_number_is_refused(officer, activity, period):
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "separuh"})
    assert excinfo.value.message_dict == {
        "physical_progress": ["Progres fisik harus berupa angka."]
    }


def test_officer_of_another_agency_is_denied_and_nothing_changes(activity, period):
    realisation = RealisationFactory(activity=activity, period=period, physical_progress=D("5"))
    stranger = OfficerFactory()
    with pytest.raises(PermissionDenied) as excinfo:
        save(stranger, activity, period, {"physical_progress": "90"}, version=1)
    assert str(excinfo.value) == (
        "Anda hanya boleh mengisi realisasi kegiatan Perangkat Daerah Anda sendiri."
    )
    realisation.refresh_from_db()
    assert (realisation.physical_progress, realisation.version) == (D("5.00"), 1)
    assert not AuditEvent.objects.exists()


def test_executive_and_team_cannot_enter_an_agency_realisation(activity, period, team):
    from kotacerdas.core.tests.factories import ExecutiveFactory

    for actor in (ExecutiveFactory(), team):
        with pytest.raises(PermissionDenied):
            save(actor, activity, period, {"physical_progress": "1"})
    assert not Realisation.objects.exists()


def test_locked_period_refuses_a_draft_with_its_reason(officer, activity, period):
    realisation = RealisationFactory(activity=activity, period=period, physical_progress=D("5"))
    period_lock(actor=AdminFactory(), period=period, reason="Laporan semester I telah disampaikan")
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "90"}, version=1)
    assert excinfo.value.messages == [
        "Periode TW 1 2026 dikunci: Laporan semester I telah disampaikan"
    ]
    realisation.refresh_from_db()
    assert realisation.physical_progress == D("5.00")
    assert AuditEvent.objects.count() == events


def test_submitted_realisation_cannot_be_edited(officer, activity, period):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED
    )
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "90"}, version=realisation.version)
    assert excinfo.value.messages == [
        "Realisasi ini berstatus Diajukan sehingga tidak dapat diubah. Bila perlu diperbaiki, "
        "minta Tim Pelaksana mengembalikannya."
    ]


def test_submit_needs_a_target_for_the_year(officer, activity, period):
    indicator = IndicatorFactory(activity=activity, name="Jumlah aplikasi")
    IndicatorTargetFactory(indicator=indicator, year=2025)
    realisation = RealisationFactory(activity=activity, period=period)
    with pytest.raises(ValidationError) as excinfo:
        realisation_submit(actor=officer, realisation=realisation, expected_version=1)
    assert excinfo.value.messages == [
        "Target indikator Jumlah aplikasi untuk tahun 2026 belum ditetapkan."
    ]
    realisation.refresh_from_db()
    assert (realisation.status, realisation.version) == (RealisationStatus.DRAFT, 1)
    assert not AuditEvent.objects.exists()


def test_submit_needs_progress_and_budget(officer, activity, period):
    realisation = RealisationFactory(
        activity=activity, period=period, physical_progress=None, budget_realised=None
    )
    with pytest.raises(ValidationError) as excinfo:
        realisation_submit(actor=officer, realisation=realisation, expected_version=1)
    assert excinfo.value.messages == [
        "Progres fisik belum diisi.",
        "Realisasi anggaran belum diisi.",
    ]


def test_full_workflow_submit_return_resubmit_verify_lock(officer, activity, period, team):
    indicator = IndicatorFactory(activity=activity)
    IndicatorTargetFactory(indicator=indicator, year=2026)
    realisation = RealisationFactory(activity=activity, period=period)
    realisation = realisation_submit(actor=officer, realisation=realisation, expected_version=1)
    assert (realisation.status, realisation.submitted_by_id, realisation.version) == (
        RealisationStatus.SUBMITTED,
        officer.pk,
        2,
    )
    realisation = realisation_return(
        actor=team, realisation=realisation, expected_version=2, reason="Lampirkan BAST"
    )
    assert (realisation.status, realisation.return_reason) == (
        RealisationStatus.RETURNED,
        "Lampirkan BAST",
    )
    realisation = save(officer, activity, period, {"physical_progress": "60"}, version=3)
    realisation = realisation_submit(actor=officer, realisation=realisation, expected_version=4)
    assert realisation.return_reason == ""
    realisation = realisation_verify(actor=team, realisation=realisation, expected_version=5)
    assert (realisation.status, realisation.verified_by_id) == (RealisationStatus.VERIFIED, team.pk)
    realisation = realisation_lock(actor=team, realisation=realisation, expected_version=6)
    assert realisation.status == RealisationStatus.LOCKED
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "realisation.submit",
        "realisation.return",
        "update",
        "realisation.submit",
        "realisation.verify",
        "realisation.lock",
    ]
    with pytest.raises(ValidationError) as excinfo:
        save(officer, activity, period, {"physical_progress": "1"}, version=7)
    assert "berstatus Dikunci" in excinfo.value.messages[0]


def test_return_needs_a_reason(activity, period, team):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED
    )
    with pytest.raises(ValidationError) as excinfo:
        realisation_return(actor=team, realisation=realisation, expected_version=1, reason=" ")
    assert excinfo.value.message_dict == {"reason": ["Alasan pengembalian wajib diisi."]}
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.SUBMITTED


def test_officer_cannot_verify(officer, activity, period):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED
    )
    with pytest.raises(PermissionDenied):
        realisation_verify(actor=officer, realisation=realisation, expected_version=1)
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.SUBMITTED
    assert not AuditEvent.objects.exists()


def test_verify_only_from_submitted(activity, period, team):
    realisation = RealisationFactory(activity=activity, period=period)
    with pytest.raises(ValidationError) as excinfo:
        realisation_verify(actor=team, realisation=realisation, expected_version=1)
    assert excinfo.value.messages == ["Hanya realisasi berstatus Diajukan yang dapat diverifikasi."]


def test_verify_with_a_stale_version_is_a_conflict(activity, period, team):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED, version=3
    )
    with pytest.raises(RealisationConflict):
        realisation_verify(actor=team, realisation=realisation, expected_version=2)
    realisation.refresh_from_db()
    assert (realisation.status, realisation.version) == (RealisationStatus.SUBMITTED, 3)


def test_verify_in_a_locked_period_is_refused(activity, period, team):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED
    )
    period.is_locked, period.lock_reason = True, "Audit BPK"
    period.save()
    with pytest.raises(ValidationError) as excinfo:
        realisation_verify(actor=team, realisation=realisation, expected_version=1)
    assert excinfo.value.messages == ["Periode TW 1 2026 dikunci: Audit BPK"]


def test_team_member_enters_participatory_activity_without_agency(period, team):
    from kotacerdas.core.tests.factories import OrganisationFactory
    from kotacerdas.masterplan.tests.factories import ProgramFactory

    program = ProgramFactory(agency=None, organisation=OrganisationFactory())
    activity = ActivityFactory(program=program, agency=None)
    realisation = save(team, activity, period, {"physical_progress": "15"})
    assert realisation.physical_progress == D("15.00")
    with pytest.raises(PermissionDenied):
        save(OfficerFactory(), activity, period, {"physical_progress": "1"}, version=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", D("12.5")),
        ("1.000.000", D("1000000")),
        ("Rp 1.500.000,50", D("1500000.50")),
        ("12.5", D("12.5")),
        (7, D("7")),
        (2.5, D("2.5")),
        ("", None),
    ],
)
def test_parse_decimal_reads_indonesian_numbers(text, expected):
    assert parse_decimal(text) == expected


def test_parse_decimal_refuses_nan():
    with pytest.raises(ValueError):
        parse_decimal("NaN")
