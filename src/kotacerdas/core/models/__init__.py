"""Models of `core`: accounts, agencies, regions, stakeholders, audit, tokens, calendar."""

from .accounts import Role, User
from .agencies import Agency, AgencyName, AgencyType
from .audit import AuditChainHead, AuditCheckpoint, AuditEvent
from .calendar import LocalDayOff
from .notifications import EmailStatus, Notification, NotificationLevel
from .regions import Region, RegionLevel
from .stakeholders import Helix, Organisation, Person
from .tokens import ApiToken

__all__ = [
    "Agency",
    "AgencyName",
    "AgencyType",
    "ApiToken",
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "EmailStatus",
    "Helix",
    "LocalDayOff",
    "Notification",
    "NotificationLevel",
    "Organisation",
    "Person",
    "Region",
    "RegionLevel",
    "Role",
    "User",
]
