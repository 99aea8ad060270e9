"""Reads of the evaluation (Issue 3, item 6; Pasal 29(3)b).

Every selector loads the year once with `load_year` (a fixed handful of queries, whatever
the number of activities) and computes in Python (monitoring.evaluation.rollup). Only
verified or locked realisation counts. City-wide figures are public (the transparency page);
internal notes, problems and evidence are never part of these results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404

from kotacerdas.core import permissions
from kotacerdas.core.models import Agency, Role
from kotacerdas.masterplan.models import (
    Activity,
    BudgetAllocation,
    Dimension,
    Element,
    IndicatorTarget,
    PriorityProgram,
    Program,
    ReadinessAnswer,
    ReadinessAspect,
    ReadinessAssessment,
    ReadinessQuestion,
    RoadmapPhase,
)
from kotacerdas.monitoring.evaluation import rollup
from kotacerdas.monitoring.evaluation.achievement import (
    DEFAULT_CAP,
    Band,
    band_for,
    bands_from_config,
    expected_progress,
    mean_of,
    to_decimal,
)
from kotacerdas.monitoring.evaluation.index import COMPONENTS, clamp, index_score
from kotacerdas.monitoring.evaluation.readiness import readiness_percent
from kotacerdas.monitoring.models import (
    EvaluationConfig,
    IndicatorValue,
    Realisation,
    RealisationStatus,
)
from kotacerdas.monitoring.models.config import default_bands, default_index_weights

COUNTED_STATUSES = (RealisationStatus.VERIFIED, RealisationStatus.LOCKED)
WEIGHTINGS = (rollup.BUDGET, rollup.EQUAL)

__all__ = [
    "Band",
    "CityEvaluation",
    "DimensionEvaluation",
    "ElementEvaluation",
    "ImplementerScore",
    "NationalIndex",
    "QuickWinStatus",
    "ReadinessScore",
    "RoadmapVarianceRow",
    "evaluation_city",
    "implementer_ranking",
    "national_index",
    "quick_win_status",
    "readiness_score",
    "roadmap_variance",
]


# --- public shapes (the periodic reports are generated from these) --------------------------


@dataclass
class ElementEvaluation:
    element: Element
    achievement: Decimal | None
    band: Band | None
    counted: int
    blank: int
    weight: Decimal = Decimal(0)
    share: Decimal | None = None
    children: list[rollup.Node] = field(default_factory=list)


@dataclass
class DimensionEvaluation:
    dimension: Dimension
    achievement: Decimal | None
    band: Band | None
    elements: list[ElementEvaluation]
    counted: int
    blank: int
    weight: Decimal = Decimal(0)
    share: Decimal | None = None


@dataclass
class CityEvaluation:
    year: int
    quarter: int | None
    achievement: Decimal | None
    band: Band | None
    weighting: str
    dimensions: list[DimensionEvaluation]
    counted: int = 0
    blank: int = 0
    bands: list[Band] = field(default_factory=list)
    cap: Decimal = DEFAULT_CAP


@dataclass
class ImplementerScore:
    rank: int | None
    name: str
    kind: str  # "pemerintah" | "non_pemerintah"
    agency_id: int | None
    organisation_id: int | None
    achievement: Decimal | None
    band: Band | None
    activities: int
    budget_allocated: Decimal
    budget_realised: Decimal
    blank: int = 0
    agency_code: str = ""


@dataclass
class QuickWinStatus:
    activity: rollup.ActivityInfo
    agency_name: str
    achievement: Decimal | None
    band: Band | None
    physical_progress: Decimal | None
    status_label: str


@dataclass
class RoadmapVarianceRow:
    node_name: str
    agency_name: str
    planned_start: int | None
    planned_end: int | None
    phase: str
    actual_status: str  # "belum mulai" | "berjalan" | "selesai"
    variance_label: str
    level: str = "kegiatan"  # "program_prioritas" | "program" | "kegiatan"


@dataclass
class NationalIndex:
    score: Decimal | None
    components: dict[str, Decimal | None]
    weights: dict


@dataclass
class ReadinessScore:
    total: Decimal | None
    by_aspect: dict[str, Decimal | None]
    answered: dict[str, int] = field(default_factory=dict)
    questions: dict[str, int] = field(default_factory=dict)


# --- configuration ---------------------------------------------------------------------------


def evaluation_config(*, year: int) -> EvaluationConfig:
    """The year's settings; an unsaved row with the defaults when the year has none."""
    config = EvaluationConfig.objects.filter(year=year).first()
    if config is None:
        config = EvaluationConfig(
            year=year,
            achievement_cap=DEFAULT_CAP,
            bands=default_bands(),
            index_weights=default_index_weights(),
        )
    return config


# --- loading ---------------------------------------------------------------------------------


def load_year(*, year: int, quarter: int | None = None, agency_id: int | None = None):
    """One year's data in a fixed number of queries (8, or 9 with an agency filter).

    Activities count for the year when their roadmap covers it (or has no years), when they
    have a budget for it, or when they have realisation in it.
    """
    config = evaluation_config(year=year)
    activities_qs = Activity.objects.all()
    if agency_id is not None:
        activities_qs = activities_qs.filter(
            Q(agency_id=agency_id)
            | Q(agency__isnull=True, organisation__isnull=True, program__agency_id=agency_id)
        )
    rows = activities_qs.values(
        "id",
        "code",
        "name",
        "program_id",
        "program__code",
        "program__name",
        "program__priority_program_id",
        "program__priority_program__number",
        "program__priority_program__name",
        "program__priority_program__quick_win",
        "program__quick_win",
        "program__agency_id",
        "program__organisation_id",
        "agency_id",
        "agency__name",
        "agency__code",
        "organisation_id",
        "organisation__name",
        "program__agency__name",
        "program__agency__code",
        "program__organisation__name",
        "dimension_id",
        "quick_win",
        "roadmap_start_year",
        "roadmap_end_year",
        "phase",
    )
    activities: dict[int, rollup.ActivityInfo] = {}
    for row in rows:
        start, end = row["roadmap_start_year"], row["roadmap_end_year"]
        agency_known = row["agency_id"] is not None
        organisation_known = row["organisation_id"] is not None
        use_program = not agency_known and not organisation_known
        pp_number = row["program__priority_program__number"]
        activities[row["id"]] = rollup.ActivityInfo(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            program_id=row["program_id"],
            program_code=row["program__code"],
            program_name=row["program__name"],
            priority_program_id=row["program__priority_program_id"],
            priority_program_name=(
                f"PP-{pp_number:02d} {row['program__priority_program__name']}"
                if pp_number is not None
                else ""
            ),
            agency_id=row["program__agency_id"] if use_program else row["agency_id"],
            agency_name=(row["program__agency__name"] if use_program else row["agency__name"])
            or "",
            agency_code=(row["program__agency__code"] if use_program else row["agency__code"])
            or "",
            organisation_id=(
                row["program__organisation_id"] if use_program else row["organisation_id"]
            ),
            organisation_name=(
                row["program__organisation__name"] if use_program else row["organisation__name"]
            )
            or "",
            dimension_id=row["dimension_id"],
            quick_win=bool(
                row["quick_win"]
                or row["program__quick_win"]
                or row["program__priority_program__quick_win"]
            ),
            roadmap_start_year=start,
            roadmap_end_year=end,
            phase=row["phase"],
        )
        activities[row["id"]].in_roadmap = (start is None or start <= year) and (
            end is None or end >= year
        )

    through = Activity.elements.through.objects.all()
    pp_through = PriorityProgram.elements.through.objects.all()
    budget_qs = BudgetAllocation.objects.filter(year=year)
    realisation_qs = Realisation.objects.filter(period__year=year, status__in=COUNTED_STATUSES)
    value_qs = IndicatorValue.objects.filter(
        realisation__period__year=year, realisation__status__in=COUNTED_STATUSES
    )
    if agency_id is not None:
        ids = list(activities)
        through = through.filter(activity_id__in=ids)
        budget_qs = budget_qs.filter(activity_id__in=ids)
        realisation_qs = realisation_qs.filter(activity_id__in=ids)
        value_qs = value_qs.filter(realisation__activity_id__in=ids)
    for activity_id, element_id in through.values_list("activity_id", "element_id"):
        if activity_id in activities:
            activities[activity_id].element_ids.add(element_id)
    pp_elements: dict[int, set[int]] = defaultdict(set)
    for pp_id, element_id in pp_through.values_list("priorityprogram_id", "element_id"):
        pp_elements[pp_id].add(element_id)
    budgets = {
        row["activity_id"]: row["total"]
        for row in budget_qs.values("activity_id").annotate(total=Sum("amount"))
    }
    realisations: dict[int, dict[int, tuple]] = defaultdict(dict)
    for activity_id, q, progress, realised in realisation_qs.values_list(
        "activity_id", "period__quarter", "physical_progress", "budget_realised"
    ):
        realisations[activity_id][q] = (progress, realised)
    values: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for activity_id, indicator_id, q, value in value_qs.values_list(
        "realisation__activity_id", "indicator_id", "realisation__period__quarter", "value"
    ):
        values[(activity_id, indicator_id)][q] = value
    indicators = {
        row["indicator_id"]: rollup.IndicatorInfo(
            id=row["indicator_id"],
            level=row["indicator__level"],
            direction=row["indicator__direction"],
            aggregation=row["indicator__aggregation"],
            target=row["value"],
        )
        for row in IndicatorTarget.objects.filter(year=year).values(
            "indicator_id",
            "indicator__level",
            "indicator__direction",
            "indicator__aggregation",
            "value",
        )
    }
    # An activity takes part in the year if the plan says so or the year has data for it.
    activities = {
        i: a for i, a in activities.items() if a.in_roadmap or i in budgets or i in realisations
    }
    return rollup.YearData(
        year=year,
        quarter=quarter,
        cap=to_decimal(config.achievement_cap) or DEFAULT_CAP,
        bands=bands_from_config(config.bands or default_bands()),
        activities=activities,
        pp_elements=pp_elements,
        budgets=budgets,
        realisations=realisations,
        values=values,
        indicators=indicators,
    )


def _reference() -> tuple[list[Dimension], list[Element]]:
    dimensions = list(Dimension.objects.order_by("order"))
    elements = list(Element.objects.order_by("dimension__order", "order"))
    return dimensions, elements


def _check_weighting(weighting: str) -> str:
    return weighting if weighting in WEIGHTINGS else rollup.BUDGET


# --- roll-ups --------------------------------------------------------------------------------


def evaluation_city(
    *, year: int, quarter: int | None = None, weighting: str = rollup.BUDGET
) -> CityEvaluation:
    """The city's achievement with every dimension and element (item 6)."""
    weighting = _check_weighting(weighting)
    data = load_year(year=year, quarter=quarter)
    dimensions, elements = _reference()
    return _city_from(data, dimensions, elements, weighting=weighting)


def _city_from(data, dimensions, elements, *, weighting, scores=None) -> CityEvaluation:
    scores = scores if scores is not None else rollup.score_activities(data)
    city, dimension_nodes = rollup.dimension_nodes(
        data,
        scores,
        weighting=weighting,
        dimensions=[(d.id, d.name) for d in dimensions],
        elements=[(e.id, e.name, e.dimension_id) for e in elements],
    )
    element_by_id = {e.id: e for e in elements}
    result = []
    for dimension, node in zip(dimensions, dimension_nodes, strict=True):
        element_rows = [
            ElementEvaluation(
                element=element_by_id[int(child.key.split(":")[1])],
                achievement=child.achievement,
                band=child.band,
                counted=child.counted,
                blank=child.blank,
                weight=child.weight,
                share=child.share,
                children=child.children,
            )
            for child in node.children
        ]
        result.append(
            DimensionEvaluation(
                dimension=dimension,
                achievement=node.achievement,
                band=node.band,
                elements=element_rows,
                counted=node.counted,
                blank=node.blank,
                weight=node.weight,
                share=node.share,
            )
        )
    return CityEvaluation(
        year=data.year,
        quarter=data.quarter,
        achievement=city.achievement,
        band=city.band,
        weighting=weighting,
        dimensions=result,
        counted=city.counted,
        blank=city.blank,
        bands=data.bands,
        cap=data.cap,
    )


def evaluation_dimension(
    *, code: str, year: int, quarter: int | None = None, weighting: str = rollup.BUDGET
) -> tuple[CityEvaluation, DimensionEvaluation]:
    """The city evaluation and the one dimension `code` (404 for an unknown code)."""
    get_object_or_404(Dimension, code=code)
    city = evaluation_city(year=year, quarter=quarter, weighting=weighting)
    dimension = next(d for d in city.dimensions if d.dimension.code == code)
    return city, dimension


# --- implementers ----------------------------------------------------------------------------


def implementer_ranking(*, year: int, quarter: int | None = None) -> list[ImplementerScore]:
    """Pasal 29(3)b: every implementer, government (agencies) and non-government
    (stakeholder organisations), ranked by the budget-weighted mean of its activities."""
    data = load_year(year=year, quarter=quarter)
    scores = rollup.score_activities(data)
    groups: dict[tuple, list[rollup.ActivityScore]] = defaultdict(list)
    for score in scores.values():
        activity = score.activity
        if activity.agency_id is not None:
            key = ("pemerintah", activity.agency_id, None, activity.agency_name)
        elif activity.organisation_id is not None:
            key = ("non_pemerintah", None, activity.organisation_id, activity.organisation_name)
        else:
            continue
        groups[key].append(score)
    rows = []
    for (kind, agency_id, organisation_id, name), items in groups.items():
        mean, _counted, blank = rollup.weighted_mean(
            (s.achievement, s.budget_allocated) for s in items
        )
        rows.append(
            ImplementerScore(
                rank=None,
                name=name,
                kind=kind,
                agency_id=agency_id,
                organisation_id=organisation_id,
                achievement=mean,
                band=band_for(mean, data.bands),
                activities=len(items),
                budget_allocated=sum((s.budget_allocated for s in items), Decimal(0)),
                budget_realised=sum((s.budget_realised for s in items), Decimal(0)),
                blank=blank,
                agency_code=items[0].activity.agency_code if agency_id else "",
            )
        )
    rows.sort(key=lambda r: (r.achievement is None, -(r.achievement or 0), r.name))
    rank = 0
    previous = None
    for position, row in enumerate(rows, start=1):
        if row.achievement is None:
            continue
        if row.achievement != previous:
            rank = position
            previous = row.achievement
        row.rank = rank
    return rows


# --- Quick Wins and roadmap ------------------------------------------------------------------


def _quick_win_label(score: rollup.ActivityScore, up_to: int) -> str:
    from django.utils.translation import gettext as _

    progress = score.physical_progress
    if progress is None and score.achievement is None:
        return _("Belum ada data terverifikasi")
    if progress is not None and progress >= 100:
        return _("Selesai")
    if progress is not None and progress < expected_progress(up_to):
        return _("Terlambat")
    return _("Sesuai jadwal")


def quick_win_status(*, year: int, quarter: int | None = None) -> list[QuickWinStatus]:
    """Quick Wins (an activity flagged itself or through its program or priority program)."""
    data = load_year(year=year, quarter=quarter)
    return _quick_wins_from(data, rollup.score_activities(data))


def _quick_wins_from(data: rollup.YearData, scores) -> list[QuickWinStatus]:
    up_to = data.quarter or 4
    rows = [
        QuickWinStatus(
            activity=score.activity,
            agency_name=score.activity.agency_name or score.activity.organisation_name,
            achievement=score.achievement,
            band=score.band,
            physical_progress=score.physical_progress,
            status_label=_quick_win_label(score, up_to),
        )
        for score in scores.values()
        if score.activity.quick_win
    ]
    rows.sort(key=lambda r: r.activity.code)
    return rows


BELUM = "belum mulai"
BERJALAN = "berjalan"
SELESAI = "selesai"


def _variance_label(*, year: int, start, end, status: str) -> str:
    from django.utils.translation import gettext as _

    if start is not None and start > year and status != BELUM:
        return _("Lebih cepat dari rencana")
    if start is not None and start <= year and status == BELUM:
        return _("Terlambat mulai")
    if end is not None and end < year and status != SELESAI:
        return _("Melewati tahun selesai")
    if end is not None and end > year and status == SELESAI:
        return _("Selesai lebih cepat")
    return _("Sesuai rencana")


LEVELS = ("program_prioritas", "program", "kegiatan")


def _activity_status(data: rollup.YearData, activity_id: int) -> str:
    quarters = data.realisations.get(activity_id, {})
    if not quarters:
        return BELUM
    latest = quarters[max(quarters)][0]
    return SELESAI if latest is not None and latest >= 100 else BERJALAN


def _group_status(statuses: list[str]) -> str:
    """A parent is done when every activity of the year is done, started when any has data."""
    if statuses and all(s == SELESAI for s in statuses):
        return SELESAI
    if any(s != BELUM for s in statuses):
        return BERJALAN
    return BELUM


def roadmap_variance(*, year: int, level: str = "kegiatan") -> list[RoadmapVarianceRow]:
    """The roadmap (Peta Jalan) planned against actual: activities with roadmap years by
    default, or priority programs / programs (`level` one of LEVELS; "" for all three).

    Actual status from verified realisation of the year: an activity without any is
    "belum mulai", one whose latest physical progress is 100% "selesai", anything else
    "berjalan"; a program or priority program is "selesai" when all its activities of the
    year are, "berjalan" when any has data. Three queries more than load_year, at most.
    """
    data = load_year(year=year)
    statuses = {i: _activity_status(data, i) for i in data.activities}
    by_program: dict[int, list[str]] = defaultdict(list)
    by_pp: dict[int, list[str]] = defaultdict(list)
    for activity in data.activities.values():
        by_program[activity.program_id].append(statuses[activity.id])
        if activity.priority_program_id is not None:
            by_pp[activity.priority_program_id].append(statuses[activity.id])

    def row(name, agency, start, end, phase, status, node_level) -> RoadmapVarianceRow:
        return RoadmapVarianceRow(
            node_name=name,
            agency_name=agency or "",
            planned_start=start,
            planned_end=end,
            phase=str(RoadmapPhase(phase).label) if phase else "",
            actual_status=status,
            variance_label=_variance_label(year=year, start=start, end=end, status=status),
            level=node_level,
        )

    with_years = Q(roadmap_start_year__isnull=False) | Q(roadmap_end_year__isnull=False)
    fields = ("id", "name", "roadmap_start_year", "roadmap_end_year", "phase")
    rows: list[RoadmapVarianceRow] = []
    if level in ("", "program_prioritas"):
        for pp in (
            PriorityProgram.objects.filter(with_years)
            .order_by("number")
            .values(*fields, "number", "agency__name", "organisation__name")
        ):
            rows.append(
                row(
                    f"PP-{pp['number']:02d} {pp['name']}",
                    pp["agency__name"] or pp["organisation__name"],
                    pp["roadmap_start_year"],
                    pp["roadmap_end_year"],
                    pp["phase"],
                    _group_status(by_pp.get(pp["id"], [])),
                    "program_prioritas",
                )
            )
    if level in ("", "program"):
        for program in (
            Program.objects.filter(with_years)
            .order_by("code", "id")
            .values(*fields, "code", "agency__name", "organisation__name")
        ):
            rows.append(
                row(
                    f"{program['code']} {program['name']}",
                    program["agency__name"] or program["organisation__name"],
                    program["roadmap_start_year"],
                    program["roadmap_end_year"],
                    program["phase"],
                    _group_status(by_program.get(program["id"], [])),
                    "program",
                )
            )
    if level in ("", "kegiatan"):
        for activity in sorted(data.activities.values(), key=lambda a: a.code):
            start, end = activity.roadmap_start_year, activity.roadmap_end_year
            if start is None and end is None:
                continue
            rows.append(
                row(
                    f"{activity.code} {activity.name}",
                    activity.agency_name or activity.organisation_name,
                    start,
                    end,
                    activity.phase,
                    statuses[activity.id],
                    "kegiatan",
                )
            )
    return rows


# --- national index and readiness ------------------------------------------------------------


def national_index(*, year: int) -> NationalIndex:
    """The national smart-city evaluation index (baseline, output, outcome, impact, quick win)
    with the year's weights (EvaluationConfig.index_weights)."""
    config = evaluation_config(year=year)
    data = load_year(year=year)
    scores = rollup.score_activities(data)
    by_level: dict[str, list[Decimal]] = defaultdict(list)
    for score in scores.values():
        for indicator_id, value in score.indicator_achievements.items():
            by_level[data.indicators[indicator_id].level].append(value)
    readiness = readiness_score(year=year)
    components: dict[str, Decimal | None] = {
        "baseline": clamp(readiness.total),
        "output": clamp(mean_of(by_level.get("output", []))),
        "outcome": clamp(mean_of(by_level.get("outcome", []))),
        "impact": clamp(mean_of(by_level.get("impact", []))),
        "quick_win": clamp(mean_of(s.achievement for s in scores.values() if s.activity.quick_win)),
    }
    weights = {name: (config.index_weights or {}).get(name, 0) for name in COMPONENTS}
    return NationalIndex(
        score=index_score(components, weights), components=components, weights=weights
    )


def readiness_score(*, year: int) -> ReadinessScore:
    """Pasal 6a: the readiness checklist's score per aspect and in total (answered only)."""
    questions = list(ReadinessQuestion.objects.values_list("id", "aspect", "weight"))
    answers = dict(
        ReadinessAnswer.objects.filter(assessment__year=year).values_list("question_id", "score")
    )
    by_aspect: dict[str, Decimal | None] = {}
    answered: dict[str, int] = {}
    totals: dict[str, int] = {}
    everything = []
    for aspect in ReadinessAspect.values:
        pairs = [(answers[q], w) for q, a, w in questions if a == aspect and q in answers]
        by_aspect[aspect] = readiness_percent(pairs)
        answered[aspect] = len(pairs)
        totals[aspect] = sum(1 for _q, a, _w in questions if a == aspect)
        everything.extend(pairs)
    return ReadinessScore(
        total=readiness_percent(everything),
        by_aspect=by_aspect,
        answered=answered,
        questions=totals,
    )


def readiness_checklist(*, year: int) -> dict[str, Any]:
    """The questions grouped by aspect with this year's answers (for the page and API)."""
    assessment = ReadinessAssessment.objects.filter(year=year).first()
    answers = {}
    if assessment is not None:
        answers = {a.question_id: a for a in assessment.answers.all()}
    groups = []
    for value, label in ReadinessAspect.choices:
        rows = [
            {"question": q, "answer": answers.get(q.id)}
            for q in ReadinessQuestion.objects.filter(aspect=value).order_by("order", "code")
        ]
        groups.append({"aspect": value, "label": label, "rows": rows})
    return {"assessment": assessment, "groups": groups}


# --- agency view -----------------------------------------------------------------------------


def public_summary(*, year: int, quarter: int | None = None):
    """(CityEvaluation, Quick Wins) for the transparency page, from one load of the year."""
    data = load_year(year=year, quarter=quarter)
    scores = rollup.score_activities(data)
    dimensions, elements = _reference()
    city = _city_from(data, dimensions, elements, weighting=rollup.BUDGET, scores=scores)
    return city, _quick_wins_from(data, scores)


def can_view_agency_evaluation(user: Any, agency_id: int) -> bool:
    """Executives, admins, the team and the council see every agency; an officer their own."""
    if permissions.has_role(user, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARIAT):
        return True
    if user is None or not user.is_authenticated:
        return False
    return permissions.can_access_agency(user, agency_id)


@dataclass
class AgencyEvaluation:
    agency: Agency
    year: int
    quarter: int | None
    achievement: Decimal | None
    band: Band | None
    counted: int
    blank: int
    activities: list[rollup.ActivityScore]
    bands: list[Band]


def agency_evaluation(
    *, actor: Any, code: str, year: int, quarter: int | None = None
) -> AgencyEvaluation:
    """One agency's activities and achievements (scoped: an officer sees only their own)."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    agency = get_object_or_404(Agency, code=code)
    if not can_view_agency_evaluation(actor, agency.id):
        raise PermissionDenied(_("Anda tidak berwenang melihat evaluasi Perangkat Daerah ini."))
    data = load_year(year=year, quarter=quarter, agency_id=agency.id)
    scores = sorted(rollup.score_activities(data).values(), key=lambda s: s.activity.code)
    mean, counted, blank = rollup.weighted_mean((s.achievement, s.budget_allocated) for s in scores)
    return AgencyEvaluation(
        agency=agency,
        year=year,
        quarter=quarter,
        achievement=mean,
        band=band_for(mean, data.bands),
        counted=counted,
        blank=blank,
        activities=scores,
        bands=data.bands,
    )
