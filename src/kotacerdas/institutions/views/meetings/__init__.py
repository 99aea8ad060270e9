"""Meeting pages (Pasal 10(4), 12). The calendar and the iCalendar feed: `views.calendar_feed`."""

from .cadence import cadence, cadence_export
from .detail import (
    action_item_convert,
    attendance_save,
    checklist_toggle,
    distribution_received,
    document_add,
    document_download,
    meeting_cancel,
    meeting_detail,
    meeting_invitation,
    minutes_approve,
    minutes_distribute,
    minutes_row,
    minutes_save,
)
from .pages import meeting_edit, meeting_export, meeting_list, meeting_schedule

__all__ = [
    "action_item_convert",
    "attendance_save",
    "cadence",
    "cadence_export",
    "checklist_toggle",
    "distribution_received",
    "document_add",
    "document_download",
    "meeting_cancel",
    "meeting_detail",
    "meeting_edit",
    "meeting_export",
    "meeting_invitation",
    "meeting_list",
    "meeting_schedule",
    "minutes_approve",
    "minutes_distribute",
    "minutes_row",
    "minutes_save",
]
