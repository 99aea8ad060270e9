"""Writes of meetings and FGDs (Pasal 10(4), 12): schedule, change, cancel, invitation letter,
preparation checklist and documents.

Kind rules: a komisi meeting names exactly one komisi of the term, a cross-komisi meeting at
least two, an FGD one or more, a plenary none (every serving member is invited); a team meeting
names none. Every meeting lies inside its term (Asia/Jakarta dates) and ends after it starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Person
from kotacerdas.core.uploads import check_upload
from kotacerdas.institutions.models import (
    Attendance,
    AttendeeRole,
    ChecklistItem,
    Commission,
    CouncilMembership,
    CouncilTerm,
    Letter,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
)
from kotacerdas.institutions.permissions import require_manage

# The secretariat's default preparation checklist (Pasal 12), stored in the active language.
DEFAULT_CHECKLIST = (
    gettext_noop("Undangan dikirim"),
    gettext_noop("Ruang dan konsumsi"),
    gettext_noop("Bahan rapat"),
    gettext_noop("Daftar hadir"),
    gettext_noop("Notulis ditunjuk"),
)
DOCUMENT_KINDS = ("pdf", "docx", "xlsx", "jpg", "png")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EDITABLE_FIELDS = ("title", "agenda", "starts_at", "ends_at", "location", "online_url")
INVITATION_CLASSIFICATION = "005"


def local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def tracked(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _check_kind(kind: str, commissions: list[Commission], term: CouncilTerm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in MeetingKind.values:
        return {"kind": _("Pilih jenis rapat.")}
    count = len(commissions)
    if kind == MeetingKind.COMMISSION and count != 1:
        errors["commissions"] = _("Rapat internal komisi harus menyebut tepat satu komisi.")
    elif kind == MeetingKind.CROSS and count < 2:
        errors["commissions"] = _("Rapat lintas komisi harus menyebut sedikitnya dua komisi.")
    elif kind == MeetingKind.FGD and count < 1:
        errors["commissions"] = _("FGD harus menyebut sedikitnya satu komisi.")
    elif kind in (MeetingKind.PLENARY, MeetingKind.TEAM) and count:
        errors["commissions"] = _(
            "Rapat pleno dan rapat Tim Pelaksana tidak menyebut komisi (semua anggota diundang)."
        )
    if any(c.term_id != term.pk for c in commissions):
        errors["commissions"] = _("Komisi yang dipilih bukan komisi masa jabatan ini.")
    return errors


def _check_times(
    term: CouncilTerm, starts_at: dt.datetime | None, ends_at: dt.datetime | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Waktu mulai wajib diisi.")
    if ends_at is None:
        errors["ends_at"] = _("Waktu selesai wajib diisi.")
    if errors:
        return errors
    if ends_at <= starts_at:
        errors["ends_at"] = _("Waktu selesai harus sesudah waktu mulai.")
    if not term.start_date <= local_date(starts_at) <= term.end_date:
        errors["starts_at"] = _(
            "Rapat harus berada dalam masa jabatan (%(start)s sampai %(end)s)."
        ) % {
            "start": term.start_date.strftime("%d-%m-%Y"),
            "end": term.end_date.strftime("%d-%m-%Y"),
        }
    elif local_date(ends_at) > term.end_date:
        errors["ends_at"] = _("Rapat harus selesai sebelum masa jabatan berakhir.")
    return errors


def _serving_members(term: CouncilTerm, day: dt.date, commissions: list[Commission] | None):
    serving = CouncilMembership.objects.filter(term=term, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    if commissions is not None:
        serving = serving.filter(commission__in=commissions)
    return serving.values_list("person_id", flat=True).distinct()


def _invite(meeting: Meeting, person_ids: Iterable[int], role: str) -> None:
    existing = set(meeting.attendances.values_list("person_id", flat=True))
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person_id=pid, role=role)
            for pid in dict.fromkeys(person_ids)
            if pid not in existing
        ]
    )


def _ids(values: Iterable[Any]) -> list[int]:
    return [int(getattr(v, "pk", v)) for v in values]


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    term: CouncilTerm,
    kind: str,
    title: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    commissions: Iterable[Commission] = (),
    agenda: str = "",
    location: str = "",
    online_url: str = "",
    invitees: Iterable[Any] = (),
    resource_persons: Iterable[Any] = (),
) -> Meeting:
    """Pasal 10(4): schedule a meeting or FGD, invite the serving members of its komisi (all
    members for a plenary), the resource persons and other invitees, and create the
    preparation checklist. `invitees`/`resource_persons` are Person objects or ids."""
    require_manage(actor)
    commissions = list(commissions)
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Judul rapat wajib diisi.")
    errors.update(_check_kind(kind, commissions, term))
    errors.update(_check_times(term, starts_at, ends_at))
    invitee_ids, resource_ids = _ids(invitees), _ids(resource_persons)
    known = set(
        Person.objects.filter(pk__in=invitee_ids + resource_ids).values_list("pk", flat=True)
    )
    if set(invitee_ids + resource_ids) - known:
        errors["invitees"] = _("Ada undangan yang tidak dikenal.")
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        term=term,
        kind=kind,
        title=title,
        agenda=(agenda or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=(location or "").strip(),
        online_url=(online_url or "").strip(),
        created_by=user_or_none(actor),
    )
    meeting.full_clean()
    meeting.save()
    meeting.commissions.set(commissions)
    day = local_date(starts_at)
    if kind == MeetingKind.PLENARY:
        _invite(meeting, _serving_members(term, day, None), AttendeeRole.MEMBER)
    elif commissions:
        _invite(meeting, _serving_members(term, day, commissions), AttendeeRole.MEMBER)
    _invite(meeting, resource_ids, AttendeeRole.RESOURCE)
    _invite(meeting, invitee_ids, AttendeeRole.GUEST)
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(meeting=meeting, label=_(label), order=i)
            for i, label in enumerate(DEFAULT_CHECKLIST, start=1)
        ]
    )
    changes = tracked(meeting)
    changes["commissions"] = [c.pk for c in commissions]
    changes["invited"] = meeting.attendances.count()
    audit_record(actor=actor, action="create", obj=meeting, changes=changes)
    return meeting


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change the title, agenda, time or place of a scheduled meeting (not its kind or komisi)."""
    require_manage(actor)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    meeting = _lock(meeting)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Hanya rapat yang masih terjadwal yang dapat diubah."))
    before = tracked(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, str] = {}
    if not meeting.title:
        errors["title"] = _("Judul rapat wajib diisi.")
    errors.update(_check_times(meeting.term, meeting.starts_at, meeting.ends_at))
    if errors:
        raise ValidationError(errors)
    meeting.full_clean()
    meeting.save()
    audit_record(actor=actor, action="update", obj=meeting, changes=diff(before, tracked(meeting)))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a scheduled meeting with a reason; a cancelled meeting counts for no komisi."""
    require_manage(actor)
    meeting = _lock(meeting)
    reason = (reason or "").strip()
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(_("Hanya rapat yang masih terjadwal yang dapat dibatalkan."))
    if not reason:
        raise ValidationError({"reason": _("Alasan pembatalan wajib diisi.")})
    before = tracked(meeting)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:300]
    meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor, action="meeting.cancel", obj=meeting, changes=diff(before, tracked(meeting))
    )
    return meeting


def _recipients(meeting: Meeting) -> str:
    names = [a.person.name for a in meeting.attendances.select_related("person")]
    if not names:
        return _("Anggota Dewan Kota Cerdas Kota Bekasi")
    text = "; ".join(names)
    return text if len(text) <= 500 else text[:497] + "..."


@transaction.atomic
def meeting_issue_invitation(*, actor: Any, meeting: Meeting) -> Letter:
    """Pasal 12: register the outgoing invitation letter (classification 005) in the
    correspondence register and link it to the meeting. Only one invitation per meeting."""
    from kotacerdas.institutions.services.letters import letter_register_outgoing

    require_manage(actor)
    meeting = _lock(meeting)
    if meeting.invitation_id:
        raise ValidationError(
            _("Surat undangan rapat ini sudah dibuat (nomor %(number)s).")
            % {"number": meeting.invitation.number}
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("Rapat yang dibatalkan tidak diberi surat undangan."))
    start = timezone.localtime(meeting.starts_at)
    letter = letter_register_outgoing(
        actor=actor,
        classification_code=INVITATION_CLASSIFICATION,
        date=timezone.localdate(),
        subject=_("Undangan %(title)s, %(date)s")
        % {
            "title": meeting.title,
            "date": start.strftime("%d-%m-%Y %H:%M"),
        },
        recipient=_recipients(meeting),
        summary="",
    )
    meeting.invitation = letter
    meeting.save(update_fields=["invitation", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting.invite",
        obj=meeting,
        changes={"invitation": [None, letter.pk]},
    )
    return letter


@transaction.atomic
def checklist_toggle(*, actor: Any, item: ChecklistItem, done: bool) -> ChecklistItem:
    """Tick or untick one preparation step; who and when are kept."""
    require_manage(actor)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if bool(item.done_at) == bool(done):
        return item
    before = tracked(item)
    item.done_at = timezone.now() if done else None
    item.done_by = user_or_none(actor) if done else None
    item.save(update_fields=["done_at", "done_by"])
    audit_record(actor=actor, action="update", obj=item, changes=diff(before, tracked(item)))
    return item


@transaction.atomic
def meeting_document_add(
    *, actor: Any, meeting: Meeting, upload: Any, title: str
) -> MeetingDocument:
    """Attach a document (materials, presentation...) to a meeting, keeping its SHA-256, size
    and type; a file too large or of a forbidden type is refused and nothing is stored."""
    require_manage(actor)
    title = (title or "").strip()
    info = check_upload(upload, kinds=DOCUMENT_KINDS, max_bytes=MAX_DOCUMENT_BYTES)
    if not title:
        title = upload.name.rsplit("/", 1)[-1][:300]
    document = MeetingDocument(
        meeting=meeting,
        title=title[:300],
        sha256=info.sha256,
        size=info.size,
        content_type=info.content_type,
        uploaded_by=user_or_none(actor),
    )
    document.file.save(upload.name.rsplit("/", 1)[-1], upload, save=False)
    document.save()
    audit_record(actor=actor, action="create", obj=document, changes=tracked(document))
    return document
