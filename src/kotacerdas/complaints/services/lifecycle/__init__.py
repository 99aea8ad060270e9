"""Lifecycle of a case (issue #5 item 4): every transition with optimistic locking on
`version`, a timeline event, an audit record and the SLA clocks recomputed.

Who: call-center agents verify, decline and dispatch; agency officers act on their agency's
cases, URC officers on their unit's; the reporter (by secret) confirms, reopens and rates;
administrators may do everything.
"""

from .base import CaseConflict, is_agency_handler, is_handler, is_staff_dispatcher, is_urc_handler
from .reporter import case_confirm, case_rate, case_reopen, require_reporter
from .staff import (
    DECLINE_REASONS,
    case_add_note,
    case_decline,
    case_dispatch,
    case_pause,
    case_resolve,
    case_resume,
    case_start,
    case_verify,
)
from .urc import URC_ORDER, urc_update

__all__ = [
    "DECLINE_REASONS",
    "URC_ORDER",
    "CaseConflict",
    "case_add_note",
    "case_confirm",
    "case_decline",
    "case_dispatch",
    "case_pause",
    "case_rate",
    "case_reopen",
    "case_resolve",
    "case_resume",
    "case_start",
    "case_verify",
    "is_agency_handler",
    "is_handler",
    "is_staff_dispatcher",
    "is_urc_handler",
    "require_reporter",
    "urc_update",
]
