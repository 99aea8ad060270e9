"""Reads of the Rencana Induk document (Pasal 8): versions, chapters, the diff between two
versions, and the program data that chapters III-IV and the Lampiran are generated from."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.models import Role
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Dimension,
    Indicator,
    IndicatorTarget,
    Masterplan,
    MasterplanChapter,
    MasterplanStatus,
    PriorityProgram,
    Program,
)

# Drafts are internal working papers of the team and council; approved versions are public.
DRAFT_READER_ROLES = (
    Role.TEAM_MEMBER,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARIAT,
    Role.EXECUTIVE,
    Role.WALIDATA,
)


def can_read_drafts(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, *DRAFT_READER_ROLES)


def masterplan_list(*, actor: Any) -> QuerySet[Masterplan]:
    versions = Masterplan.objects.select_related("based_on").order_by("-version")
    if not can_read_drafts(actor):
        versions = versions.exclude(status=MasterplanStatus.DRAFT)
    return versions


def masterplan_get(*, actor: Any, version: int) -> Masterplan:
    masterplan = masterplan_list(actor=actor).filter(version=version).first()
    if masterplan is None:
        raise Http404(_("Versi Rencana Induk tidak ditemukan."))
    return masterplan


def masterplan_approved() -> Masterplan | None:
    """The version in force (set by the latest Keputusan Wali Kota), if any."""
    return Masterplan.objects.filter(status=MasterplanStatus.APPROVED).order_by("-version").first()


def masterplan_chapters(*, masterplan: Masterplan) -> list[MasterplanChapter]:
    return list(masterplan.chapters.order_by("order"))


# --- Diff between two versions -----------------------------------------------------------

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass
class DiffLine:
    """One line of a unified diff. `segments` are (kind, text) with kind "same", "ins", "del"."""

    kind: str  # "same", "ins", "del"
    segments: list[tuple[str, str]]
    old_no: int | None = None
    new_no: int | None = None


@dataclass
class ChapterDiff:
    code: str
    title: str
    changed: bool
    added: int = 0
    removed: int = 0
    lines: list[DiffLine] = field(default_factory=list)


@dataclass
class MasterplanDiff:
    old: Masterplan
    new: Masterplan
    metadata: list[tuple[str, str, str]]  # (label, old, new) for fields that differ
    chapters: list[ChapterDiff]

    @property
    def changed(self) -> bool:
        return bool(self.metadata) or any(chapter.changed for chapter in self.chapters)


def _word_segments(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_segments: list[tuple[str, str]] = []
    new_segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            old_segments.append(("same", "".join(a[i1:i2])))
            new_segments.append(("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            old_segments.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            new_segments.append(("ins", "".join(b[j1:j2])))
    return old_segments, new_segments


def _chapter_diff(code: str, title: str, old: str, new: str, context: int) -> ChapterDiff:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    result = ChapterDiff(code=code, title=title, changed=old_lines != new_lines)
    if not result.changed:
        return result
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if result.lines:
            result.lines.append(DiffLine(kind="gap", segments=[]))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                for offset, line in enumerate(old_lines[i1:i2]):
                    result.lines.append(
                        DiffLine("same", [("same", line)], i1 + offset + 1, j1 + offset + 1)
                    )
                continue
            removed, added = old_lines[i1:i2], new_lines[j1:j2]
            result.removed += len(removed)
            result.added += len(added)
            if tag == "replace" and len(removed) == len(added):
                for offset, (before, after) in enumerate(zip(removed, added, strict=True)):
                    old_seg, new_seg = _word_segments(before, after)
                    result.lines.append(DiffLine("del", old_seg, old_no=i1 + offset + 1))
                    result.lines.append(DiffLine("ins", new_seg, new_no=j1 + offset + 1))
                continue
            for offset, line in enumerate(removed):
                result.lines.append(DiffLine("del", [("del", line)], old_no=i1 + offset + 1))
            for offset, line in enumerate(added):
                result.lines.append(DiffLine("ins", [("ins", line)], new_no=j1 + offset + 1))
    return result


def _metadata(masterplan: Masterplan) -> dict[str, str]:
    return {
        _("Judul"): masterplan.title,
        _("Periode"): f"{masterplan.period_start}-{masterplan.period_end}",
        _("Status"): str(masterplan.get_status_display()),
        _("Nomor Keputusan Wali Kota"): masterplan.decree_number or "-",
        _("Tanggal keputusan"): masterplan.decree_date.isoformat()
        if masterplan.decree_date
        else "-",
        _("SHA-256 berkas keputusan"): masterplan.decree_file_sha256 or "-",
        _("Berdasarkan versi"): str(masterplan.based_on.version) if masterplan.based_on else "-",
    }


def masterplan_diff(*, old: Masterplan, new: Masterplan, context: int = 3) -> MasterplanDiff:
    """What changed from `old` to `new`: metadata, then each chapter line by line (words
    marked inside a changed line)."""
    old_meta, new_meta = _metadata(old), _metadata(new)
    metadata = [
        (label, old_meta[label], new_meta[label])
        for label in old_meta
        if old_meta[label] != new_meta[label]
    ]
    old_bodies = dict(old.chapters.values_list("code", "body"))
    new_bodies = dict(new.chapters.values_list("code", "body"))
    chapters = [
        _chapter_diff(code, str(label), old_bodies.get(code, ""), new_bodies.get(code, ""), context)
        for code, label in MasterplanChapter.Code.choices
    ]
    return MasterplanDiff(old=old, new=new, metadata=metadata, chapters=chapters)


# --- Program data for the generated parts of chapters III, IV and the Lampiran ------------


def rupiah(value: Decimal | int | None) -> str:
    """Rp 1.234.567 (Indonesian thousands separator, no decimals)."""
    if value is None:
        return "-"
    return "Rp " + f"{round(value):,}".replace(",", ".")


class _Budgeted:
    budget: Decimal

    @property
    def budget_label(self) -> str:
        return rupiah(self.budget)


@dataclass
class ActivityRow(_Budgeted):
    code: str
    name: str
    implementer: str
    budget: Decimal
    quick_win: bool


@dataclass
class ProgramRow(_Budgeted):
    code: str
    name: str
    implementer: str
    participatory: bool
    budget: Decimal
    activities: list[ActivityRow]


@dataclass
class PriorityRow(_Budgeted):
    code: str
    name: str
    area: str
    quick_win: bool
    budget: Decimal
    programs: list[ProgramRow]


@dataclass
class DimensionSection(_Budgeted):
    code: str
    name: str
    priority_programs: list[PriorityRow]
    other_programs: list[ProgramRow]

    @property
    def budget(self) -> Decimal:
        return sum((p.budget for p in self.priority_programs), Decimal(0)) + sum(
            (p.budget for p in self.other_programs), Decimal(0)
        )


@dataclass
class RoadmapRow:
    code: str
    name: str
    level: str
    implementer: str
    phase: str
    start_year: int | None
    end_year: int | None
    quick_win: bool
    years: list[bool]


@dataclass
class IndicatorRow:
    code: str
    name: str
    level: str
    unit: str
    direction: str
    baseline: str
    owner: str
    targets: list[str]


@dataclass
class MasterplanProgramData:
    years: list[int]
    dimensions: list[DimensionSection]
    roadmap: list[RoadmapRow]
    indicators: list[IndicatorRow]

    @property
    def total_budget(self) -> Decimal:
        return sum((d.budget for d in self.dimensions), Decimal(0))


def _implementer(node: Any) -> str:
    if node.agency_id:
        return node.agency.short_name or node.agency.name
    if node.organisation_id:
        return node.organisation.name
    return "-"


def _number(value: Decimal | None) -> str:
    if value is None:
        return "-"
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def masterplan_program_data(*, period_start: int, period_end: int) -> MasterplanProgramData:
    """The program tree of the plan period in a few queries, whatever its size."""
    years = list(range(period_start, period_end + 1))
    budgets = dict(
        BudgetAllocation.objects.filter(year__gte=period_start, year__lte=period_end)
        .values("activity_id")
        .annotate(total=Sum("amount"))
        .values_list("activity_id", "total")
    )
    activities = Activity.objects.select_related("agency", "organisation").order_by("code")
    programs = (
        Program.objects.select_related("agency", "organisation", "dimension")
        .prefetch_related(Prefetch("activities", queryset=activities))
        .order_by("code")
    )
    priority_programs = list(
        PriorityProgram.objects.select_related("agency", "organisation", "priority_area")
        .prefetch_related(Prefetch("programs", queryset=programs))
        .order_by("number")
    )
    orphan_programs = list(programs.filter(priority_program__isnull=True))

    def program_row(program: Program) -> ProgramRow:
        rows = [
            ActivityRow(
                code=activity.code,
                name=activity.name,
                implementer=_implementer(activity),
                budget=budgets.get(activity.pk) or Decimal(0),
                quick_win=activity.quick_win,
            )
            for activity in program.activities.all()
        ]
        return ProgramRow(
            code=program.code,
            name=program.name,
            implementer=_implementer(program),
            participatory=program.is_participatory,
            budget=sum((row.budget for row in rows), Decimal(0)),
            activities=rows,
        )

    sections: dict[int | None, DimensionSection] = {}
    dimensions = list(Dimension.objects.order_by("order"))
    for dimension in dimensions:
        sections[dimension.pk] = DimensionSection(dimension.code, dimension.name, [], [])
    unassigned = DimensionSection("-", _("Tanpa dimensi"), [], [])
    for priority in priority_programs:
        program_rows = [program_row(program) for program in priority.programs.all()]
        row = PriorityRow(
            code=priority.code,
            name=priority.name,
            area=priority.priority_area.name if priority.priority_area_id else "",
            quick_win=priority.quick_win,
            budget=sum((p.budget for p in program_rows), Decimal(0)),
            programs=program_rows,
        )
        sections.get(priority.dimension_id, unassigned).priority_programs.append(row)
    for program in orphan_programs:
        sections.get(program.dimension_id, unassigned).other_programs.append(program_row(program))
    ordered = [sections[d.pk] for d in dimensions]
    if unassigned.priority_programs or unassigned.other_programs:
        ordered.append(unassigned)

    # The roadmap of a plan is drawn at the level of priority programs and programs; of the
    # activities only the Quick Wins appear (the activities' years are in the monitoring).
    roadmap: list[RoadmapRow] = []

    def add_roadmap(node: Any, level: str) -> None:
        start, end = node.roadmap_start_year, node.roadmap_end_year
        if start is None and end is None and not node.phase and not node.quick_win:
            return
        first, last = start or end, end or start
        roadmap.append(
            RoadmapRow(
                code=str(node.code),
                name=node.name,
                level=level,
                implementer=_implementer(node),
                phase=str(node.get_phase_display()) if node.phase else "-",
                start_year=start,
                end_year=end,
                quick_win=node.quick_win,
                years=[bool(first and last and first <= y <= last) for y in years],
            )
        )

    for priority in priority_programs:
        add_roadmap(priority, _("Program prioritas"))
        for program in priority.programs.all():
            add_roadmap(program, _("Program"))
            for activity in program.activities.all():
                if activity.quick_win:
                    add_roadmap(activity, _("Kegiatan"))
    for program in orphan_programs:
        add_roadmap(program, _("Program"))
        for activity in program.activities.all():
            if activity.quick_win:
                add_roadmap(activity, _("Kegiatan"))
    roadmap.sort(key=lambda r: (r.start_year or 9999, r.phase, r.code))

    target_query = IndicatorTarget.objects.filter(year__gte=period_start, year__lte=period_end)
    indicator_rows = []
    indicators = (
        Indicator.objects.select_related("activity", "program", "priority_program")
        .prefetch_related(Prefetch("targets", queryset=target_query))
        .order_by("code")
    )
    for indicator in indicators:
        targets = {t.year: t.value for t in indicator.targets.all()}
        owner = indicator.activity or indicator.program or indicator.priority_program
        baseline = _number(indicator.baseline_value)
        if indicator.baseline_year:
            baseline = f"{baseline} ({indicator.baseline_year})"
        indicator_rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                level=str(indicator.get_level_display()),
                unit=indicator.unit,
                direction=str(indicator.get_direction_display()),
                baseline=baseline,
                owner=str(owner.code) if owner else "-",
                targets=[_number(targets.get(y)) for y in years],
            )
        )
    return MasterplanProgramData(
        years=years, dimensions=ordered, roadmap=roadmap, indicators=indicator_rows
    )


def masterplan_export_fingerprint(*, masterplan: Masterplan) -> str:
    """A digest of everything an export of `masterplan` is made from (its data and chapters,
    the program tree, budgets, indicators and targets of its period, implementer names), so a
    rendered export can be reused until any of it changes. One small query per table."""
    import hashlib

    from kotacerdas.core.models import Agency, Organisation

    years = (masterplan.period_start, masterplan.period_end)
    node_fields = (
        "id",
        "name",
        "agency_id",
        "organisation_id",
        "dimension_id",
        "quick_win",
        "roadmap_start_year",
        "roadmap_end_year",
        "phase",
    )
    sources = [
        Masterplan.objects.filter(pk=masterplan.pk).values_list(
            "version",
            "title",
            "status",
            "period_start",
            "period_end",
            "decree_number",
            "decree_date",
        ),
        MasterplanChapter.objects.filter(masterplan=masterplan).values_list("code", "body"),
        PriorityProgram.objects.values_list(*node_fields, "number", "priority_area_id"),
        Program.objects.values_list(
            *node_fields, "code", "priority_program_id", "is_participatory"
        ),
        Activity.objects.values_list(*node_fields, "code", "program_id"),
        BudgetAllocation.objects.filter(year__gte=years[0], year__lte=years[1]).values_list(
            "activity_id", "year", "source", "amount"
        ),
        Indicator.objects.values_list(
            "id",
            "code",
            "name",
            "level",
            "unit",
            "direction",
            "baseline_value",
            "baseline_year",
            "activity_id",
            "program_id",
            "priority_program_id",
        ),
        IndicatorTarget.objects.filter(year__gte=years[0], year__lte=years[1]).values_list(
            "indicator_id", "year", "value"
        ),
        Agency.objects.values_list("id", "name", "short_name"),
        Organisation.objects.values_list("id", "name"),
        Dimension.objects.values_list("id", "code", "name_id", "name_en"),
    ]
    digest = hashlib.sha256()
    for rows in sources:
        for row in rows.order_by():
            digest.update(repr(row).encode())
        digest.update(b"|")
    return digest.hexdigest()
