"""Periodic reports (Pasal 15(3)-(4), 29): request, generation task, files, distribution."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    OrganisationFactory,
    UserFactory,
)
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    ProgramFactory,
)
from kotacerdas.monitoring.models import (
    PeriodicReport,
    RealisationStatus,
    ReportDistribution,
    ReportKind,
    ReportStatus,
)
from kotacerdas.monitoring.reports.content import COUNCIL_MEETINGS_UNAVAILABLE
from kotacerdas.monitoring.selectors import reports as selectors
from kotacerdas.monitoring.services import reports as services
from kotacerdas.monitoring.tasks import report_generate
from kotacerdas.monitoring.tests.factories import (
    RealisationFactory,
    RecommendationFactory,
    ReportingPeriodFactory,
)

D = decimal.Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def secretariat():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])


def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def report_data(year=2026):
    """Two agencies and a stakeholder with verified realisation in Q1-Q2, problems written,
    a Quick Win with roadmap years, and an open recommendation."""
    health = AgencyFactory(name="Dinas Kesehatan Uji", short_name="DINKES-U")
    roads = AgencyFactory(name="Dinas Bina Marga Uji", short_name="DBM-U")
    AgencyFactory(name="Dinas Tanpa Program", short_name="DTP")
    clinic = ActivityFactory(
        program=ProgramFactory(agency=health),
        name="Layanan Klinik Digital",
        quick_win=True,
        roadmap_start_year=year,
        roadmap_end_year=year + 1,
    )
    road = ActivityFactory(program=ProgramFactory(agency=roads), name="Sensor Jalan")
    ngo = OrganisationFactory(name="Komunitas Data Bekasi")
    citizen = ActivityFactory(
        program=ProgramFactory(agency=None, organisation=ngo, is_participatory=True),
        agency=None,
        organisation=ngo,
        name="Kelas Literasi Data",
    )
    for activity in (clinic, road, citizen):
        BudgetAllocationFactory(activity=activity, year=year, amount=D("200000000"))
    for quarter, progress in ((1, D("30")), (2, D("60"))):
        period = ReportingPeriodFactory(year=year, quarter=quarter)
        RealisationFactory(
            activity=clinic,
            period=period,
            physical_progress=progress,
            budget_realised=D("50000000"),
            status=RealisationStatus.VERIFIED,
            problems="Jaringan puskesmas belum stabil",
            inhibiting_factors="Pengadaan tertunda",
        )
        RealisationFactory(
            activity=road,
            period=period,
            physical_progress=progress / 3,
            budget_realised=D("10000000"),
            status=RealisationStatus.VERIFIED,
        )
        RealisationFactory(
            activity=citizen,
            period=period,
            physical_progress=progress,
            status=RealisationStatus.VERIFIED,
        )
    RecommendationFactory(
        title="Percepat pengadaan jaringan",
        year=year,
        owner_agency=health,
        due_date=dt.date(year, 9, 30),
    )
    return health, roads


def generated(report):
    report_generate.call(report.pk)
    report.refresh_from_db()
    return report


def test_request_queues_the_report_and_enqueues_generation_on_commit(
    django_capture_on_commit_callbacks,
):
    actor = secretariat()
    with django_capture_on_commit_callbacks() as callbacks:
        report = services.report_request(
            actor=actor, kind=ReportKind.SEMESTER, year=2026, semester=1
        )
    assert len(callbacks) == 1
    assert (report.status, report.progress, report.semester) == (ReportStatus.QUEUED, 0, 1)
    assert (report.period_start, report.period_end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.title == (
        "Laporan Semester I Tahun 2026 Pencapaian Implementasi Rencana Induk Kota Cerdas "
        "Kota Bekasi"
    )
    assert report.requested_by == actor
    event = AuditEvent.objects.get(action="report.request")
    assert event.object_id == str(report.pk)


def test_request_for_each_kind_sets_the_period():
    actor = team()
    annual = services.report_request(actor=actor, kind=ReportKind.ANNUAL, year=2025)
    second = services.report_request(actor=actor, kind=ReportKind.SEMESTER, year=2025, semester=2)
    adhoc = services.report_request(
        actor=actor,
        kind=ReportKind.ADHOC,
        period_start=dt.date(2026, 3, 1),
        period_end=dt.date(2026, 5, 15),
    )
    assert (annual.period_start, annual.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (second.period_start, second.period_end) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert (adhoc.year, adhoc.semester) == (2026, None)
    assert selectors.report_quarters(adhoc) == [1, 2]
    assert selectors.report_quarters(second) == [3, 4]
    assert "1 Maret 2026 s.d. 15 Mei 2026" in adhoc.title


@pytest.mark.parametrize(
    "user_factory",
    [
        lambda: OfficerFactory(),
        lambda: ExecutiveFactory(),
        lambda: UserFactory(roles=[Role.COUNCIL_MEMBER.value]),
        lambda: UserFactory(),
    ],
)
def test_request_refused_for_other_roles_changes_nothing(user_factory):
    with pytest.raises(PermissionDenied):
        services.report_request(actor=user_factory(), kind=ReportKind.ANNUAL, year=2026)
    assert PeriodicReport.objects.count() == 0
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"kind": "semester", "year": 2026}, "semester", "Pilih semester I atau II."),
        (
            {"kind": "semester", "year": 2026, "semester": 3},
            "semester",
            "Pilih semester I atau II.",
        ),
        ({"kind": "annual", "year": None}, "year", "Tahun wajib diisi (2018-2100)."),
        (
            {"kind": "adhoc", "period_start": dt.date(2026, 5, 1)},
            "period_end",
            "Tanggal akhir wajib diisi untuk laporan sewaktu-waktu.",
        ),
        (
            {
                "kind": "adhoc",
                "period_start": dt.date(2026, 5, 1),
                "period_end": dt.date(2026, 4, 1),
            },
            "period_end",
            "Tanggal akhir tidak boleh sebelum tanggal awal.",
        ),
        (
            {
                "kind": "adhoc",
                "period_start": dt.date(2025, 12, 1),
                "period_end": dt.date(2026, 1, 31),
            },
            "period_end",
            "Periode laporan sewaktu-waktu harus dalam satu tahun.",
        ),
        ({"kind": "monthly", "year": 2026}, "kind", "Jenis laporan tidak dikenal."),
    ],
)
def test_request_with_a_bad_period_gives_a_clear_error_and_writes_nothing(kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        services.report_request(actor=secretariat(), **kwargs)
    assert caught.value.message_dict == {field: [message]}
    assert PeriodicReport.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_generation_stores_pdf_and_docx_with_matching_sha256_and_the_copy_list():
    health, roads = report_data()
    report = services.report_request(
        actor=secretariat(), kind=ReportKind.SEMESTER, year=2026, semester=1
    )
    report = generated(report)
    assert (report.status, report.progress, report.error) == (ReportStatus.DONE, 100, "")
    assert report.generated_at is not None
    pdf = report.pdf_file.read()
    docx = report.docx_file.read()
    assert pdf.startswith(b"%PDF-")
    assert b"/Encrypt" not in pdf  # plain PDF: a PAdES signature can be added later
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    assert hashlib.sha256(docx).hexdigest() == report.docx_sha256
    assert [c["recipient"] for c in report.copies] == [
        "Kepala Dinas Bina Marga Uji",
        "Kepala Dinas Kesehatan Uji",
    ]
    assert [c["agency_id"] for c in report.copies] == [roads.pk, health.pk]
    event = AuditEvent.objects.get(action="report.generate")
    assert event.changes["pdf_sha256"] == report.pdf_sha256


def test_docx_has_the_sections_the_copy_list_and_the_council_notice():
    from docx import Document

    report_data()
    report = generated(
        services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    )
    document = Document(io.BytesIO(report.docx_file.read()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "1. Dasar hukum dan periode",
        "2. Ringkasan eksekutif",
        "3. Status Rencana Induk",
        "4. Capaian per dimensi dan unsur",
        "5. Evaluasi masing-masing pihak pelaksana",
        "5.1 Pelaksana pemerintah",
        "5.2 Pelaksana non-pemerintah",
        "6. Quick Win",
        "7. Deviasi peta jalan",
        "8. Rapat Dewan Kota Cerdas",
        "9. Permasalahan",
        "10. Analisis dan rekomendasi",
        "11. Tembusan",
        "Lampiran: daftar kegiatan",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Kepala Dinas Kesehatan Uji" in texts
    assert "Kepala Dinas Bina Marga Uji" in texts
    assert "Kepala Dinas Tanpa Program" not in texts
    assert COUNCIL_MEETINGS_UNAVAILABLE in texts
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Komunitas Data Bekasi" in cells  # non-government implementer evaluated
    assert "Percepat pengadaan jaringan" in cells
    assert "Jaringan puskesmas belum stabil" in cells
    signature = [c for c in cells if c.startswith("Ditandatangani secara elektronik\n")]
    assert signature == [
        "Ditandatangani secara elektronik\nRuang ini disediakan untuk tanda tangan elektronik "
        "(PAdES). Berkas PDF ini tidak dienkripsi sehingga tanda tangan dapat dibubuhkan tanpa "
        "membuat ulang dokumen."
    ]


def test_pdf_has_pages_and_the_signature_box_text():
    from weasyprint import HTML

    from kotacerdas.monitoring.reports.content import build_report_content
    from kotacerdas.monitoring.reports.pdf import report_html

    report_data()
    report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    html = report_html(build_report_content(report))
    assert 'id="kotak-tanda-tangan"' in html
    assert "Ditandatangani secara elektronik" in html
    assert "<svg" in html and "<script" not in html
    document = HTML(string=html).render()
    assert len(document.pages) >= 3


def test_task_progress_moves_through_the_stages(monkeypatch):
    from kotacerdas.monitoring.reports import docx, pdf

    seen = []
    real_pdf, real_docx = pdf.render_pdf, docx.render_docx

    def spy_pdf(content):
        seen.append(selectors.report_progress(pk=report.pk))
        return real_pdf(content)

    def spy_docx(content):
        seen.append(selectors.report_progress(pk=report.pk))
        return real_docx(content)

    monkeypatch.setattr(pdf, "render_pdf", spy_pdf)
    monkeypatch.setattr(docx, "render_docx", spy_docx)
    report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    generated(report)
    assert [(s["status"], s["progress"]) for s in seen] == [("running", 40), ("running", 70)]
    assert seen[0]["progress_note"] == "Isi laporan tersusun; membuat PDF."
    assert selectors.report_progress(pk=report.pk)["progress"] == 100


def test_a_done_report_is_not_generated_again_unless_asked(django_capture_on_commit_callbacks):
    actor = secretariat()
    report = generated(services.report_request(actor=actor, kind=ReportKind.ANNUAL, year=2026))
    first_sha, first_name = report.pdf_sha256, report.pdf_file.name
    assert report_generate.call(report.pk) == ReportStatus.DONE
    report.refresh_from_db()
    assert (report.pdf_file.name, AuditEvent.objects.filter(action="report.generate").count()) == (
        first_name,
        1,
    )
    with django_capture_on_commit_callbacks() as callbacks:
        services.report_regenerate(actor=actor, report=report)
    assert len(callbacks) == 1
    report = generated(report)
    assert report.status == ReportStatus.DONE
    assert report.pdf_file.name != first_name
    assert not report.pdf_file.storage.exists(first_name)  # the old file is replaced
    assert len(report.pdf_sha256) == 64 and first_sha


def test_failure_marks_failed_with_the_error_and_leaves_no_file(monkeypatch, settings):
    from kotacerdas.monitoring.reports import docx

    def broken(content):
        raise RuntimeError("python-docx rusak")

    monkeypatch.setattr(docx, "render_docx", broken)
    report = generated(
        services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    )
    assert report.status == ReportStatus.FAILED
    assert report.error == "RuntimeError: python-docx rusak"
    assert (report.pdf_file.name, report.docx_file.name, report.pdf_sha256) == ("", "", "")
    media = settings.MEDIA_ROOT / "monitoring" / "reports"
    assert not media.exists() or list(media.iterdir()) == []
    assert AuditEvent.objects.filter(action="report.fail").count() == 1


def test_failure_while_storing_the_second_file_removes_the_first(monkeypatch, settings):
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save

    def failing_save(self, name, content):
        if name.endswith(".docx"):
            raise OSError("disk penuh")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
    report = generated(
        services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    )
    assert report.status == ReportStatus.FAILED
    assert report.error == "OSError: disk penuh"
    media = settings.MEDIA_ROOT / "monitoring" / "reports"
    assert not media.exists() or list(media.iterdir()) == []


def test_regenerate_refused_while_queued_and_for_other_roles():
    report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.report_regenerate(actor=secretariat(), report=report)
    generated(report)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.report_regenerate(actor=ExecutiveFactory(), report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert AuditEvent.objects.count() == events


def test_distribution_is_recorded_and_audited():
    health, _roads = report_data()
    report = generated(
        services.report_request(
            actor=secretariat(), kind=ReportKind.SEMESTER, year=2026, semester=1
        )
    )
    sent = timezone.now() - dt.timedelta(days=1)
    row = services.report_distribution_record(
        actor=team(),
        report=report,
        recipient="Kepala Dinas Kesehatan Uji",
        agency=health,
        channel="surel",
        sent_at=sent,
        received_at=sent + dt.timedelta(hours=3),
    )
    assert (row.recipient, row.agency, row.channel) == (
        "Kepala Dinas Kesehatan Uji",
        health,
        "surel",
    )
    assert AuditEvent.objects.filter(action="report.distribute", object_id=str(row.pk)).exists()
    suggestions = [s["recipient"] for s in selectors.report_distribution_suggestions(report=report)]
    assert suggestions == ["Wali Kota Bekasi", "Kepala Dinas Bina Marga Uji"]


def test_distribution_bad_input_and_refusals_write_nothing():
    report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    sent = timezone.now() - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        services.report_distribution_record(
            actor=team(), report=report, recipient="Wali Kota", sent_at=sent
        )
    assert caught.value.messages == ["Laporan belum selesai dibuat sehingga belum dapat dikirim."]
    generated(report)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.report_distribution_record(
            actor=team(),
            report=report,
            recipient=" ",
            sent_at=sent,
            received_at=sent - dt.timedelta(hours=1),
        )
    assert caught.value.message_dict == {
        "recipient": ["Penerima wajib diisi."],
        "received_at": ["Waktu diterima tidak boleh sebelum waktu dikirim."],
    }
    with pytest.raises(PermissionDenied):
        services.report_distribution_record(
            actor=OfficerFactory(), report=report, recipient="Wali Kota", sent_at=sent
        )
    assert ReportDistribution.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_officers_read_only_reports_copied_to_their_agency():
    health, _roads = report_data()
    report = generated(
        services.report_request(
            actor=secretariat(), kind=ReportKind.SEMESTER, year=2026, semester=1
        )
    )
    own = OfficerFactory(agency=health)
    other = OfficerFactory()
    assert selectors.can_read_report(own, report)
    assert not selectors.can_read_report(other, report)
    assert list(selectors.report_list(actor=own)) == [report]
    assert list(selectors.report_list(actor=other)) == []
    assert list(selectors.report_list(actor=ExecutiveFactory())) == [report]


def test_commit_puts_one_generation_task_on_the_database_queue(
    django_capture_on_commit_callbacks,
):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    queued = DBTaskResult.objects.get(task_path="kotacerdas.monitoring.tasks.report_generate")
    assert queued.args_kwargs == {"args": [report.pk], "kwargs": {}}


def test_immediate_backend_generates_the_report_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.DONE, 100)


def test_a_report_stuck_running_can_be_forced_again_by_an_administrator_only():
    from kotacerdas.core.tests.factories import AdminFactory

    report = services.report_request(actor=secretariat(), kind=ReportKind.ANNUAL, year=2026)
    PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=40)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.report_regenerate(actor=secretariat(), report=report, force=True)
    assert PeriodicReport.objects.get(pk=report.pk).status == ReportStatus.RUNNING
    assert AuditEvent.objects.count() == events
    services.report_regenerate(actor=AdminFactory(), report=report, force=True)
    assert generated(report).status == ReportStatus.DONE
    event = AuditEvent.objects.get(action="report.regenerate")
    assert event.changes["forced"] is True
