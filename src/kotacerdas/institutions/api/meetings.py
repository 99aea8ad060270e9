"""/api/v1/institutions/meetings/ — meetings and FGDs of the council (Pasal 10(4), 12): list,
detail, schedule, cancel, attendance, minutes with action items, distribution of the minutes,
and the cadence compliance table of a term.

Reads need the institutions read permission (council, team, secretariat, executive); writes
need the secretariat or an administrator (else 403, nothing changes). Bad input: 422 with
`{"error": {"code", "message", "details"}}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Agency
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    Commission,
    CouncilTerm,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from kotacerdas.institutions.selectors import meetings as selectors
from kotacerdas.institutions.selectors.cadence import cadence_table
from kotacerdas.institutions.services import meetings as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


# --- schemas ----------------------------------------------------------------------------------


class MeetingOut(Schema):
    id: int
    term_id: int
    kind: MeetingKind
    title: str
    commission_ids: list[int]
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str
    online_url: str
    status: MeetingStatus
    cancel_reason: str
    invitation_number: str | None = Field(description="Nomor surat undangan, bila sudah dibuat")

    @staticmethod
    def resolve_commission_ids(obj: Meeting) -> list[int]:
        return [c.pk for c in obj.commissions.all()]

    @staticmethod
    def resolve_invitation_number(obj: Meeting) -> str | None:
        return obj.invitation.number if obj.invitation_id else None


class MeetingAttendanceOut(Schema):
    person_id: int
    name: str
    role: str
    present: bool | None = Field(description="null: belum dicatat")
    note: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.name


class MeetingChecklistOut(Schema):
    id: int
    label: str
    done_at: dt.datetime | None


class MeetingDocumentOut(Schema):
    id: int
    title: str
    sha256: str
    size: int
    content_type: str
    uploaded_at: dt.datetime


class MeetingActionItemOut(Schema):
    id: int
    description: str
    owner_agency_id: int | None
    owner_name: str
    due_date: dt.date | None
    recommendation_id: int | None


class MinutesDistributionOut(Schema):
    id: int
    person_id: int
    name: str
    channel: str
    sent_at: dt.datetime
    received_at: dt.datetime | None
    emailed_at: dt.datetime | None

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.person.name


class MinutesOut(Schema):
    id: int
    summary: str
    decisions: str
    approved_at: dt.datetime | None
    action_items: list[MeetingActionItemOut]
    distributions: list[MinutesDistributionOut]

    @staticmethod
    def resolve_action_items(obj: Any) -> list[Any]:
        return list(obj.action_items.all())

    @staticmethod
    def resolve_distributions(obj: Any) -> list[Any]:
        return list(obj.distributions.all())


class MeetingDetailOut(MeetingOut):
    agenda: str
    attendances: list[MeetingAttendanceOut]
    checklist: list[MeetingChecklistOut]
    documents: list[MeetingDocumentOut]
    minutes: MinutesOut | None

    @staticmethod
    def resolve_attendances(obj: Meeting) -> list[Any]:
        return list(obj.attendances.all())

    @staticmethod
    def resolve_checklist(obj: Meeting) -> list[Any]:
        return list(obj.checklist.all())

    @staticmethod
    def resolve_documents(obj: Meeting) -> list[Any]:
        return list(obj.documents.all())

    @staticmethod
    def resolve_minutes(obj: Meeting) -> Any:
        return selectors.meeting_minutes(obj)


class MeetingPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[MeetingOut]


class MeetingFilter(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)
    term: int | None = Field(None, description="id masa jabatan")
    kind: MeetingKind | None = None
    commission: int | None = Field(None, description="id komisi")
    status: MeetingStatus | None = None
    date_from: dt.date | None = Field(None, description="Tanggal mulai (WIB), termasuk")
    date_to: dt.date | None = Field(None, description="Tanggal akhir (WIB), termasuk")


class MeetingIn(Schema):
    term_id: int
    kind: MeetingKind
    title: str = Field(..., max_length=300)
    starts_at: dt.datetime = Field(description="Dengan zona waktu, mis. 2026-03-10T09:00+07:00")
    ends_at: dt.datetime
    commission_ids: list[int] = Field(default_factory=list)
    agenda: str = ""
    location: str = Field("", max_length=300)
    online_url: str = ""
    invitee_ids: list[int] = Field(default_factory=list, description="id orang (undangan lain)")
    resource_person_ids: list[int] = Field(default_factory=list, description="id orang narasumber")


class MeetingCancelIn(Schema):
    reason: str = Field(..., max_length=300)


class MeetingAttendanceIn(Schema):
    present_person_ids: list[int]
    notes: dict[int, str] | None = Field(None, description="{id orang: keterangan}")


class MeetingActionItemIn(Schema):
    description: str
    owner_agency_id: int | None = None
    owner_name: str = ""
    due_date: dt.date | None = None


class MinutesIn(Schema):
    summary: str
    decisions: str = ""
    action_items: list[MeetingActionItemIn] = Field(default_factory=list)


class MinutesDistributionIn(Schema):
    person_ids: list[int]


class CadenceCellOut(Schema):
    window: int
    start: dt.date
    end: dt.date
    held: int
    scheduled: int
    state: str = Field(description="met, scheduled, at_risk, open, missed, future")


class CadenceRowOut(Schema):
    commission_id: int
    commission: str
    cells: list[CadenceCellOut]


class CadenceOut(Schema):
    term_id: int
    today: dt.date
    counts: dict[str, int]
    rows: list[CadenceRowOut]


# --- helpers ----------------------------------------------------------------------------------


def _get(request: HttpRequest, meeting_id: int) -> Meeting:
    return selectors.meeting_get(actor=request.user, pk=meeting_id)


def _aware(value: dt.datetime, field: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValidationError({field: _("Sertakan zona waktu (mis. +07:00).")})
    return value


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "",
    response=MeetingPage,
    summary="Daftar rapat",
    description="Rapat dan FGD, terbaru dahulu; saring dengan term, kind, commission, status, "
    "date_from, date_to (tanggal WIB). Berhalaman: limit/offset, total.",
)
def meeting_list(request: HttpRequest, query: Query[MeetingFilter]) -> Any:
    queryset = selectors.meeting_list(
        actor=request.user,
        term_id=query.term,
        kind=query.kind or "",
        commission_id=query.commission,
        status=query.status or "",
        date_from=query.date_from,
        date_to=query.date_to,
    )
    total = queryset.count()
    items = list(queryset[query.offset : query.offset + query.limit])
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


@router.get(
    "/cadence",
    response=CadenceOut,
    summary="Tabel kepatuhan jadwal rapat komisi",
    description="Per komisi, satu sel per jendela tiga bulan masa jabatan (Pasal 10 ayat 4). "
    "Tanpa term: masa jabatan aktif.",
)
def cadence(request: HttpRequest, term: int | None = None) -> Any:
    permissions.require_read(request.user)
    term_obj = get_object_or_404(CouncilTerm, pk=term) if term else selectors.current_term()
    if term_obj is None:
        raise Http404
    table = cadence_table(term_obj)
    return {
        "term_id": term_obj.pk,
        "today": table.today,
        "counts": table.counts,
        "rows": [
            {
                "commission_id": commission.pk,
                "commission": commission.name,
                "cells": [
                    {
                        "window": c.window.index,
                        "start": c.window.start,
                        "end": c.window.end,
                        "held": c.held,
                        "scheduled": c.scheduled,
                        "state": c.state,
                    }
                    for c in cells
                ],
            }
            for commission, cells in table.rows
        ],
    }


@router.get("/{int:meeting_id}", response=MeetingDetailOut, summary="Rincian rapat")
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return _get(request, meeting_id)


@router.post(
    "",
    response={201: MeetingDetailOut},
    summary="Jadwalkan rapat",
    description="Rapat komisi: tepat satu komisi; lintas komisi: sedikitnya dua; FGD: satu atau "
    "lebih; pleno: tanpa komisi (semua anggota diundang). Harus dalam masa jabatan.",
)
def meeting_schedule(request: HttpRequest, payload: MeetingIn) -> Any:
    permissions.require_manage(request.user)
    term = get_object_or_404(CouncilTerm, pk=payload.term_id)
    commissions = list(Commission.objects.filter(pk__in=payload.commission_ids))
    if len(commissions) != len(set(payload.commission_ids)):
        raise ValidationError({"commission_ids": _("Ada komisi yang tidak dikenal.")})
    meeting = services.meeting_schedule(
        actor=request.user,
        term=term,
        kind=payload.kind,
        title=payload.title,
        starts_at=_aware(payload.starts_at, "starts_at"),
        ends_at=_aware(payload.ends_at, "ends_at"),
        commissions=commissions,
        agenda=payload.agenda,
        location=payload.location,
        online_url=payload.online_url,
        invitees=payload.invitee_ids,
        resource_persons=payload.resource_person_ids,
    )
    return 201, _get(request, meeting.pk)


@router.post("/{int:meeting_id}/cancel", response=MeetingDetailOut, summary="Batalkan rapat")
def meeting_cancel(request: HttpRequest, meeting_id: int, payload: MeetingCancelIn) -> Any:
    meeting = _get(request, meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting, reason=payload.reason)
    return _get(request, meeting_id)


@router.post(
    "/{int:meeting_id}/attendance",
    response=MeetingDetailOut,
    summary="Catat kehadiran",
    description="Undangan yang tidak disebut dicatat tidak hadir. Hanya setelah rapat dimulai.",
)
def attendance(request: HttpRequest, meeting_id: int, payload: MeetingAttendanceIn) -> Any:
    meeting = _get(request, meeting_id)
    services.attendance_record(
        actor=request.user,
        meeting=meeting,
        present_person_ids=payload.present_person_ids,
        notes=payload.notes,
    )
    return _get(request, meeting_id)


@router.post(
    "/{int:meeting_id}/minutes",
    response=MinutesOut,
    summary="Catat notulen dan tindak lanjut",
    description="Ditolak (422) untuk rapat yang belum berlangsung atau dibatalkan, dan untuk "
    "notulen yang sudah disahkan. Rapat ditandai terlaksana.",
)
def minutes(request: HttpRequest, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = _get(request, meeting_id)
    permissions.require_manage(request.user)
    agencies = {a.pk: a for a in Agency.objects.filter(
        pk__in=[i.owner_agency_id for i in payload.action_items if i.owner_agency_id]
    )}  # fmt: skip
    items = []
    for item in payload.action_items:
        if item.owner_agency_id and item.owner_agency_id not in agencies:
            raise ValidationError({"action_items": _("Perangkat Daerah tidak dikenal.")})
        items.append(
            {
                "description": item.description,
                "owner_agency": agencies.get(item.owner_agency_id),
                "owner_name": item.owner_name,
                "due_date": item.due_date,
            }
        )
    result = services.minutes_record(
        actor=request.user,
        meeting=meeting,
        summary=payload.summary,
        decisions=payload.decisions,
        action_items=items,
    )
    return selectors.meeting_minutes(result.meeting)


@router.post(
    "/{int:meeting_id}/minutes/distribution",
    response=list[MinutesDistributionOut],
    summary="Distribusikan notulen",
    description="Mencatat penerima (siapa, kapan, oleh siapa); yang punya surel menerima "
    "notulen lewat surel. Orang yang sudah menerima dilewati. Mengembalikan baris baru.",
)
def distribution(request: HttpRequest, meeting_id: int, payload: MinutesDistributionIn) -> Any:
    meeting = _get(request, meeting_id)
    permissions.require_manage(request.user)
    current = selectors.meeting_minutes(meeting)
    if current is None:
        raise ValidationError(_("Catat notulen dahulu sebelum didistribusikan."))
    return services.minutes_distribute(
        actor=request.user, minutes=current, person_ids=payload.person_ids
    )
