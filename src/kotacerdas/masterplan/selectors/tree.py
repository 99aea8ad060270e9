"""Reads of the program tree (Pasal 7): dimension -> priority program -> program -> activity
-> sub-activity, with budget totals per year (Pasal 30).

The plan itself is a public document (Pasal 8: set by Keputusan Wali Kota; the transparency
page shows it), so every signed-in user reads the whole tree; what an agency officer may
change is decided by `services.tree.can_edit_node`. Lists run a fixed number of queries
whatever the size of the tree.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from kotacerdas.core.models import Agency
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Dimension,
    Indicator,
    IndicatorTarget,
    PriorityProgram,
    Program,
    SubActivity,
)

ZERO = decimal.Decimal(0)


@dataclass
class TreeFilters:
    year: int
    dimension: str = ""  # dimension code
    agency: str = ""  # agency code
    quick_win: bool | None = None


@dataclass
class PriorityProgramNode:
    priority_program: PriorityProgram | None
    programs: list[Program] = field(default_factory=list)

    @property
    def budget_total(self) -> decimal.Decimal:
        return sum((p.budget_total or ZERO for p in self.programs), ZERO)


@dataclass
class DimensionNode:
    dimension: Dimension
    priority_programs: list[PriorityProgramNode] = field(default_factory=list)

    @property
    def budget_total(self) -> decimal.Decimal:
        return sum((n.budget_total for n in self.priority_programs), ZERO)

    @property
    def program_count(self) -> int:
        return sum(len(n.programs) for n in self.priority_programs)


def _budget_sum(prefix: str, year: int) -> Sum:
    return Sum(f"{prefix}budgets__amount", filter=Q(**{f"{prefix}budgets__year": year}))


def program_queryset(filters: TreeFilters) -> QuerySet[Program]:
    programs = Program.objects.select_related(
        "agency", "organisation", "dimension", "priority_program"
    ).annotate(
        budget_total=_budget_sum("activities__", filters.year),
        activity_count=Count("activities", distinct=True),
    )
    if filters.dimension:
        programs = programs.filter(dimension__code=filters.dimension)
    if filters.agency:
        programs = programs.filter(agency__code=filters.agency)
    if filters.quick_win:
        quick = Activity.objects.filter(program=OuterRef("pk"), quick_win=True)
        programs = programs.filter(Q(quick_win=True) | Exists(quick))
    return programs.order_by("priority_program__number", "code", "pk")


def program_tree(*, filters: TreeFilters) -> list[DimensionNode]:
    """Dimensions holding priority programs holding programs (three queries). Programs that
    support no priority program are grouped under a node without a priority program."""
    dimensions = list(Dimension.objects.order_by("order"))
    if filters.dimension:
        dimensions = [d for d in dimensions if d.code == filters.dimension]
    nodes = {d.pk: DimensionNode(dimension=d) for d in dimensions}
    pp_nodes: dict[Any, PriorityProgramNode] = {}
    show_all_pp = not filters.agency and not filters.quick_win
    priority_programs = PriorityProgram.objects.select_related("priority_area").order_by("number")
    for pp in priority_programs:
        if pp.dimension_id in nodes:
            pp_nodes[pp.pk] = PriorityProgramNode(priority_program=pp)
    orphans: dict[int, PriorityProgramNode] = {}
    for program in program_queryset(filters):
        if program.priority_program_id in pp_nodes:
            pp_nodes[program.priority_program_id].programs.append(program)
        elif program.dimension_id in nodes:
            orphans.setdefault(
                program.dimension_id, PriorityProgramNode(priority_program=None)
            ).programs.append(program)
    for node in pp_nodes.values():
        if show_all_pp or node.programs:
            nodes[node.priority_program.dimension_id].priority_programs.append(node)
    for dimension_id, node in orphans.items():
        nodes[dimension_id].priority_programs.append(node)
    return [n for n in nodes.values() if n.priority_programs or show_all_pp]


def program_activities(
    *, program: Program, year: int, quick_win: bool | None = None
) -> QuerySet[Activity]:
    activities = (
        Activity.objects.filter(program=program)
        .select_related("agency", "organisation")
        .annotate(
            budget_total=_budget_sum("", year),
            sub_activity_count=Count("sub_activities", distinct=True),
        )
        .prefetch_related(Prefetch("sub_activities", queryset=SubActivity.objects.order_by("code")))
        .order_by("code")
    )
    if quick_win:
        activities = activities.filter(quick_win=True)
    return activities


def program_get(*, pk: int) -> Program:
    return get_object_or_404(
        Program.objects.select_related(
            "agency", "organisation", "dimension", "priority_program"
        ).prefetch_related("elements"),
        pk=pk,
    )


def priority_program_get(*, pk: int) -> PriorityProgram:
    return get_object_or_404(
        PriorityProgram.objects.select_related("dimension", "priority_area", "agency"),
        pk=pk,
    )


def activity_get(*, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related(
            "program", "program__priority_program", "agency", "organisation", "dimension"
        ).prefetch_related(
            "elements",
            Prefetch("budgets", queryset=BudgetAllocation.objects.order_by("-year", "source")),
            Prefetch("sub_activities", queryset=SubActivity.objects.order_by("code")),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
                ),
            ),
        ),
        pk=pk,
    )


def sub_activity_get(*, pk: int) -> SubActivity:
    return get_object_or_404(
        SubActivity.objects.select_related("activity", "activity__program", "agency"), pk=pk
    )


def activity_list(
    *,
    year: int | None = None,
    dimension: str = "",
    agency: str = "",
    quick_win: bool | None = None,
    program_id: int | None = None,
    priority_program: int | None = None,
    search: str = "",
) -> QuerySet[Activity]:
    """Activities for lists and the API, with their budget total for `year`."""
    activities = Activity.objects.select_related(
        "program", "program__priority_program", "agency", "organisation", "dimension"
    ).prefetch_related("elements")
    if year is not None:
        activities = activities.annotate(budget_total=_budget_sum("", year))
    if dimension:
        activities = activities.filter(dimension__code=dimension)
    if agency:
        activities = activities.filter(agency__code=agency)
    if quick_win is not None:
        activities = activities.filter(quick_win=quick_win)
    if program_id is not None:
        activities = activities.filter(program_id=program_id)
    if priority_program is not None:
        activities = activities.filter(program__priority_program__number=priority_program)
    if search:
        activities = activities.filter(Q(name__icontains=search) | Q(code__startswith=search))
    return activities.order_by("program__code", "code", "pk")


def agencies_with_programs() -> QuerySet[Agency]:
    return Agency.objects.filter(
        pk__in=Program.objects.filter(agency__isnull=False).values("agency_id")
    ).order_by("name")


def budget_by_source(*, activity: Activity, year: int) -> dict[str, decimal.Decimal]:
    return {b.source: b.amount for b in activity.budgets.all() if b.year == year}


def tree_export_rows(*, year: int, agency: str = "", dimension: str = "") -> list[list[str]]:
    """The agency tree as rows of the import template (`services.importing.TREE_COLUMNS`), so
    that an export can be edited and imported back. Budgets of `year`. Participatory programs
    without an agency are left out (the template keys rows by agency code). Four queries."""
    from kotacerdas.masterplan.services.importing import BUDGET_COLUMNS, TREE_COLUMNS

    def row(**values: Any) -> list[str]:
        cells = dict.fromkeys(TREE_COLUMNS, "")
        cells.update({k: "" if v is None else str(v) for k, v in values.items()})
        return [cells[c] for c in TREE_COLUMNS]

    def node(obj: Any) -> dict[str, Any]:
        return {
            "nama": obj.name,
            "uraian": obj.description,
            "kode_pd": obj.agency.code,
            "kode_dimensi": obj.dimension.code if obj.dimension_id else "",
            "kode_unsur": ";".join(sorted(e.code for e in obj.elements.all())),
            "quick_win": "ya" if obj.quick_win else "tidak",
            "tahun_mulai": obj.roadmap_start_year,
            "tahun_selesai": obj.roadmap_end_year,
            "tahap": obj.phase,
        }

    programs = (
        Program.objects.filter(agency__isnull=False)
        .select_related("agency", "dimension", "priority_program")
        .prefetch_related(
            "elements",
            Prefetch(
                "activities",
                queryset=Activity.objects.select_related("agency", "dimension")
                .filter(agency__isnull=False)
                .prefetch_related(
                    "elements",
                    Prefetch("budgets", queryset=BudgetAllocation.objects.filter(year=year)),
                    Prefetch(
                        "sub_activities",
                        queryset=SubActivity.objects.select_related("agency", "dimension")
                        .filter(agency__isnull=False)
                        .prefetch_related("elements"),
                    ),
                )
                .order_by("code"),
            ),
        )
        .order_by("agency__code", "code")
    )
    if agency:
        programs = programs.filter(agency__code=agency)
    if dimension:
        programs = programs.filter(dimension__code=dimension)
    rows = []
    for program in programs:
        pp = program.priority_program.number if program.priority_program_id else ""
        rows.append(
            row(tingkat="program", kode=program.code, nomor_program_prioritas=pp, **node(program))
        )
        for activity in program.activities.all():
            budgets = {b.source: b.amount for b in activity.budgets.all()}
            money = {column: budgets.get(source, "") for column, source in BUDGET_COLUMNS.items()}
            rows.append(
                row(tingkat="kegiatan", kode=activity.code, tahun_anggaran=year if budgets else "",
                    **node(activity), **money)
            )  # fmt: skip
            for sub in activity.sub_activities.all():
                rows.append(row(tingkat="sub_kegiatan", kode=sub.code, **node(sub)))
    return rows
