"""What the public may see of a case: the one projection for public pages and public APIs
(the tracking page, Open311, statistics). Never personal data.

Privacy tiers (chosen by the reporter):
- public: the report and the reporter's name are shown; phone and e-mail never.
- name_hidden: the report is shown, the name is not.
- confidential: title and description are replaced by a generic text; no address, no exact
  point, no attributes; only the category, the kecamatan and the progress are shown.
- anonymous: like name_hidden, and the city itself keeps no identity (dropped at intake).

A case merged into another follows its master: every public update of the master is shown on
the duplicate's tracking page too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CategoryAttribute,
    Privacy,
)

MAX_MERGE_HOPS = 5


def hides_content(case: Case) -> bool:
    return case.privacy == Privacy.CONFIDENTIAL


def shows_name(case: Case) -> bool:
    return case.privacy == Privacy.PUBLIC and bool(case.reporter_name)


def public_title(case: Case) -> str:
    if hides_content(case):
        return _("Laporan rahasia: %(category)s") % {"category": case.category.name}
    return case.title


def public_description(case: Case) -> str:
    if hides_content(case):
        return _(
            "Isi laporan ini dirahasiakan atas permintaan pelapor. Yang ditampilkan hanya "
            "kategori, wilayah, dan perkembangan penanganannya."
        )
    return case.description


def public_attributes(case: Case) -> dict[str, Any]:
    """Answers to the category's questions, without the private ones."""
    if hides_content(case) or not case.attributes:
        return {}
    private = set(
        CategoryAttribute.objects.filter(category_id=case.category_id, is_private=True).values_list(
            "code", flat=True
        )
    )
    return {code: value for code, value in case.attributes.items() if code not in private}


def master_of(case: Case) -> Case:
    """The case this one was merged into (following chains), or the case itself."""
    current, hops = case, 0
    while current.merged_into_id and hops < MAX_MERGE_HOPS:
        current = current.merged_into
        hops += 1
    return current


def public_case(case: Case) -> dict[str, Any]:
    """The public projection of `case` (a plain dict; no name unless the tier allows it,
    never phone, e-mail, account, secret or internal notes)."""
    hidden = hides_content(case)
    master = master_of(case)
    return {
        "tracking_number": case.tracking_number,
        "case_type": case.case_type,
        "case_type_label": case.get_case_type_display(),
        "category_code": case.category.code,
        "category_name": case.category.name,
        "title": public_title(case),
        "description": public_description(case),
        "is_confidential": hidden,
        "attributes": public_attributes(case),
        "state": case.state,
        "state_label": case.get_state_display(),
        "outcome": case.outcome,
        "outcome_label": case.get_outcome_display() if case.outcome else "",
        "decline_note": case.decline_note if not hidden else "",
        "channel": case.channel,
        "channel_label": case.get_channel_display(),
        "kecamatan": case.kecamatan.display_name if case.kecamatan_id else "",
        "kelurahan": case.kelurahan.display_name if case.kelurahan_id and not hidden else "",
        "address": "" if hidden else case.address,
        "lat": None if hidden else case.lat,
        "lng": None if hidden else case.lng,
        "agency": case.assigned_agency.name if case.assigned_agency_id else "",
        "reporter_name": case.reporter_name if shows_name(case) else "",
        "received_at": case.received_at,
        "updated_at": case.updated_at,
        "resolved_at": case.resolved_at,
        "closed_at": case.closed_at,
        "is_overdue": case.is_overdue,
        "is_paused": case.paused_at is not None,
        "rating": case.rating,
        "merged_into": master.tracking_number if master.pk != case.pk else "",
    }


def public_events(case: Case) -> QuerySet[CaseEvent]:
    """The public timeline of `case` and, once merged, of its master too."""
    master = master_of(case)
    condition = Q(case=case)
    if master.pk != case.pk:
        condition |= Q(case=master, at__gte=case.received_at)
    return (
        CaseEvent.objects.filter(condition, is_public=True)
        .select_related("case")
        .order_by("at", "id")
    )


@dataclass(frozen=True)
class PublicEvent:
    at: Any
    kind: str
    kind_label: str
    to_state: str
    to_state_label: str
    note: str
    from_master: bool


def public_timeline(case: Case) -> list[PublicEvent]:
    """Timeline entries safe to show: kind, time, state, public note (no officer names)."""
    from kotacerdas.complaints.models import CaseState

    labels = dict(CaseState.choices)
    entries = []
    for event in public_events(case):
        entries.append(
            PublicEvent(
                at=event.at,
                kind=event.kind,
                kind_label=event.get_kind_display(),
                to_state=event.to_state,
                to_state_label=str(labels.get(event.to_state, "")),
                note="" if hides_content(event.case) and event.kind == "created" else event.note,
                from_master=event.case_id != case.pk,
            )
        )
    return entries


def public_attachments(case: Case) -> QuerySet[CaseAttachment]:
    """Attachments marked public (handling evidence) of the case and of its master."""
    master = master_of(case)
    return CaseAttachment.objects.filter(case_id__in={case.pk, master.pk}, is_public=True).order_by(
        "uploaded_at", "id"
    )


def public_lookup(tracking_number: str) -> Case | None:
    """A case by its tracking number for the public tracking page (or None)."""
    number = (tracking_number or "").strip().upper()
    if not number:
        return None
    return (
        Case.objects.select_related(
            "category", "kecamatan", "kelurahan", "assigned_agency", "merged_into"
        )
        .filter(tracking_number=number)
        .first()
    )


def privacy_preview(privacy: str) -> list[tuple[str, str]]:
    """ "Who will see what" for the submit form: [(audience, what they see)]."""
    officers = _("Petugas Call Center dan Perangkat Daerah yang menangani")
    public = _("Masyarakat umum (halaman lacak, data terbuka, Open311)")
    if privacy == Privacy.ANONYMOUS:
        return [
            (officers, _("Isi laporan dan lokasi; tidak ada nama, telepon, maupun surel Anda.")),
            (public, _("Isi laporan, lokasi, dan perkembangannya; tanpa identitas.")),
        ]
    if privacy == Privacy.CONFIDENTIAL:
        return [
            (officers, _("Isi laporan, lokasi, nama, telepon, dan surel Anda.")),
            (
                public,
                _("Hanya kategori, kecamatan, dan status; isi laporan dan lokasi dirahasiakan."),
            ),
        ]
    if privacy == Privacy.NAME_HIDDEN:
        return [
            (officers, _("Isi laporan, lokasi, nama, telepon, dan surel Anda.")),
            (public, _("Isi laporan, lokasi, dan perkembangannya; nama Anda tidak tampil.")),
        ]
    return [
        (officers, _("Isi laporan, lokasi, nama, telepon, dan surel Anda.")),
        (
            public,
            _("Isi laporan, lokasi, perkembangannya, dan nama Anda; telepon dan surel tidak."),
        ),
    ]
