"""Pages and API of the periodic reports: list and request form, htmx progress, download
permission with SHA-256 header, distribution log."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import ExecutiveFactory, OfficerFactory, UserFactory
from kotacerdas.monitoring.models import PeriodicReport, ReportDistribution, ReportStatus
from kotacerdas.monitoring.services import reports as services
from kotacerdas.monitoring.tasks import report_generate
from kotacerdas.monitoring.tests.test_reports_services import report_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    settings.KOTACERDAS_2FA_REQUIRED_ROLES = []


def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])


def done_report():
    health, _roads = report_data()
    report = services.report_request(actor=secretariat(), kind="semester", year=2026, semester=1)
    report_generate.call(report.pk)
    report.refresh_from_db()
    return report, health


def test_list_page_paginates_with_pinned_queries(client, django_assert_max_num_queries):
    actor = secretariat()
    for year in range(2019, 2019 + 23):
        services.report_request(actor=actor, kind="annual", year=year)
    client.force_login(actor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("monitoring_reports:list"))
    body = response.content.decode()
    assert len(re.findall(r'href="/monev/laporan/\d+/"', body)) == 20
    assert "1 / 2" in body
    assert "Buat laporan" in body


def test_request_form_creates_the_report_and_enqueues_the_task(
    client, django_capture_on_commit_callbacks
):
    client.force_login(secretariat())
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("monitoring_reports:list"),
            {"kind": "semester", "year": "2026", "semester": "2"},
        )
    report = PeriodicReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/monev/laporan/{report.pk}/"
    assert (report.semester, report.status) == (2, ReportStatus.QUEUED)
    assert len(callbacks) == 1


def test_request_form_shows_clear_errors_and_writes_nothing(client):
    client.force_login(secretariat())
    response = client.post(reverse("monitoring_reports:list"), {"kind": "adhoc"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tanggal awal wajib diisi untuk laporan sewaktu-waktu." in body
    assert "Tanggal akhir wajib diisi untuk laporan sewaktu-waktu." in body
    assert PeriodicReport.objects.count() == 0


def test_officer_posting_the_request_form_is_refused(client):
    client.force_login(OfficerFactory())
    response = client.post(reverse("monitoring_reports:list"), {"kind": "annual", "year": "2026"})
    assert response.status_code == 403
    assert PeriodicReport.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_progress_fragment_polls_while_queued_and_stops_when_done(client):
    actor = secretariat()
    report = services.report_request(actor=actor, kind="annual", year=2026)
    client.force_login(actor)
    url = reverse("monitoring_reports:detail", args=[report.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="kemajuan-laporan"')
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment
    PeriodicReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=40, progress_note="Isi laporan tersusun; membuat PDF."
    )
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-valuenow="40"' in fragment
    assert "Isi laporan tersusun; membuat PDF." in fragment
    report_generate.call(report.pk)  # a claimed report is left alone: still running
    assert PeriodicReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING
    PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    report_generate.call(report.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert f'href="/monev/laporan/{report.pk}/unduh.pdf"' in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and "Tembusan" in page


def test_download_sends_the_file_with_its_sha256(client):
    report, health = done_report()
    client.force_login(OfficerFactory(agency=health))  # a copy goes to this agency
    response = client.get(reverse("monitoring_reports:download", args=[report.pk, "pdf"]))
    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["X-Content-SHA256"] == report.pdf_sha256 == hashlib.sha256(content).hexdigest()
    assert content.startswith(b"%PDF-")
    response = client.get(reverse("monitoring_reports:download", args=[report.pk, "docx"]))
    assert response["X-Content-SHA256"] == report.docx_sha256


def test_download_refused_for_anonymous_and_officers_of_other_agencies(client):
    report, _health = done_report()
    url = reverse("monitoring_reports:download", args=[report.pk, "pdf"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('core:login')}?next={url}"
    client.force_login(OfficerFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring_reports:detail", args=[report.pk])).status_code == 404


def test_distribution_page_prefills_suggestions_and_records(client):
    report, health = done_report()
    client.force_login(secretariat())
    url = reverse("monitoring_reports:distribution", args=[report.pk])
    body = client.get(url).content.decode()
    assert '<option value="Kepala Dinas Kesehatan Uji">' in body
    assert '<option value="Wali Kota Bekasi">' in body
    sent = timezone.localtime() - dt.timedelta(hours=2)
    response = client.post(
        url,
        {
            "recipient": "Kepala Dinas Kesehatan Uji",
            "agency": str(health.pk),
            "channel": "naskah dinas elektronik",
            "sent_at": sent.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    row = ReportDistribution.objects.get()
    assert (row.recipient, row.agency, row.received_at) == (
        "Kepala Dinas Kesehatan Uji",
        health,
        None,
    )
    body = client.get(url).content.decode()
    assert "belum dikonfirmasi" in body
    assert '<option value="Kepala Dinas Kesehatan Uji">' not in body


def test_api_create_detail_links_and_file(client):
    report_data()
    client.force_login(secretariat())
    response = client.post(
        "/api/v1/monitoring/reports",
        {"kind": "semester", "year": 2026, "semester": 1},
        content_type="application/json",
    )
    assert response.status_code == 201
    report_id = response.json()["id"]
    assert response.json()["status"] == "queued"
    report_generate.call(report_id)
    detail = client.get(f"/api/v1/monitoring/reports/{report_id}").json()
    assert (detail["status"], detail["progress"]) == ("done", 100)
    assert detail["links"]["pdf"] == f"/api/v1/monitoring/reports/{report_id}/files/pdf"
    assert [c["recipient"] for c in detail["copies"]] == [
        "Kepala Dinas Bina Marga Uji",
        "Kepala Dinas Kesehatan Uji",
    ]
    file = client.get(detail["links"]["docx"])
    assert file["X-Content-SHA256"] == detail["docx_sha256"]
    listing = client.get("/api/v1/monitoring/reports").json()
    assert [r["id"] for r in listing["items"]] == [report_id]


def test_api_refuses_bad_input_other_roles_and_anonymous(client):
    response = client.get("/api/v1/monitoring/reports")
    assert response.status_code == 401
    client.force_login(ExecutiveFactory())
    response = client.post(
        "/api/v1/monitoring/reports",
        {"kind": "annual", "year": 2026},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(secretariat())
    response = client.post(
        "/api/v1/monitoring/reports",
        {"kind": "semester", "year": 2026},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert PeriodicReport.objects.count() == 0


def test_admin_sees_and_uses_the_force_button_on_a_stuck_report(
    client, django_capture_on_commit_callbacks
):
    from kotacerdas.core.tests.factories import AdminFactory

    report = services.report_request(actor=secretariat(), kind="annual", year=2026)
    PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    client.force_login(secretariat())
    page = client.get(reverse("monitoring_reports:detail", args=[report.pk])).content.decode()
    assert "Paksa buat ulang" not in page
    client.force_login(AdminFactory())
    page = client.get(reverse("monitoring_reports:detail", args=[report.pk])).content.decode()
    assert "Paksa buat ulang" in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("monitoring_reports:regenerate", args=[report.pk]), {"paksa": "1"}
        )
    assert response.status_code == 302
    assert PeriodicReport.objects.get(pk=report.pk).status == ReportStatus.QUEUED
    assert len(callbacks) == 1
