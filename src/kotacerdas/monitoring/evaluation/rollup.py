"""Roll-ups activity -> program -> priority program -> element -> dimension -> city.

Pure Python over a year's data loaded once (selectors.evaluation.load_year), so the number
of queries does not grow with the number of activities.

Rules (shown to users on the dashboard):
- An activity's score is the mean achievement of its indicators that have a verified value
  and a target for the year. An activity without such indicators is scored on its physical
  progress instead: the latest verified physical progress against the progress expected by
  then on a linear plan (25% a quarter), capped like any achievement. An activity with
  neither is BLANK.
- Only verified or locked realisation counts; drafts, submitted and returned ones do not.
- Each parent is the weighted mean of its non-blank children. Weights are the children's
  budget allocation for the year (all sources, default) or equal. If every counted child has
  a budget of 0, they are weighed equally. Blank children are left out of the mean and
  counted: "3 dari 12 kegiatan belum memiliki data terverifikasi; tidak dihitung".
- A priority program belongs to the elements it is tagged with or, when it has none, to the
  elements of its activities. A program outside the 45 priority programs (a stakeholder's
  participatory program) sits at the priority-program level on its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kotacerdas.monitoring.evaluation.achievement import (
    Band,
    achievement,
    aggregate,
    band_for,
    expected_progress,
    mean_of,
    prorated_target,
    weighted_mean,
)

BUDGET = "budget"
EQUAL = "equal"


@dataclass
class ActivityInfo:
    id: int
    code: str
    name: str
    program_id: int
    program_code: str
    program_name: str
    priority_program_id: int | None
    priority_program_name: str
    agency_id: int | None
    agency_name: str
    agency_code: str
    organisation_id: int | None
    organisation_name: str
    dimension_id: int | None
    quick_win: bool
    roadmap_start_year: int | None
    roadmap_end_year: int | None
    phase: str
    element_ids: set[int] = field(default_factory=set)
    in_roadmap: bool = True


@dataclass
class IndicatorInfo:
    id: int
    level: str
    direction: str
    aggregation: str
    target: Decimal | None


@dataclass
class YearData:
    """Everything one year's evaluation needs, loaded in a fixed number of queries."""

    year: int
    quarter: int | None
    cap: Decimal
    bands: list[Band]
    activities: dict[int, ActivityInfo]
    pp_elements: dict[int, set[int]]
    budgets: dict[int, Decimal]
    # activity id -> {quarter: (physical_progress, budget_realised)} of verified realisation
    realisations: dict[int, dict[int, tuple[Decimal | None, Decimal | None]]]
    # (activity id, indicator id) -> {quarter: value}
    values: dict[tuple[int, int], dict[int, Decimal]]
    indicators: dict[int, IndicatorInfo]


@dataclass
class ActivityScore:
    activity: ActivityInfo
    achievement: Decimal | None
    band: Band | None
    basis: str  # "indikator", "progres fisik" or "" (blank)
    indicator_achievements: dict[int, Decimal]
    physical_progress: Decimal | None
    budget_allocated: Decimal
    budget_realised: Decimal


@dataclass
class Node:
    key: str
    name: str
    achievement: Decimal | None
    band: Band | None
    weight: Decimal
    share: Decimal | None  # % of the weight among the counted siblings
    counted: int  # activities under the node with verified data
    blank: int  # activities under the node without
    children: list[Node] = field(default_factory=list)
    activity_ids: set[int] = field(default_factory=set)


def score_activities(data: YearData) -> dict[int, ActivityScore]:
    scores: dict[int, ActivityScore] = {}
    up_to = data.quarter or 4
    by_activity: dict[int, list[tuple[int, dict[int, Decimal]]]] = defaultdict(list)
    for (activity_id, indicator_id), quarters in data.values.items():
        by_activity[activity_id].append((indicator_id, quarters))
    for activity in data.activities.values():
        indicator_scores: dict[int, Decimal] = {}
        for indicator_id, quarters in by_activity.get(activity.id, []):
            info = data.indicators.get(indicator_id)
            if info is None:
                continue  # no target for the year: cannot be scored
            value = aggregate(quarters, info.aggregation, up_to_quarter=up_to)
            target = prorated_target(info.target, info.aggregation, quarter=data.quarter)
            result = achievement(value, target, direction=info.direction, cap=data.cap)
            if result is not None:
                indicator_scores[indicator_id] = result
        quarters_done = {
            q: row for q, row in data.realisations.get(activity.id, {}).items() if q <= up_to
        }
        progress = None
        for quarter in sorted(quarters_done, reverse=True):
            if quarters_done[quarter][0] is not None:
                progress = quarters_done[quarter][0]
                break
        realised = sum((row[1] for row in quarters_done.values() if row[1] is not None), Decimal(0))
        if indicator_scores:
            score, basis = mean_of(indicator_scores.values()), "indikator"
        elif progress is not None:
            score = achievement(progress, expected_progress(up_to), cap=data.cap)
            basis = "progres fisik"
        else:
            score, basis = None, ""
        scores[activity.id] = ActivityScore(
            activity=activity,
            achievement=score,
            band=band_for(score, data.bands),
            basis=basis,
            indicator_achievements=indicator_scores,
            physical_progress=progress,
            budget_allocated=data.budgets.get(activity.id, Decimal(0)),
            budget_realised=realised,
        )
    return scores


def _combine(
    key: str,
    name: str,
    children: list[Node],
    *,
    weighting: str,
    bands: list[Band],
    activity_ids: set[int] | None = None,
    budgets: dict[int, Decimal] | None = None,
) -> Node:
    ids: set[int] = set(activity_ids or set())
    for child in children:
        ids |= child.activity_ids
    mean, _counted, _blank = weighted_mean((child.achievement, child.weight) for child in children)
    counted_weight = sum((c.weight for c in children if c.achievement is not None), Decimal(0))
    for child in children:
        if child.achievement is None:
            child.share = None
        elif counted_weight > 0:
            child.share = (child.weight / counted_weight * 100).quantize(Decimal("0.1"))
        else:
            counted_children = sum(1 for c in children if c.achievement is not None)
            child.share = (Decimal(100) / counted_children).quantize(Decimal("0.1"))
    return Node(
        key=key,
        name=name,
        achievement=mean,
        band=band_for(mean, bands),
        weight=_weight(ids, weighting, budgets or {}),
        share=None,
        counted=0,
        blank=0,
        children=children,
        activity_ids=ids,
    )


def _weight(ids: set[int], weighting: str, budgets: dict[int, Decimal]) -> Decimal:
    if weighting == EQUAL:
        return Decimal(1)
    return sum((budgets.get(i, Decimal(0)) for i in ids), Decimal(0))


def _count(node: Node, scores: dict[int, ActivityScore]) -> Node:
    node.counted = sum(1 for i in node.activity_ids if scores[i].achievement is not None)
    node.blank = len(node.activity_ids) - node.counted
    for child in node.children:
        _count(child, scores)
    return node


def activity_node(score: ActivityScore, *, weighting: str) -> Node:
    activity = score.activity
    return Node(
        key=f"activity:{activity.id}",
        name=f"{activity.code} {activity.name}",
        achievement=score.achievement,
        band=score.band,
        weight=Decimal(1) if weighting == EQUAL else score.budget_allocated,
        share=None,
        counted=0,
        blank=0,
        activity_ids={activity.id},
    )


def element_tree(
    data: YearData,
    scores: dict[int, ActivityScore],
    *,
    weighting: str,
    elements: list[tuple[int, str, int]],
) -> dict[int, Node]:
    """One node per element (id -> Node): element -> priority programs -> programs -> activities.

    `elements` is (element id, name, dimension id) in display order.
    """
    programs: dict[int, list[int]] = defaultdict(list)
    for activity in data.activities.values():
        programs[activity.program_id].append(activity.id)

    def program_node(program_id: int) -> Node:
        ids = programs[program_id]
        first = data.activities[ids[0]]
        children = [
            activity_node(scores[i], weighting=weighting)
            for i in sorted(ids, key=lambda i: data.activities[i].code)
        ]
        return _combine(
            f"program:{program_id}",
            f"{first.program_code} {first.program_name}",
            children,
            weighting=weighting,
            bands=data.bands,
            budgets=data.budgets,
        )

    # priority program (or an orphan program) -> its programs, and which elements it feeds
    groups: dict[str, dict] = {}
    for program_id, ids in programs.items():
        first = data.activities[ids[0]]
        if first.priority_program_id is not None:
            key = f"pp:{first.priority_program_id}"
            name = first.priority_program_name
        else:
            key = f"program-only:{program_id}"
            name = f"{first.program_code} {first.program_name}"
        group = groups.setdefault(key, {"name": name, "programs": [], "elements": set()})
        group["programs"].append(program_id)
        for i in ids:
            group["elements"] |= data.activities[i].element_ids
    for key, group in groups.items():
        if key.startswith("pp:"):
            tagged = data.pp_elements.get(int(key[3:]))
            if tagged:
                group["elements"] = set(tagged)

    result: dict[int, Node] = {}
    for element_id, element_name, _dimension_id in elements:
        children = []
        for key, group in sorted(groups.items(), key=lambda kv: kv[1]["name"]):
            if element_id not in group["elements"]:
                continue
            program_nodes = [program_node(pid) for pid in sorted(group["programs"])]
            if key.startswith("program-only:"):
                children.extend(program_nodes)
            else:
                children.append(
                    _combine(
                        key,
                        group["name"],
                        program_nodes,
                        weighting=weighting,
                        bands=data.bands,
                        budgets=data.budgets,
                    )
                )
        node = _combine(
            f"element:{element_id}",
            element_name,
            children,
            weighting=weighting,
            bands=data.bands,
            budgets=data.budgets,
        )
        result[element_id] = _count(node, scores)
    return result


def dimension_nodes(
    data: YearData,
    scores: dict[int, ActivityScore],
    *,
    weighting: str,
    dimensions: list[tuple[int, str]],
    elements: list[tuple[int, str, int]],
) -> tuple[Node, list[Node]]:
    """(city node, dimension nodes in order); each dimension's children are its elements."""
    element_nodes = element_tree(data, scores, weighting=weighting, elements=elements)
    dimension_list = []
    for dimension_id, dimension_name in dimensions:
        children = [element_nodes[e_id] for e_id, _n, d_id in elements if d_id == dimension_id]
        node = _combine(
            f"dimension:{dimension_id}",
            dimension_name,
            children,
            weighting=weighting,
            bands=data.bands,
            budgets=data.budgets,
        )
        dimension_list.append(_count(node, scores))
    city = _combine(
        "city", "", dimension_list, weighting=weighting, bands=data.bands, budgets=data.budgets
    )
    _count(city, scores)
    return city, dimension_list
