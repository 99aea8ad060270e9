"""Writes of the bodies' reports and their routing (Pasal 12 e-f, 13-14).

- The council reports to the Wali Kota (route: mayor).
- The secretariat gives its accountability report to the Ketua Dewan (route: council_chair).
- The Tim Pelaksana reports to the Wali Kota THROUGH the council (route: council, then mayor):
  a team report cannot go to the mayor before the council has received it.

Team reports are created (and handed to the council) by team members; everything else by the
secretariat. A council report may point at a monitoring PeriodicReport the secretariat
facilitated (read through `kotacerdas.monitoring` selectors; never changed here).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.uploads import check_upload
from kotacerdas.institutions.models import (
    BodyReport,
    BodyReportKind,
    Letter,
    ReportRouting,
    RoutingStop,
)
from kotacerdas.institutions.permissions import can_manage, can_manage_team, require_manage
from kotacerdas.monitoring.selectors import reports as monitoring_reports

# The stops each kind of report passes, in order (the last one is its destination).
ROUTES: dict[str, tuple[str, ...]] = {
    BodyReportKind.COUNCIL: (RoutingStop.MAYOR,),
    BodyReportKind.SECRETARIAT: (RoutingStop.COUNCIL_CHAIR,),
    BodyReportKind.TEAM: (RoutingStop.COUNCIL, RoutingStop.MAYOR),
}
REPORT_FILE_KINDS = ("pdf", "docx", "xlsx")


def can_create(user: Any, kind: str) -> bool:
    return can_manage_team(user) if kind == BodyReportKind.TEAM else can_manage(user)


def can_route(user: Any, report: BodyReport, to: str) -> bool:
    """Team members hand the team's report to the council; the secretariat does the rest."""
    if report.kind == BodyReportKind.TEAM and to == RoutingStop.COUNCIL:
        return can_manage_team(user)
    return can_manage(user)


def _stop_label(stop: str) -> str:
    return str(RoutingStop(stop).label)


def _monitoring_report(actor: Any, report_id: int) -> int:
    try:
        return monitoring_reports.report_get(actor=actor, pk=report_id).pk
    except Http404:
        raise ValidationError(
            {"monitoring_report_id": [_("Laporan berkala monev tidak ditemukan.")]}
        ) from None


@transaction.atomic
def body_report_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    summary: str = "",
    upload: Any = None,
    monitoring_report_id: int | None = None,
) -> BodyReport:
    """A report of the council, the secretariat or the team, with an optional file."""
    if kind not in BodyReportKind.values:
        raise ValidationError({"kind": [_("Pilih jenis laporan.")]})
    if not can_create(actor, kind):
        raise PermissionDenied(
            _(
                "Laporan Tim Pelaksana dibuat oleh Tim Pelaksana; laporan lain oleh "
                "Sekretariat Dewan."
            )
        )
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Judul laporan wajib diisi.")]
    elif len(title) > 300:
        errors["title"] = [_("Judul laporan maksimum 300 karakter.")]
    if period_start is None:
        errors["period_start"] = [_("Awal periode wajib diisi.")]
    if period_end is None:
        errors["period_end"] = [_("Akhir periode wajib diisi.")]
    elif period_start is not None and period_end < period_start:
        errors["period_end"] = [_("Akhir periode tidak boleh sebelum awal periode.")]
    if monitoring_report_id and kind != BodyReportKind.COUNCIL:
        errors["monitoring_report_id"] = [
            _("Hanya laporan Dewan yang dapat merujuk laporan berkala monev.")
        ]
    if errors:
        raise ValidationError(errors)
    if monitoring_report_id:
        monitoring_report_id = _monitoring_report(actor, monitoring_report_id)
    info = check_upload(upload, kinds=REPORT_FILE_KINDS) if upload else None
    report = BodyReport(
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        summary=(summary or "").strip(),
        monitoring_report_id=monitoring_report_id or None,
        created_by=actor,
    )
    if info is not None:
        name = os.path.basename(upload.name)[:200]
        report.file_sha256 = info.sha256
        report.file.save(name, File(upload, name=name), save=False)
    try:
        report.save()
        audit_record(actor=actor, action="body_report.create", obj=report, changes=snapshot(report))
    except BaseException:
        if report.file:
            report.file.storage.delete(report.file.name)
        raise
    return report


def next_stop(report: BodyReport, hops: list[ReportRouting] | None = None) -> str | None:
    """Where the report goes next along its route (None when it has reached its destination)."""
    hops = hops if hops is not None else list(report.routing.order_by("step"))
    route = ROUTES[report.kind]
    return route[len(hops)] if len(hops) < len(route) else None


@transaction.atomic
def report_route(
    *,
    actor: Any,
    report: BodyReport,
    to: str,
    sent_at: dt.datetime,
    letter: Letter | None = None,
    note: str = "",
) -> ReportRouting:
    """Record that the report was handed to `to`, enforcing the route of its kind."""
    if to not in RoutingStop.values:
        raise ValidationError({"to": [_("Pilih tujuan laporan.")]})
    report = BodyReport.objects.select_for_update().get(pk=report.pk)
    if not can_route(actor, report, to):
        raise PermissionDenied(_("Anda tidak berwenang mengirim laporan ini ke tujuan tersebut."))
    hops = list(report.routing.order_by("step"))
    route = ROUTES[report.kind]
    if to not in route:
        raise ValidationError(
            {
                "to": [
                    _("%(kind)s dikirim kepada %(route)s, bukan kepada %(to)s.")
                    % {
                        "kind": report.get_kind_display(),
                        "route": _(" lalu ").join(_stop_label(s) for s in route),
                        "to": _stop_label(to),
                    }
                ]
            }
        )
    if any(hop.to == to for hop in hops):
        raise ValidationError(
            {"to": [_("Laporan ini sudah dikirim kepada %(to)s.") % {"to": _stop_label(to)}]}
        )
    expected = next_stop(report, hops)
    if to != expected:
        raise ValidationError(
            {
                "to": [
                    _(
                        "Laporan Tim Pelaksana disampaikan kepada Wali Kota melalui Dewan: "
                        "kirim dahulu kepada %(expected)s."
                    )
                    % {"expected": _stop_label(expected)}
                ]
            }
        )
    previous = hops[-1] if hops else None
    if previous is not None and previous.received_at is None:
        raise ValidationError(
            {
                "to": [
                    _(
                        "Laporan belum diterima oleh %(previous)s; catat penerimaannya dahulu "
                        "sebelum meneruskan kepada %(to)s."
                    )
                    % {"previous": _stop_label(previous.to), "to": _stop_label(to)}
                ]
            }
        )
    if sent_at is None:
        raise ValidationError({"sent_at": [_("Waktu pengiriman wajib diisi.")]})
    if sent_at > timezone.now():
        raise ValidationError({"sent_at": [_("Waktu pengiriman tidak boleh di masa depan.")]})
    if previous is not None and sent_at < previous.received_at:
        raise ValidationError(
            {
                "sent_at": [
                    _("Laporan tidak dapat diteruskan sebelum diterima oleh %(previous)s.")
                    % {"previous": _stop_label(previous.to)}
                ]
            }
        )
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": [_("Catatan maksimum 300 karakter.")]})
    hop = ReportRouting.objects.create(
        report=report,
        step=len(hops) + 1,
        to=to,
        sent_at=sent_at,
        letter=letter,
        note=note,
        recorded_by=actor,
    )
    audit_record(actor=actor, action="body_report.route", obj=hop, changes=snapshot(hop))
    return hop


@transaction.atomic
def report_mark_received(
    *, actor: Any, routing: ReportRouting, received_at: dt.datetime
) -> ReportRouting:
    """Record when the addressee of a hop received the report."""
    require_manage(actor)
    hop = ReportRouting.objects.select_for_update().get(pk=routing.pk)
    if hop.received_at is not None:
        raise ValidationError(
            {"received_at": [_("Penerimaan laporan pada tahap ini sudah dicatat.")]}
        )
    if received_at is None:
        raise ValidationError({"received_at": [_("Waktu diterima wajib diisi.")]})
    if received_at > timezone.now():
        raise ValidationError({"received_at": [_("Waktu diterima tidak boleh di masa depan.")]})
    if received_at < hop.sent_at:
        raise ValidationError(
            {"received_at": [_("Waktu diterima tidak boleh sebelum waktu pengiriman.")]}
        )
    hop.received_at = received_at
    hop.save(update_fields=["received_at"])
    audit_record(
        actor=actor,
        action="body_report.received",
        obj=hop,
        changes={"received_at": [None, received_at.isoformat()]},
    )
    return hop
