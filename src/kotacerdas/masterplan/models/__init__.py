"""Models of the masterplan (Pasal 6-8, 15-22, 30)."""

from .document import Masterplan, MasterplanChapter, MasterplanStatus
from .indicators import (
    Indicator,
    IndicatorAggregation,
    IndicatorDirection,
    IndicatorFrequency,
    IndicatorLevel,
    IndicatorTarget,
)
from .readiness import ReadinessAnswer, ReadinessAspect, ReadinessAssessment, ReadinessQuestion
from .reference import Dimension, Element, PriorityArea
from .tree import (
    Activity,
    BudgetAllocation,
    BudgetSource,
    PriorityProgram,
    Program,
    RoadmapPhase,
    SubActivity,
)

__all__ = [
    "Activity",
    "BudgetAllocation",
    "BudgetSource",
    "Dimension",
    "Element",
    "Indicator",
    "IndicatorAggregation",
    "IndicatorDirection",
    "IndicatorFrequency",
    "IndicatorLevel",
    "IndicatorTarget",
    "Masterplan",
    "MasterplanChapter",
    "MasterplanStatus",
    "PriorityArea",
    "PriorityProgram",
    "Program",
    "ReadinessAnswer",
    "ReadinessAspect",
    "ReadinessAssessment",
    "ReadinessQuestion",
    "RoadmapPhase",
    "SubActivity",
]
