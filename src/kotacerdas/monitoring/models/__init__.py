"""Models of monitoring and evaluation (Pasal 9(2), 13, 15(3)-(4), 29)."""

from .config import EvaluationConfig
from .realisation import (
    Evidence,
    IndicatorValue,
    Realisation,
    RealisationStatus,
    ReportingPeriod,
)
from .recommendations import FollowUp, Recommendation, RecommendationSource, RecommendationStatus
from .reports import PeriodicReport, ReportDistribution, ReportKind, ReportStatus

__all__ = [
    "EvaluationConfig",
    "Evidence",
    "FollowUp",
    "IndicatorValue",
    "PeriodicReport",
    "Realisation",
    "RealisationStatus",
    "Recommendation",
    "RecommendationSource",
    "RecommendationStatus",
    "ReportDistribution",
    "ReportKind",
    "ReportStatus",
    "ReportingPeriod",
]
