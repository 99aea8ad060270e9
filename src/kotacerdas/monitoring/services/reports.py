"""Writes of the periodic reports to the Wali Kota (Pasal 15(3)-(4), 29): the request, the
generation run by a background task, and the distribution log.

Generation never leaves a half-written report: both files are rendered in memory first,
stored with their SHA-256, and only then is the report marked done in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.models import Agency
from kotacerdas.monitoring.models import (
    PeriodicReport,
    ReportDistribution,
    ReportKind,
    ReportStatus,
)
from kotacerdas.monitoring.selectors import reports as selectors

logger = logging.getLogger(__name__)

ROMAN = {1: "I", 2: "II"}
# core's snapshot() trips over an empty FileField; the files are audited by their SHA-256.
AUDITED_FIELDS = [
    "kind",
    "year",
    "semester",
    "period_start",
    "period_end",
    "title",
    "status",
    "requested_by",
]
MIN_YEAR, MAX_YEAR = 2018, 2100


def _require_requester(actor: Any) -> None:
    if not selectors.can_request_reports(actor):
        raise PermissionDenied(
            _(
                "Hanya Sekretariat Dewan, Tim Pelaksana, atau administrator yang boleh "
                "meminta dan mencatat laporan berkala."
            )
        )


def report_period(
    *,
    kind: str,
    year: int | None,
    semester: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> tuple[int, int | None, dt.date, dt.date]:
    """Check the period of a report; (year, semester, start, end) or a ValidationError with
    a message per field."""
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Jenis laporan tidak dikenal.")})
    if kind == ReportKind.ADHOC:
        errors = {}
        if period_start is None:
            errors["period_start"] = _("Tanggal awal wajib diisi untuk laporan sewaktu-waktu.")
        if period_end is None:
            errors["period_end"] = _("Tanggal akhir wajib diisi untuk laporan sewaktu-waktu.")
        if errors:
            raise ValidationError(errors)
        if period_end < period_start:
            raise ValidationError(
                {"period_end": _("Tanggal akhir tidak boleh sebelum tanggal awal.")}
            )
        if period_start.year != period_end.year:
            raise ValidationError(
                {"period_end": _("Periode laporan sewaktu-waktu harus dalam satu tahun.")}
            )
        if not MIN_YEAR <= period_start.year <= MAX_YEAR:
            raise ValidationError({"period_start": _("Tahun di luar rentang yang didukung.")})
        return period_start.year, None, period_start, period_end
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Tahun wajib diisi (%(a)s-%(b)s).") % {"a": MIN_YEAR, "b": MAX_YEAR}}
        )
    if kind == ReportKind.SEMESTER:
        if semester not in (1, 2):
            raise ValidationError({"semester": _("Pilih semester I atau II.")})
        if semester == 1:
            return year, 1, dt.date(year, 1, 1), dt.date(year, 6, 30)
        return year, 2, dt.date(year, 7, 1), dt.date(year, 12, 31)
    return year, None, dt.date(year, 1, 1), dt.date(year, 12, 31)


def report_title(
    *, kind: str, year: int, semester: int | None, start: dt.date, end: dt.date
) -> str:
    from kotacerdas.monitoring.reports.content import date_id

    if kind == ReportKind.SEMESTER:
        return _(
            "Laporan Semester %(s)s Tahun %(y)s Pencapaian Implementasi Rencana Induk "
            "Kota Cerdas Kota Bekasi"
        ) % {"s": ROMAN[semester or 1], "y": year}
    if kind == ReportKind.ANNUAL:
        return _(
            "Laporan Tahunan %(y)s Pencapaian Implementasi Rencana Induk Kota Cerdas Kota Bekasi"
        ) % {"y": year}
    return _(
        "Laporan Sewaktu-waktu Pencapaian Implementasi Rencana Induk Kota Cerdas Kota Bekasi "
        "(%(a)s s.d. %(b)s)"
    ) % {"a": date_id(start), "b": date_id(end)}


def _enqueue(report_id: int) -> None:
    from kotacerdas.monitoring.tasks import report_generate

    transaction.on_commit(lambda: report_generate.enqueue(report_id))


@transaction.atomic
def report_request(
    *,
    actor: Any,
    kind: str,
    year: int | None = None,
    semester: int | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
) -> PeriodicReport:
    """Pasal 29(1)-(2): the council's secretariat or the team asks for a semester, annual or
    ad hoc report; it is generated in the background once this transaction commits."""
    _require_requester(actor)
    year, semester, start, end = report_period(
        kind=kind, year=year, semester=semester, period_start=period_start, period_end=period_end
    )
    report = PeriodicReport(
        kind=kind,
        year=year,
        semester=semester,
        period_start=start,
        period_end=end,
        title=report_title(kind=kind, year=year, semester=semester, start=start, end=end),
        status=ReportStatus.QUEUED,
        progress=0,
        progress_note=_("Menunggu giliran pembuatan."),
        requested_by=actor,
    )
    report.full_clean()
    report.save()
    audit_record(
        actor=actor,
        action="report.request",
        obj=report,
        changes=snapshot(report, fields=AUDITED_FIELDS),
    )
    _enqueue(report.pk)
    return report


@transaction.atomic
def report_regenerate(*, actor: Any, report: PeriodicReport, force: bool = False) -> PeriodicReport:
    """Pasal 29: make a report again (for instance after late verifications, or after a
    failure). The earlier files stay available until the new ones are stored.

    A report left queued or running by a worker that stopped can be queued again by an
    administrator with `force`."""
    _require_requester(actor)
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING):
        if not force:
            raise ValidationError(_("Laporan ini sedang menunggu atau sedang dibuat."))
        if not permissions.is_admin(actor):
            raise PermissionDenied(
                _("Hanya administrator yang boleh memaksa pembuatan ulang laporan.")
            )
    before = report.status
    report.status = ReportStatus.QUEUED
    report.progress = 0
    report.progress_note = _("Menunggu giliran pembuatan ulang.")
    report.error = ""
    report.save(update_fields=["status", "progress", "progress_note", "error"])
    audit_record(
        actor=actor,
        action="report.regenerate",
        obj=report,
        changes={"status": [before, ReportStatus.QUEUED], "forced": force},
    )
    _enqueue(report.pk)
    return report


# --- generation (called by the background task) -----------------------------------------


def _set_progress(report_id: int, progress: int, note: str) -> None:
    PeriodicReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=progress, progress_note=note[:200]
    )


def report_build(*, report_id: int) -> str:
    """Generate a queued report: content (0-40%), PDF (40-70%), DOCX (70-95%), storing with
    SHA-256 (100%). Idempotent: only a queued report is claimed (atomically), so a done or
    running report is left alone. Returns the report's final status."""
    claimed = PeriodicReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=1, progress_note=_("Mulai menyusun isi laporan.")
    )
    if not claimed:
        current = PeriodicReport.objects.filter(pk=report_id).values_list("status", flat=True)
        return current.first() or ""
    report = PeriodicReport.objects.get(pk=report_id)
    stored: list[Any] = []
    try:
        from kotacerdas.monitoring.reports.content import build_report_content
        from kotacerdas.monitoring.reports.docx import render_docx
        from kotacerdas.monitoring.reports.pdf import render_pdf

        _set_progress(report_id, 5, _("Menghitung capaian dan evaluasi."))
        content = build_report_content(report)
        _set_progress(report_id, 40, _("Isi laporan tersusun; membuat PDF."))
        pdf = render_pdf(content)
        _set_progress(report_id, 70, _("PDF selesai; membuat DOCX."))
        docx = render_docx(content)
        _set_progress(report_id, 95, _("DOCX selesai; menyimpan berkas dan sidik SHA-256."))
        stamp = timezone.now().strftime("%Y%m%d%H%M%S")
        base = f"laporan-{report.kind}-{report.year}-{report.pk}-{stamp}"
        old_files = [report.pdf_file.name, report.docx_file.name]
        report.pdf_file.save(f"{base}.pdf", ContentFile(pdf), save=False)
        stored.append(report.pdf_file.name)
        report.docx_file.save(f"{base}.docx", ContentFile(docx), save=False)
        stored.append(report.docx_file.name)
        with transaction.atomic():
            locked = PeriodicReport.objects.select_for_update().get(pk=report_id)
            if locked.status != ReportStatus.RUNNING:
                raise RuntimeError(_("Status laporan berubah selama pembuatan."))
            report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
            report.docx_sha256 = hashlib.sha256(docx).hexdigest()
            report.copies = content.copies
            report.status = ReportStatus.DONE
            report.progress = 100
            report.progress_note = _("Berkas PDF dan DOCX tersimpan dengan sidik SHA-256.")
            report.error = ""
            report.generated_at = timezone.now()
            report.save()
            audit_record(
                actor=None,
                action="report.generate",
                obj=report,
                changes={
                    "status": [ReportStatus.RUNNING, ReportStatus.DONE],
                    "pdf_sha256": report.pdf_sha256,
                    "docx_sha256": report.docx_sha256,
                    "copies": [c["agency_id"] for c in report.copies],
                },
            )
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        storage = PeriodicReport._meta.get_field("pdf_file").storage
        for name in stored:
            if storage.exists(name):
                storage.delete(name)
        message = f"{type(exc).__name__}: {exc}"[:2000]
        with transaction.atomic():
            PeriodicReport.objects.filter(pk=report_id).update(
                status=ReportStatus.FAILED,
                progress_note=_("Gagal dibuat."),
                error=message,
            )
            audit_record(
                actor=None,
                action="report.fail",
                object_type=PeriodicReport._meta.label,
                object_id=report_id,
                object_repr=report.title,
                changes={"status": [ReportStatus.RUNNING, ReportStatus.FAILED], "error": message},
            )
        return ReportStatus.FAILED
    storage = PeriodicReport._meta.get_field("pdf_file").storage
    for name in old_files:
        if name and name not in stored and storage.exists(name):
            storage.delete(name)
    return ReportStatus.DONE


@transaction.atomic
def report_distribution_record(
    *,
    actor: Any,
    report: PeriodicReport,
    recipient: str,
    agency: Agency | None = None,
    channel: str = "",
    sent_at: dt.datetime,
    received_at: dt.datetime | None = None,
) -> ReportDistribution:
    """Pasal 29(2): the report goes to the Wali Kota with copies to the heads of the agencies
    concerned; who received it, how, and when."""
    _require_requester(actor)
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DONE:
        raise ValidationError(_("Laporan belum selesai dibuat sehingga belum dapat dikirim."))
    recipient = (recipient or "").strip()
    errors = {}
    if not recipient:
        errors["recipient"] = _("Penerima wajib diisi.")
    if sent_at is None:
        errors["sent_at"] = _("Waktu pengiriman wajib diisi.")
    elif received_at is not None and received_at < sent_at:
        errors["received_at"] = _("Waktu diterima tidak boleh sebelum waktu dikirim.")
    elif sent_at > timezone.now() + dt.timedelta(minutes=5):
        errors["sent_at"] = _("Waktu pengiriman tidak boleh di masa depan.")
    if errors:
        raise ValidationError(errors)
    distribution = ReportDistribution(
        report=report,
        recipient=recipient[:200],
        agency=agency,
        channel=(channel or "").strip()[:50],
        sent_at=sent_at,
        received_at=received_at,
        recorded_by=actor,
    )
    distribution.full_clean()
    distribution.save()
    audit_record(
        actor=actor, action="report.distribute", obj=distribution, changes=snapshot(distribution)
    )
    return distribution
