"""Statistics of complaints (issue #5 item 11): counts, median times, SLA compliance and
agency scorecards by agency, category, kecamatan and channel; a map of cases.

Who: signed-in staff, i.e. users holding any platform role (the figures are city-wide
aggregates without personal data; an agency officer sees their own agency highlighted).
Merged duplicates are not counted.

Definitions (shown on the page):
- times are calendar HOURS from `received_at` to `verified_at` (verify), to `responded_at`
  (respond: the agency or URC started work) and to `resolved_at` (resolve); medians over the
  cases that reached the milestone;
- SLA compliance % = share of "measured" cases that were never late, where measured cases are
  the handled ones (resolved or closed) plus the open ones already late (`is_overdue`);
- agencies are ranked (compliance, then median time to resolve) only from MIN_CASES cases.

Counts are SQL aggregates. Medians are `percentile_cont` on PostgreSQL; on SQLite they are
computed in Python over the milestone values (at most MEDIAN_ROWS_MAX rows).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Aggregate, Avg, Count, F, FloatField, Func, Q, QuerySet
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.complaints.models import Case, CaseState, Channel
from kotacerdas.complaints.selectors.cases import can_use_back_office
from kotacerdas.core import permissions
from kotacerdas.core.models import Region, Role
from kotacerdas.core.models.regions import RegionLevel
from kotacerdas.core.workdays import JAKARTA

MIN_CASES = 20
MEDIAN_ROWS_MAX = 200_000
GRID_DEGREES = 2  # map grid cells of 0.01 degree (about 1.1 km)
MEASURES = (("verify", "verified_at"), ("respond", "responded_at"), ("resolve", "resolved_at"))
HANDLED = (CaseState.RESOLVED, CaseState.CLOSED)

DIMENSIONS: dict[str, tuple[str, Any]] = {
    "agency": ("assigned_agency", gettext_lazy("Perangkat Daerah")),
    "category": ("category", gettext_lazy("Kategori")),
    "kecamatan": ("kecamatan", gettext_lazy("Kecamatan")),
    "channel": ("channel", gettext_lazy("Kanal")),
}


@dataclass(frozen=True)
class StatsFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    channel: str = ""

    @classmethod
    def parse(cls, data: Any) -> StatsFilters:
        """From query parameters `dari`, `sampai` (YYYY-MM-DD) and `kanal`; bad values ignored."""

        def day(value: Any) -> dt.date | None:
            try:
                return dt.date.fromisoformat(str(value or "").strip())
            except ValueError:
                return None

        channel = str(data.get("kanal") or data.get("channel") or "")
        return cls(
            date_from=day(data.get("dari") or data.get("date_from")),
            date_to=day(data.get("sampai") or data.get("date_to")),
            channel=channel if channel in Channel.values else "",
        )


def can_read_stats(actor: Any) -> bool:
    """Signed-in staff: anyone holding a platform role (the figures are aggregates)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return bool(getattr(actor, "roles", None)) or can_use_back_office(actor)


def require_stats_reader(actor: Any) -> None:
    if not can_read_stats(actor):
        raise PermissionDenied(_("Statistik pengaduan hanya untuk petugas."))


def own_agency_ids(actor: Any) -> set[int]:
    """The agencies to highlight for an agency officer (their own and merged predecessors)."""
    if permissions.has_role(actor, Role.AGENCY_OFFICER) and getattr(actor, "agency_id", None):
        return set(permissions.agency_scope_ids(actor) or {actor.agency_id})
    return set()


def stats_cases(filters: StatsFilters) -> QuerySet[Case]:
    """The cases counted: not merged into another, received in the date range, of the channel."""
    cases = Case.objects.filter(merged_into__isnull=True)
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=JAKARTA)
        cases = cases.filter(received_at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, JAKARTA)
        cases = cases.filter(received_at__lt=end)
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    return cases


# --- aggregates


class _Hours(Func):
    """PostgreSQL: hours between two timestamps (end - start)."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)"
    arg_joiner = " - "
    output_field = FloatField()


class _Median(Aggregate):
    """PostgreSQL: the median (`percentile_cont(0.5)`) of an expression; NULLs are skipped."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _counts() -> dict[str, Any]:
    measured = Q(state__in=HANDLED) | Q(is_overdue=True)
    return {
        "total": Count("id"),
        "open": Count("id", filter=~Q(state=CaseState.CLOSED)),
        "handled": Count("id", filter=Q(state__in=HANDLED)),
        "overdue": Count("id", filter=Q(is_overdue=True)),
        "measured": Count("id", filter=measured),
        "late": Count("id", filter=measured & Q(is_overdue=True)),
        "rating": Avg("rating"),
    }


def _sql_medians() -> dict[str, Any]:
    return {
        f"median_{name}": _Median(_Hours(F(field), F("received_at"))) for name, field in MEASURES
    }


def _python_medians(cases: QuerySet[Case], key: str | None) -> dict[Any, dict[str, float]]:
    """{group key: {median_<measure>: hours}} over the values (bounded)."""
    fields = ["received_at", *(field for _name, field in MEASURES)]
    rows = cases.values_list(key or "pk", *fields)[:MEDIAN_ROWS_MAX]
    values: dict[Any, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for group, received, *milestones in rows:
        group = group if key else None
        for (name, _field), moment in zip(MEASURES, milestones, strict=True):
            if moment is not None:
                values[group][name].append((moment - received).total_seconds() / 3600)
    return {
        group: {f"median_{name}": statistics.median(v) for name, v in measures.items() if v}
        for group, measures in values.items()
    }


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    for name, _field in MEASURES:
        value = row.get(f"median_{name}")
        row[f"median_{name}"] = round(value, 1) if value is not None else None
    measured = row["measured"]
    row["compliance"] = round(100 * (measured - row["late"]) / measured, 1) if measured else None
    row["rating"] = round(row["rating"], 2) if row.get("rating") is not None else None
    return row


def _labels(dimension: str, keys: list[Any]) -> dict[Any, str]:
    if dimension == "channel":
        return {key: str(Channel(key).label) for key in keys if key in Channel.values}
    field = Case._meta.get_field(DIMENSIONS[dimension][0])
    model = field.related_model
    objects = model.objects.filter(pk__in=[k for k in keys if k is not None]).in_bulk()
    return {
        key: getattr(obj, "display_name", None) or str(obj.name) for key, obj in objects.items()
    }


def totals(cases: QuerySet[Case]) -> dict[str, Any]:
    """The figures of every case in `cases`, in one row."""
    postgres = connection.vendor == "postgresql"
    row = cases.aggregate(**_counts(), **(_sql_medians() if postgres else {}))
    if not postgres:
        row.update(_python_medians(cases, None).get(None, {}))
    return _finish(row)


def breakdown(cases: QuerySet[Case], dimension: str) -> list[dict[str, Any]]:
    """One row per value of `dimension` (agency, category, kecamatan, channel), most cases first:
    key, label, total, open, handled, overdue, compliance, median_* (hours), rating."""
    key = DIMENSIONS[dimension][0]
    column = key if dimension == "channel" else f"{key}_id"
    postgres = connection.vendor == "postgresql"
    grouped = cases.order_by().values(column)
    rows = list(grouped.annotate(**_counts(), **(_sql_medians() if postgres else {})))
    medians = {} if postgres else _python_medians(cases, column)
    labels = _labels(dimension, [row[column] for row in rows])
    result = []
    for row in rows:
        value = row.pop(column)
        row.update(medians.get(value, {}))
        row["key"] = value
        row["label"] = labels.get(value) or _("(belum ditentukan)")
        result.append(_finish(row))
    result.sort(key=lambda r: (-r["total"], str(r["label"])))
    return result


def scorecards(
    rows: list[dict[str, Any]], *, min_cases: int = MIN_CASES, highlight: set[int] | None = None
) -> list[dict[str, Any]]:
    """Agency rows ranked by SLA compliance (then median time to resolve); an agency with fewer
    than `min_cases` cases is not ranked ("belum cukup data")."""
    highlight = highlight or set()
    agencies = [dict(row) for row in rows if row["key"] is not None]
    ranked = [row for row in agencies if row["total"] >= min_cases]
    ranked.sort(
        key=lambda r: (
            -(r["compliance"] if r["compliance"] is not None else -1),
            r["median_resolve"] if r["median_resolve"] is not None else float("inf"),
            str(r["label"]),
        )
    )
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
        row["enough_data"] = True
    unranked = [row for row in agencies if row["total"] < min_cases]
    for row in unranked:
        row["rank"] = None
        row["enough_data"] = False
    result = ranked + sorted(unranked, key=lambda r: (-r["total"], str(r["label"])))
    for row in result:
        row["is_own"] = row["key"] in highlight
    return result


def kecamatan_map(cases: QuerySet[Case]) -> dict[str, Any]:
    """Cases per kecamatan (by Kemendagri code; Region has no population, so counts, not rates)
    and the points in a grid of 0.01-degree cells: {"kecamatan": {code: n}, "grid": [...]}."""
    per_kecamatan = dict(
        cases.order_by()
        .filter(kecamatan__isnull=False)
        .values_list("kecamatan__code")
        .annotate(n=Count("id"))
        .values_list("kecamatan__code", "n")
    )
    cells = (
        cases.order_by()
        .filter(lat__isnull=False, lng__isnull=False)
        .annotate(cell_lat=Round("lat", GRID_DEGREES), cell_lng=Round("lng", GRID_DEGREES))
        .values("cell_lat", "cell_lng")
        .annotate(n=Count("id"))
    )
    grid = [
        {"lat": float(cell["cell_lat"]), "lng": float(cell["cell_lng"]), "count": cell["n"]}
        for cell in cells
    ]
    names = dict(Region.objects.filter(level=RegionLevel.KECAMATAN).values_list("code", "name"))
    return {
        "measure": "count",
        "kecamatan": {
            code: {"name": names.get(code, code), "count": n} for code, n in per_kecamatan.items()
        },
        "grid": grid,
        "cell_degrees": 10**-GRID_DEGREES,
    }


def complaint_stats(
    *, actor: Any, filters: StatsFilters, min_cases: int = MIN_CASES
) -> dict[str, Any]:
    """Every figure of the stats page and API for `actor` (PermissionDenied for non-staff)."""
    require_stats_reader(actor)
    cases = stats_cases(filters)
    highlight = own_agency_ids(actor)
    by_agency = breakdown(cases, "agency")
    for row in by_agency:
        row["is_own"] = row["key"] in highlight
    return {
        "filters": filters,
        "generated_at": timezone.now(),
        "min_cases": min_cases,
        "totals": totals(cases),
        "by_agency": by_agency,
        "by_category": breakdown(cases, "category"),
        "by_kecamatan": breakdown(cases, "kecamatan"),
        "by_channel": breakdown(cases, "channel"),
        "scorecards": scorecards(by_agency, min_cases=min_cases, highlight=highlight),
        "own_agency_ids": sorted(highlight),
    }
