"""Reads of the periodic reports to the Wali Kota (Pasal 15(3)-(4), 29) and of the data their
content is assembled from that no other selector provides (problems, recommendations,
the activity annex, the agencies concerned)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Agency, Role
from kotacerdas.masterplan.models import Activity, BudgetAllocation
from kotacerdas.monitoring.models import (
    PeriodicReport,
    Realisation,
    RealisationStatus,
    Recommendation,
    RecommendationStatus,
    ReportDistribution,
    ReportKind,
    ReportStatus,
)

# Pasal 29(1): the council with the implementation team draws up the reports.
REQUESTER_ROLES = (Role.COUNCIL_SECRETARIAT, Role.TEAM_MEMBER)
# Who reads every report: the authors, the council, the mayor's side, the walidata.
READER_ROLES = (
    Role.COUNCIL_SECRETARIAT,
    Role.TEAM_MEMBER,
    Role.COUNCIL_MEMBER,
    Role.EXECUTIVE,
    Role.WALIDATA,
)
# Realisation that is at least submitted: its problems are the agency's own account.
REPORTED_STATUSES = (
    RealisationStatus.SUBMITTED,
    RealisationStatus.VERIFIED,
    RealisationStatus.LOCKED,
)


def can_request_reports(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, *REQUESTER_ROLES)


def can_read_all_reports(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, *READER_ROLES)


def _copied_agency_ids(report: PeriodicReport) -> set[int]:
    return {int(c["agency_id"]) for c in report.copies or [] if c.get("agency_id")}


def can_read_report(user: Any, report: PeriodicReport) -> bool:
    """Readers of every report, and the officers of an agency the report is copied to
    (Pasal 29(2): tembusan Kepala Perangkat Daerah terkait)."""
    if can_read_all_reports(user):
        return True
    scope = permissions.agency_scope_ids(user)
    return bool(scope and scope & _copied_agency_ids(report))


def report_list(*, actor: Any) -> QuerySet[PeriodicReport]:
    reports = PeriodicReport.objects.select_related("requested_by").order_by("-requested_at", "-id")
    if can_read_all_reports(actor):
        return reports
    scope = permissions.agency_scope_ids(actor) or set()
    if not scope:
        return reports.none()
    # JSON containment is not portable (SQLite); the copies list is short, filter in Python.
    visible = [
        pk
        for pk, copies in PeriodicReport.objects.values_list("id", "copies")
        if scope & {int(c["agency_id"]) for c in copies or [] if c.get("agency_id")}
    ]
    return reports.filter(pk__in=visible)


def report_get(*, actor: Any, pk: int) -> PeriodicReport:
    report = PeriodicReport.objects.select_related("requested_by").filter(pk=pk).first()
    if report is None or not can_read_report(actor, report):
        # Not found and not allowed look the same: no report ids are leaked.
        raise Http404(_("Laporan tidak ditemukan."))
    return report


def report_progress(*, pk: int) -> dict[str, Any]:
    """The few fields the progress bar polls (one small query)."""
    return (
        PeriodicReport.objects.filter(pk=pk)
        .values("status", "progress", "progress_note", "error")
        .get()
    )


def report_distributions(*, report: PeriodicReport) -> QuerySet[ReportDistribution]:
    return report.distributions.select_related("agency", "recorded_by").order_by("sent_at", "id")


def report_distribution_suggestions(*, report: PeriodicReport) -> list[dict[str, Any]]:
    """The addressee and the copies not yet logged as sent, to pre-fill the form."""
    sent = set(report.distributions.values_list("recipient", flat=True))
    rows = [{"recipient": _("Wali Kota Bekasi"), "agency_id": None}]
    rows += [
        {"recipient": c["recipient"], "agency_id": c.get("agency_id")} for c in report.copies or []
    ]
    return [row for row in rows if row["recipient"] not in sent]


# --- period arithmetic --------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def report_quarters(report: PeriodicReport) -> list[int]:
    """The quarters of `report.year` the report covers."""
    if report.kind == ReportKind.SEMESTER:
        return [1, 2] if report.semester == 1 else [3, 4]
    if report.kind == ReportKind.ANNUAL:
        return [1, 2, 3, 4]
    return list(range(quarter_of(report.period_start), quarter_of(report.period_end) + 1))


# --- data for the content -----------------------------------------------------------------


@dataclass
class ProblemRow:
    activity_code: str
    activity_name: str
    agency: str
    quarter: int
    problems: str
    inhibiting: str
    follow_up: str


def report_problems(*, year: int, quarters: list[int], limit: int = 300) -> list[ProblemRow]:
    """Problems and inhibiting factors of the period's submitted realisation: per activity, the
    latest quarter that names any (the activity's current account of its problems)."""
    rows = (
        Realisation.objects.filter(
            period__year=year, period__quarter__in=quarters, status__in=REPORTED_STATUSES
        )
        .exclude(problems="", inhibiting_factors="")
        .select_related("activity__agency", "activity__organisation", "period")
        .order_by("activity__code", "activity_id", "period__quarter")
    )
    latest: dict[int, Realisation] = {}
    for realisation in rows:
        latest[realisation.activity_id] = realisation  # ordered by quarter: the last one wins
    result = []
    for realisation in list(latest.values())[:limit]:
        activity = realisation.activity
        implementer = (
            activity.agency.short_name
            if activity.agency_id
            else (activity.organisation.name if activity.organisation_id else "-")
        )
        result.append(
            ProblemRow(
                activity_code=activity.code,
                activity_name=activity.name,
                agency=implementer,
                quarter=realisation.period.quarter,
                problems=realisation.problems.strip(),
                inhibiting=realisation.inhibiting_factors.strip(),
                follow_up=realisation.follow_up_plan.strip(),
            )
        )
    return result


def report_recommendations(*, year: int) -> list[Recommendation]:
    """The cycle's recommendations, and the earlier ones still open (carried forward)."""
    open_statuses = (RecommendationStatus.OPEN, RecommendationStatus.IN_PROGRESS)
    return list(
        Recommendation.objects.filter(Q(year=year) | Q(year__lt=year, status__in=open_statuses))
        .select_related("owner_agency", "dimension", "activity")
        .order_by("due_date", "id")[:300]
    )


@dataclass
class AnnexRow:
    code: str
    name: str
    implementer: str
    dimension: str
    budget: Decimal
    realised: Decimal | None
    progress: Decimal | None
    status: str


def report_activity_annex(*, year: int, quarters: list[int]) -> list[AnnexRow]:
    """Every activity with a budget in the year or realisation in the period: the latest
    physical progress of the period and the budget realised (a few queries in all)."""
    budgets = dict(
        BudgetAllocation.objects.filter(year=year)
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values_list("activity_id", "total")
    )
    latest: dict[int, Realisation] = {}
    realised: dict[int, Decimal] = {}
    for realisation in Realisation.objects.filter(
        period__year=year, period__quarter__in=quarters
    ).select_related("period"):
        current = latest.get(realisation.activity_id)
        if current is None or realisation.period.quarter > current.period.quarter:
            latest[realisation.activity_id] = realisation
        if realisation.budget_realised is not None:
            realised[realisation.activity_id] = (
                realised.get(realisation.activity_id, Decimal(0)) + realisation.budget_realised
            )
    ids = set(budgets) | set(latest)
    activities = (
        Activity.objects.filter(pk__in=ids)
        .select_related("agency", "organisation", "dimension")
        .order_by("code", "pk")
    )
    rows = []
    for activity in activities:
        realisation = latest.get(activity.pk)
        implementer = (
            activity.agency.short_name
            if activity.agency_id
            else (activity.organisation.name if activity.organisation_id else "-")
        )
        rows.append(
            AnnexRow(
                code=activity.code,
                name=activity.name,
                implementer=implementer,
                dimension=activity.dimension.name if activity.dimension_id else "-",
                budget=budgets.get(activity.pk) or Decimal(0),
                realised=realised.get(activity.pk),
                progress=realisation.physical_progress if realisation else None,
                status=str(realisation.get_status_display()) if realisation else _("Belum diisi"),
            )
        )
    return rows


def agencies_concerned(*, year: int, quarters: list[int], extra_ids: set[int]) -> list[Agency]:
    """The agencies whose programs appear in the report: those with an activity budgeted in the
    year or realised in the period, plus the implementers ranked (`extra_ids`)."""
    activity_agencies = set(
        Activity.objects.filter(
            Q(budgets__year=year)
            | Q(realisations__period__year=year, realisations__period__quarter__in=quarters),
            agency__isnull=False,
        ).values_list("agency_id", flat=True)
    )
    ids = activity_agencies | {i for i in extra_ids if i}
    return list(Agency.objects.filter(pk__in=ids).order_by("name"))


def report_is_done(report: PeriodicReport) -> bool:
    return report.status == ReportStatus.DONE and bool(report.pdf_file) and bool(report.docx_file)
