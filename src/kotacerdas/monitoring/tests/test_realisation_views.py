import decimal
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import ExecutiveFactory, OfficerFactory, UserFactory
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)
from kotacerdas.monitoring.models import Evidence, Realisation, RealisationStatus, ReportingPeriod
from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

D = decimal.Decimal
pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def activity():
    activity = ActivityFactory()
    BudgetAllocationFactory(activity=activity, amount=D("100000000"))
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


def form_url(activity, year=2026, quarter=1):
    return reverse("monitoring:realisation_form", args=[activity.pk, year, quarter])


def action_url(realisation, action):
    return reverse("monitoring:realisation_action", args=[realisation.pk, action])


def test_pages_need_sign_in(client, activity):
    for url in (
        reverse("monitoring:realisation_grid"),
        reverse("monitoring:realisation_list"),
        form_url(activity),
        reverse("monitoring:bulk_upload"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/masuk" in response["Location"] or "login" in response["Location"]


def test_grid_shows_own_activities_with_status_in_few_queries(
    client, officer, activity, period, django_assert_max_num_queries
):
    RealisationFactory(activity=activity, period=period, status=RealisationStatus.SUBMITTED)
    for _ in range(5):
        ActivityFactory(program=activity.program)
    foreign = ActivityFactory()
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:realisation_grid") + "?tahun=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert activity.name in body
    assert foreign.name not in body
    assert "Diajukan" in body
    assert len(response.context["rows"]) == 6


def test_grid_htmx_returns_the_fragment(client, officer, activity):
    client.force_login(officer)
    response = client.get(reverse("monitoring:realisation_grid"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="grid-realisasi"')
    assert "<html" not in body


def test_officer_saves_a_draft_through_the_form(client, officer, activity, period):
    indicator = IndicatorFactory(activity=activity, unit="%", max_value=D("100"))
    client.force_login(officer)
    response = client.post(
        form_url(activity),
        {
            "version": "0",
            "physical_progress": "30",
            "budget_realised": "15000000",
            "problems": "Keterlambatan pengadaan",
            f"indikator_{indicator.pk}": "45",
        },
    )
    assert response.status_code == 302
    realisation = Realisation.objects.get()
    assert (realisation.physical_progress, realisation.problems) == (
        D("30.00"),
        "Keterlambatan pengadaan",
    )
    assert realisation.indicator_values.get().value == D("45")
    page = client.get(form_url(activity))
    assert "Draf realisasi disimpan." in page.content.decode()


def test_form_shows_errors_and_writes_nothing(client, officer, activity, period):
    indicator = IndicatorFactory(activity=activity, name="Cakupan", unit="%", max_value=D("100"))
    client.force_login(officer)
    response = client.post(
        form_url(activity),
        {
            "version": "0",
            "physical_progress": "130",
            "budget_realised": "-1",
            f"indikator_{indicator.pk}": "101",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Progres fisik harus antara 0 dan 100 %." in body
    assert "Realisasi anggaran tidak boleh negatif." in body
    assert "Nilai indikator Cakupan melebihi 100 %." in body
    assert 'value="130"' in body
    assert not Realisation.objects.exists()
    assert not AuditEvent.objects.exists()


def test_form_with_a_stale_version_shows_the_conflict_and_keeps_the_other_save(
    client, officer, activity, period
):
    realisation = RealisationFactory(
        activity=activity, period=period, physical_progress=D("40"), version=2
    )
    client.force_login(officer)
    response = client.post(form_url(activity), {"version": "1", "physical_progress": "10"})
    assert response.status_code == 409
    assert "Data ini telah diubah oleh pengguna lain; muat ulang halaman." in (
        response.content.decode()
    )
    realisation.refresh_from_db()
    assert (realisation.physical_progress, realisation.version) == (D("40.00"), 2)


def test_htmx_post_returns_the_form_fragment(client, officer, activity, period):
    client.force_login(officer)
    response = client.post(
        form_url(activity),
        {"version": "0", "physical_progress": "12"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="form-realisasi"')
    assert "Draf realisasi disimpan." in body
    assert 'name="version" value="1"' in body


def test_locked_period_shows_the_reason_and_refuses(client, officer, activity, period):
    period.is_locked, period.lock_reason = True, "Laporan semester I telah disampaikan"
    period.save()
    client.force_login(officer)
    page = client.get(form_url(activity))
    assert "Periode TW 1 2026 dikunci: Laporan semester I telah disampaikan" in (
        page.content.decode()
    )
    response = client.post(form_url(activity), {"version": "0", "physical_progress": "10"})
    assert response.status_code == 400
    assert "Periode TW 1 2026 dikunci: Laporan semester I telah disampaikan" in (
        response.content.decode()
    )
    assert not Realisation.objects.exists()


def test_officer_of_another_agency_gets_404_and_nothing_changes(client, activity, period):
    realisation = RealisationFactory(activity=activity, period=period, physical_progress=D("5"))
    client.force_login(OfficerFactory())
    assert client.get(form_url(activity)).status_code == 404
    response = client.post(form_url(activity), {"version": "1", "physical_progress": "99"})
    assert response.status_code == 404
    assert client.post(action_url(realisation, "ajukan"), {"version": "1"}).status_code == 404
    realisation.refresh_from_db()
    assert (realisation.physical_progress, realisation.status) == (
        D("5.00"),
        RealisationStatus.DRAFT,
    )
    assert not AuditEvent.objects.exists()


def test_executive_reads_but_cannot_save(client, activity, period):
    client.force_login(ExecutiveFactory())
    assert client.get(form_url(activity)).status_code == 200
    response = client.post(form_url(activity), {"version": "0", "physical_progress": "10"})
    assert response.status_code == 403
    assert not Realisation.objects.exists()


def test_submit_then_team_verifies_from_the_queue(client, officer, team, activity, period):
    indicator = IndicatorFactory(activity=activity)
    IndicatorTargetFactory(indicator=indicator)
    realisation = RealisationFactory(activity=activity, period=period)
    client.force_login(officer)
    confirm = client.get(action_url(realisation, "ajukan"))
    assert confirm.status_code == 200
    assert "Ajukan realisasi" in confirm.content.decode()
    assert client.post(action_url(realisation, "ajukan"), {"version": "1"}).status_code == 302
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.SUBMITTED
    assert client.get(reverse("monitoring:verification_queue")).status_code == 403
    assert client.post(action_url(realisation, "verifikasi"), {"version": "2"}).status_code == 403

    client.force_login(team)
    queue = client.get(reverse("monitoring:verification_queue"))
    assert activity.name in queue.content.decode()
    response = client.post(
        action_url(realisation, "verifikasi"), {"version": "2", "next": "antrean"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:verification_queue")
    realisation.refresh_from_db()
    assert (realisation.status, realisation.verified_by_id) == (
        RealisationStatus.VERIFIED,
        team.pk,
    )


def test_return_without_a_reason_is_refused_on_the_page(client, team, activity, period):
    realisation = RealisationFactory(
        activity=activity, period=period, status=RealisationStatus.SUBMITTED
    )
    client.force_login(team)
    response = client.post(action_url(realisation, "kembalikan"), {"version": "1", "reason": ""})
    assert response.status_code == 400
    assert "Alasan pengembalian wajib diisi." in response.content.decode()
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.SUBMITTED


def test_submit_without_target_shows_why(client, officer, activity, period):
    IndicatorFactory(activity=activity, name="Jumlah desa digital")
    realisation = RealisationFactory(activity=activity, period=period)
    client.force_login(officer)
    page = client.get(form_url(activity)).content.decode()
    assert "Target indikator Jumlah desa digital untuk tahun 2026 belum ditetapkan." in page
    response = client.post(action_url(realisation, "ajukan"), {"version": "1"})
    assert response.status_code == 400
    assert "Target indikator Jumlah desa digital untuk tahun 2026 belum ditetapkan." in (
        response.content.decode()
    )


def test_evidence_upload_download_and_remove_with_confirmation(client, officer, activity, period):
    realisation = RealisationFactory(activity=activity, period=period)
    client.force_login(officer)
    response = client.post(
        reverse("monitoring:evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile("bast.pdf", PDF)},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("monitoring:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"

    client.force_login(OfficerFactory())
    assert (
        client.get(reverse("monitoring:evidence_download", args=[evidence.pk])).status_code == 404
    )
    client.logout()
    assert (
        client.get(reverse("monitoring:evidence_download", args=[evidence.pk])).status_code == 302
    )

    client.force_login(officer)
    confirm = client.get(reverse("monitoring:evidence_remove", args=[evidence.pk]))
    assert "Hapus berkas bast.pdf" in confirm.content.decode()
    assert Evidence.objects.exists()
    client.post(reverse("monitoring:evidence_remove", args=[evidence.pk]))
    assert not Evidence.objects.exists()


def test_disguised_evidence_is_refused_on_the_page(client, officer, activity, period):
    realisation = RealisationFactory(activity=activity, period=period)
    client.force_login(officer)
    response = client.post(
        reverse("monitoring:evidence_upload", args=[realisation.pk]),
        {"file": SimpleUploadedFile("foto.jpg", b"<?php system($_GET['c']); ?>")},
        follow=True,
    )
    assert "bukan jenis yang diizinkan" in response.content.decode()
    assert not Evidence.objects.exists()


def test_bulk_page_shows_the_error_table_and_writes_nothing(client, officer, activity):
    workbook = openpyxl.Workbook()
    workbook.active.append(["salah", "judul"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(officer)
    response = client.post(
        reverse("monitoring:bulk_upload"),
        {"year": "2026", "quarter": "2", "file": SimpleUploadedFile("r.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tidak ada yang disimpan: ditemukan 1 kesalahan." in body
    assert "Baris judul kolom tidak sesuai templat" in body
    assert not Realisation.objects.exists()
    assert not ReportingPeriod.objects.exists()


def test_bulk_template_download_has_the_officers_activities(client, officer, activity):
    foreign = ActivityFactory()
    client.force_login(officer)
    response = client.get(reverse("monitoring:bulk_template") + "?tahun=2026&triwulan=3")
    assert response.status_code == 200
    assert 'filename="templat-realisasi-2026-tw3.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Realisasi"]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [activity.pk]
    assert foreign.pk not in ids
    assert not ReportingPeriod.objects.exists()  # a download writes nothing


def test_bulk_page_refused_to_executive(client):
    client.force_login(ExecutiveFactory())
    assert client.get(reverse("monitoring:bulk_upload")).status_code == 403


def test_team_locks_a_period_on_the_periods_page(client, team, period):
    client.force_login(team)
    response = client.post(
        reverse("monitoring:period_list"),
        {"tahun": "2026", "quarter": "1", "action": "lock", "reason": "Audit BPK"},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.is_locked, period.lock_reason) == (True, "Audit BPK")
    page = client.get(reverse("monitoring:period_list") + "?tahun=2026").content.decode()
    assert "Audit BPK" in page


def test_period_lock_without_reason_shows_the_error(client, team, period):
    client.force_login(team)
    response = client.post(
        reverse("monitoring:period_list"),
        {"tahun": "2026", "quarter": "1", "action": "lock", "reason": ""},
    )
    assert response.status_code == 400
    assert "Alasan penguncian wajib diisi." in response.content.decode()
    period.refresh_from_db()
    assert not period.is_locked


def test_officer_cannot_lock_a_period(client, officer, period):
    client.force_login(officer)
    response = client.post(
        reverse("monitoring:period_list"),
        {"tahun": "2026", "quarter": "1", "action": "lock", "reason": "x"},
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert not period.is_locked


def test_list_page_filters_and_pins_queries(client, team, django_assert_max_num_queries):
    for quarter in (1, 2):
        for _ in range(3):
            RealisationFactory(period=ReportingPeriodFactory(year=2026, quarter=quarter))
    client.force_login(team)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("monitoring:realisation_list") + "?triwulan=2")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 3


def test_htmx_post_with_a_conflict_swaps_in_the_message(client, officer, activity, period):
    realisation = RealisationFactory(
        activity=activity, period=period, physical_progress=D("40"), version=2
    )
    client.force_login(officer)
    response = client.post(
        form_url(activity),
        {"version": "1", "physical_progress": "10"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="form-realisasi"')
    assert "Data ini telah diubah oleh pengguna lain; muat ulang halaman." in body
    assert 'name="version" value="2"' in body
    realisation.refresh_from_db()
    assert realisation.physical_progress == D("40.00")


def test_refused_first_save_leaves_no_period_behind(client, officer, activity):
    client.force_login(officer)
    response = client.post(form_url(activity, 2027, 3), {"version": "0", "physical_progress": "-1"})
    assert response.status_code == 400
    assert "Progres fisik harus antara 0 dan 100 %." in response.content.decode()
    assert not ReportingPeriod.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.exists()


def test_queue_page_query_count_does_not_grow(client, team, django_assert_max_num_queries):
    for quarter in (1, 2, 3):
        for _ in range(4):
            RealisationFactory(
                period=ReportingPeriodFactory(year=2026, quarter=quarter),
                status=RealisationStatus.SUBMITTED,
            )
    client.force_login(team)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("monitoring:verification_queue"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 12
    assert "12 realisasi menunggu verifikasi." in response.content.decode()
