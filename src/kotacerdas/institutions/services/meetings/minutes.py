"""Writes after a meeting has taken place (Pasal 10(4), 12): attendance, minutes with decisions
and action items, approval, conversion of an action item into a monitoring recommendation, and
distribution of the minutes (who received them and when)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff
from kotacerdas.core.models import Agency, Person
from kotacerdas.institutions.models import (
    ActionItem,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
)
from kotacerdas.institutions.permissions import require_manage

from .schedule import local_date, tracked, user_or_none

CHANNEL_EMAIL = "email"
CHANNEL_MANUAL = "manual"


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _require_happened(meeting: Meeting, what: str) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            _("Rapat ini dibatalkan; %(what)s tidak dapat dicatat.") % {"what": what}
        )
    if meeting.starts_at > timezone.now():
        start = timezone.localtime(meeting.starts_at)
        raise ValidationError(
            _("Rapat ini belum berlangsung (mulai %(start)s); %(what)s belum dapat dicatat.")
            % {"start": start.strftime("%d-%m-%Y %H:%M"), "what": what}
        )


@transaction.atomic
def attendance_record(
    *,
    actor: Any,
    meeting: Meeting,
    present_person_ids: Iterable[int],
    notes: dict[int, str] | None = None,
) -> Meeting:
    """Who of the invitees came (the others are recorded absent), with an optional note each.
    Only once the meeting has started."""
    require_manage(actor)
    meeting = _lock(meeting)
    _require_happened(meeting, _("daftar hadir"))
    present = {int(pid) for pid in present_person_ids}
    notes = {int(k): (v or "").strip()[:200] for k, v in (notes or {}).items()}
    rows = list(meeting.attendances.all())
    invited = {row.person_id for row in rows}
    if (present | set(notes)) - invited:
        raise ValidationError(
            {"present": _("Hanya orang yang diundang ke rapat ini yang dapat dicatat hadir.")}
        )
    changes = {}
    for row in rows:
        before = (row.present, row.note)
        row.present = row.person_id in present
        if row.person_id in notes:
            row.note = notes[row.person_id]
        if (row.present, row.note) != before:
            row.save(update_fields=["present", "note"])
            changes[str(row.person_id)] = [list(before), [row.present, row.note]]
    audit_record(actor=actor, action="meeting.attendance", obj=meeting, changes=changes)
    return meeting


def _clean_items(action_items: Iterable[dict[str, Any]]) -> tuple[list[ActionItem], dict]:
    items, errors = [], {}
    for i, raw in enumerate(action_items, start=1):
        description = (raw.get("description") or "").strip()
        owner = raw.get("owner_agency")
        if owner is not None and not isinstance(owner, Agency):
            owner = Agency.objects.filter(pk=owner).first()
            if owner is None:
                errors["action_items"] = _(
                    "Tindak lanjut %(n)s: Perangkat Daerah tidak dikenal."
                ) % {"n": i}
        due = raw.get("due_date")
        if isinstance(due, str):
            try:
                due = dt.date.fromisoformat(due) if due.strip() else None
            except ValueError:
                errors["action_items"] = _(
                    "Tindak lanjut %(n)s: tenggat tidak valid; gunakan format TTTT-BB-HH."
                ) % {"n": i}
                due = None
        if not description:
            if owner or raw.get("owner_name") or due:
                errors["action_items"] = _("Tindak lanjut %(n)s: uraian wajib diisi.") % {"n": i}
            continue
        items.append(
            ActionItem(
                description=description,
                owner_agency=owner,
                owner_name=(raw.get("owner_name") or "").strip()[:200],
                due_date=due,
            )
        )
    return items, errors


@transaction.atomic
def minutes_record(
    *,
    actor: Any,
    meeting: Meeting,
    summary: str,
    decisions: str = "",
    action_items: Iterable[dict[str, Any]] = (),
) -> Minutes:
    """Record (or, before approval, revise) the minutes of a meeting that has taken place, and
    add its action items; the meeting is marked held. Refused for a meeting still to come or
    cancelled, and for approved minutes."""
    require_manage(actor)
    meeting = _lock(meeting)
    _require_happened(meeting, _("notulen"))
    summary = (summary or "").strip()
    errors: dict[str, str] = {}
    if not summary:
        errors["summary"] = _("Ringkasan pembahasan wajib diisi.")
    items, item_errors = _clean_items(action_items)
    errors.update(item_errors)
    existing = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if existing and existing.approved_at:
        raise ValidationError(_("Notulen sudah disahkan dan tidak dapat diubah lagi."))
    if errors:
        raise ValidationError(errors)
    if existing:
        before = tracked(existing)
        existing.summary, existing.decisions = summary, (decisions or "").strip()
        existing.save(update_fields=["summary", "decisions", "updated_at"])
        minutes, action = existing, "update"
        changes = diff(before, tracked(existing))
    else:
        minutes = Minutes.objects.create(
            meeting=meeting,
            summary=summary,
            decisions=(decisions or "").strip(),
            recorded_by=user_or_none(actor),
        )
        action, changes = "create", tracked(minutes)
    for item in items:
        item.minutes = minutes
    ActionItem.objects.bulk_create(items)
    changes["action_items_added"] = len(items)
    audit_record(actor=actor, action=action, obj=minutes, changes=changes)
    if meeting.status != MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.held",
            obj=meeting,
            changes={"status": [MeetingStatus.SCHEDULED, MeetingStatus.HELD]},
        )
    return minutes


@transaction.atomic
def minutes_approve(*, actor: Any, minutes: Minutes) -> Minutes:
    """The minutes are approved (disahkan); afterwards they no longer change."""
    require_manage(actor)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.approved_at:
        raise ValidationError(_("Notulen ini sudah disahkan."))
    minutes.approved_at = timezone.now()
    minutes.save(update_fields=["approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="minutes.approve",
        obj=minutes,
        changes={"approved_at": [None, minutes.approved_at]},
    )
    return minutes


@transaction.atomic
def action_item_to_recommendation(*, actor: Any, item: ActionItem) -> int:
    """An action item becomes a council recommendation in monitoring (Pasal 9(2)b-d) with the
    same owner and due date; the recommendation's id is kept. Only once per item."""
    from kotacerdas.monitoring.models import RecommendationSource
    from kotacerdas.monitoring.services.recommendations import recommendation_raise

    require_manage(actor)
    item = ActionItem.objects.select_for_update().select_related("minutes__meeting").get(pk=item.pk)
    if item.recommendation_id:
        raise ValidationError(
            _("Tindak lanjut ini sudah menjadi rekomendasi (nomor %(id)s).")
            % {"id": item.recommendation_id}
        )
    if item.due_date is None:
        raise ValidationError(
            {"due_date": _("Isi tenggat tindak lanjut ini sebelum dijadikan rekomendasi.")}
        )
    if item.owner_agency_id is None and not item.owner_name:
        raise ValidationError(
            {"owner_agency": _("Isi penanggung jawab tindak lanjut ini lebih dahulu.")}
        )
    meeting = item.minutes.meeting
    day = local_date(meeting.starts_at)
    recommendation = recommendation_raise(
        actor=actor,
        source=RecommendationSource.COUNCIL,
        title=item.description.splitlines()[0][:300],
        description=_('Dari tindak lanjut rapat "%(title)s" tanggal %(date)s:\n%(text)s')
        % {"title": meeting.title, "date": day.strftime("%d-%m-%Y"), "text": item.description},
        year=day.year,
        quarter=(day.month - 1) // 3 + 1,
        owner_agency=item.owner_agency,
        owner_team="" if item.owner_agency_id else item.owner_name,
        due_date=item.due_date,
    )
    item.recommendation_id = recommendation.pk
    item.save(update_fields=["recommendation_id"])
    audit_record(
        actor=actor,
        action="action_item.to_recommendation",
        obj=item,
        changes={"recommendation_id": [None, recommendation.pk]},
    )
    return recommendation.pk


@transaction.atomic
def minutes_distribute(
    *, actor: Any, minutes: Minutes, person_ids: Iterable[int]
) -> list[MinutesDistribution]:
    """Pasal 12: send the minutes to people. One row per person (who, when, by whom); people
    with an e-mail address get it by e-mail after commit. Nobody receives them twice: people
    already sent to are skipped. Returns the new rows."""
    from .mail import minutes_email

    require_manage(actor)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    wanted = list(dict.fromkeys(int(p) for p in person_ids))
    if not wanted:
        raise ValidationError({"person_ids": _("Pilih sedikitnya satu penerima notulen.")})
    people = {p.pk: p for p in Person.objects.filter(pk__in=wanted)}
    if len(people) != len(wanted):
        raise ValidationError({"person_ids": _("Ada penerima yang tidak dikenal.")})
    already = set(minutes.distributions.values_list("person_id", flat=True))
    now = timezone.now()
    rows = [
        MinutesDistribution(
            minutes=minutes,
            person=people[pid],
            sent_at=now,
            channel=CHANNEL_EMAIL if people[pid].email else CHANNEL_MANUAL,
            sent_by=user_or_none(actor),
        )
        for pid in wanted
        if pid not in already
    ]
    MinutesDistribution.objects.bulk_create(rows)
    created = list(
        minutes.distributions.filter(person_id__in=[r.person_id for r in rows]).select_related(
            "person"
        )
    )
    audit_record(
        actor=actor,
        action="minutes.distribute",
        obj=minutes,
        changes={
            "sent_to": [r.person_id for r in created],
            "skipped": sorted(already & set(wanted)),
        },
    )
    for row in created:
        if row.channel == CHANNEL_EMAIL:
            row_id = row.pk
            transaction.on_commit(lambda row_id=row_id: minutes_email.enqueue(row_id))
    return created


@transaction.atomic
def distribution_mark_received(
    *, actor: Any, distribution: MinutesDistribution, received_at: dt.datetime | None = None
) -> MinutesDistribution:
    """Record when a recipient confirmed receipt of the minutes."""
    require_manage(actor)
    distribution = MinutesDistribution.objects.select_for_update().get(pk=distribution.pk)
    received_at = received_at or timezone.now()
    if received_at < distribution.sent_at:
        raise ValidationError(
            {"received_at": _("Tanggal diterima tidak boleh sebelum tanggal dikirim.")}
        )
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("Tanggal diterima tidak boleh di masa depan.")})
    before = tracked(distribution)
    distribution.received_at = received_at
    distribution.save(update_fields=["received_at"])
    audit_record(
        actor=actor, action="update", obj=distribution, changes=diff(before, tracked(distribution))
    )
    return distribution
