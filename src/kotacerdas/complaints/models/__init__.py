"""Models of `complaints`: categories, URC units, cases and their timeline, call center, LAPOR!."""

from .cases import (
    OPEN_STATES,
    AttachmentRole,
    Case,
    CaseAttachment,
    CaseEvent,
    CaseEventKind,
    CaseOutcome,
    CaseState,
    Channel,
    Privacy,
    SlaStage,
    TrackingSequence,
    UrcStatus,
)
from .categories import AttributeDatatype, CaseType, Category, CategoryAttribute, UrcUnit
from .operations import (
    CallLog,
    HandedTo,
    LaporOutbox,
    LaporPullState,
    RoutingModel,
    ShiftHandover,
)

__all__ = [
    "OPEN_STATES",
    "AttachmentRole",
    "AttributeDatatype",
    "CallLog",
    "Case",
    "CaseAttachment",
    "CaseEvent",
    "CaseEventKind",
    "CaseOutcome",
    "CaseState",
    "CaseType",
    "Category",
    "CategoryAttribute",
    "Channel",
    "HandedTo",
    "LaporOutbox",
    "LaporPullState",
    "Privacy",
    "RoutingModel",
    "ShiftHandover",
    "SlaStage",
    "TrackingSequence",
    "UrcStatus",
    "UrcUnit",
]
