"""Reads of the bodies' reports and their routing (Pasal 12 e-f, 13-14)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kotacerdas.institutions.models import BodyReport, ReportRouting, RoutingStop
from kotacerdas.institutions.permissions import require_read
from kotacerdas.institutions.services.reports import ROUTES
from kotacerdas.monitoring.selectors import reports as monitoring_reports


@dataclass(frozen=True)
class RouteStep:
    """One stop of a report's route: done (with its hop) or still ahead."""

    to: str
    label: str
    hop: ReportRouting | None

    @property
    def state(self) -> str:
        if self.hop is None:
            return "pending"
        return "received" if self.hop.received_at else "sent"


def report_list(
    *, actor: Any, kind: str = "", year: int | None = None, search: str = ""
) -> QuerySet[BodyReport]:
    """Reports newest period first, with their hops, filtered by kind, year and search."""
    require_read(actor)
    queryset = BodyReport.objects.prefetch_related(
        Prefetch("routing", queryset=ReportRouting.objects.order_by("step"))
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(Q(period_start__year__lte=year) & Q(period_end__year__gte=year))
    search = (search or "").strip()
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    return queryset.order_by("-period_end", "-id")


def report_years() -> list[int]:
    return sorted(
        {d.year for d in BodyReport.objects.values_list("period_end", flat=True)}, reverse=True
    )


def report_get(*, actor: Any, pk: int) -> BodyReport:
    require_read(actor)
    return get_object_or_404(BodyReport.objects.select_related("created_by"), pk=pk)


def report_timeline(report: BodyReport) -> list[RouteStep]:
    """The route of the report's kind, each stop with its hop when it has been sent."""
    hops = {hop.to: hop for hop in report.routing.select_related("letter", "recorded_by")}
    return [
        RouteStep(to=stop, label=str(RoutingStop(stop).label), hop=hops.get(stop))
        for stop in ROUTES[report.kind]
    ]


def report_status(report: BodyReport) -> str:
    """A short Indonesian status: draft, sent to / received by the last stop, or done."""
    hops = sorted(report.routing.all(), key=lambda hop: hop.step)
    if not hops:
        return _("Belum dikirim")
    last = hops[-1]
    label = RoutingStop(last.to).label
    destination = ROUTES[report.kind][-1]
    if last.to == destination and last.received_at:
        return _("Selesai: diterima %(to)s") % {"to": label}
    if last.received_at:
        return _("Diterima %(to)s") % {"to": label}
    return _("Dikirim kepada %(to)s") % {"to": label}


def routing_get(*, actor: Any, pk: int) -> ReportRouting:
    require_read(actor)
    return get_object_or_404(ReportRouting.objects.select_related("report"), pk=pk)


def monitoring_report_choices(*, actor: Any) -> list[tuple[int, str]]:
    """Monitoring periodic reports the actor may see, for the council report's select list."""
    return [
        (
            report.pk,
            f"{report.title} ({report.period_start:%d-%m-%Y} s.d. {report.period_end:%d-%m-%Y})",
        )
        for report in monitoring_reports.report_list(actor=actor)[:200]
    ]


def monitoring_report_title(*, actor: Any, pk: int | None) -> str | None:
    if not pk:
        return None
    try:
        return monitoring_reports.report_get(actor=actor, pk=pk).title
    except Http404:
        return None
