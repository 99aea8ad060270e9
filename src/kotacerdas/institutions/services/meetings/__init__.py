"""Writes of meetings and FGDs (Pasal 10(4), 12). See `schedule` and `minutes`."""

from .feed import calendar_feed_get_or_create, calendar_feed_regenerate
from .minutes import (
    action_item_to_recommendation,
    attendance_record,
    distribution_mark_received,
    minutes_approve,
    minutes_distribute,
    minutes_record,
)
from .schedule import (
    DEFAULT_CHECKLIST,
    DOCUMENT_KINDS,
    MAX_DOCUMENT_BYTES,
    checklist_toggle,
    meeting_cancel,
    meeting_document_add,
    meeting_issue_invitation,
    meeting_schedule,
    meeting_update,
)

__all__ = [
    "DEFAULT_CHECKLIST",
    "DOCUMENT_KINDS",
    "MAX_DOCUMENT_BYTES",
    "action_item_to_recommendation",
    "attendance_record",
    "calendar_feed_get_or_create",
    "calendar_feed_regenerate",
    "checklist_toggle",
    "distribution_mark_received",
    "meeting_cancel",
    "meeting_document_add",
    "meeting_issue_invitation",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_distribute",
    "minutes_record",
]
