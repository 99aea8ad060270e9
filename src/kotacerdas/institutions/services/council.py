"""Writes of the Dewan Kota Cerdas: terms, komisi, members and resource persons (Pasal 9-11).

- A term starts on its decree's date and lasts three years (`rules.term_end`); creating it creates
  the six komisi, one per dimension of the masterplan (Pasal 10(1)).
- Members come from the four helices through the organisation they represent (Pasal 9(1)).
  Positions and their capacity: Ketua, Wakil Ketua, Sekretaris one each; in each komisi one ketua,
  one sekretaris and three anggota (Pasal 9(3), 10(2)). A person holds at most one position of a
  term at any date.
- Changes during a term end one membership and start another, so the history is kept; memberships
  are never deleted.
- A term is activated only when its structure is complete (`selectors.council`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Helix, Organisation, Person
from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    COMMISSION_POSITIONS,
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Decree,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.institutions.permissions import require_manage
from kotacerdas.institutions.selectors import council as selectors
from kotacerdas.masterplan.models import Dimension

ONE_DAY = dt.timedelta(days=1)


def _tracked(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


# --- terms --------------------------------------------------------------------------------------


@transaction.atomic
def term_create(*, actor: Any, number: int, decree: Decree | None) -> CouncilTerm:
    """A new term from the date of its Keputusan Wali Kota, with its six komisi (draft)."""
    require_manage(actor)
    errors: dict[str, str] = {}
    if number is None or number < 1:
        errors["number"] = _("Periode harus bilangan bulat positif.")
    elif CouncilTerm.objects.filter(number=number).exists():
        errors["number"] = _("Periode %(number)s sudah ada.") % {"number": number}
    if decree is None:
        errors["decree"] = _("Pilih Keputusan Wali Kota yang menetapkan Dewan.")
    elif CouncilTerm.objects.filter(decree=decree).exists():
        errors["decree"] = _("Keputusan ini sudah dipakai oleh masa jabatan lain.")
    if errors:
        raise ValidationError(errors)
    start = decree.date
    term = CouncilTerm.objects.create(
        number=number, decree=decree, start_date=start, end_date=rules.term_end(start)
    )
    for dimension in Dimension.objects.order_by("order"):
        Commission.objects.create(
            # the regulation's name (Pasal 10(1)), stored in Indonesian whatever the UI language
            term=term,
            dimension=dimension,
            name=f"Komisi {dimension.name_id}",
        )
    audit_record(
        actor=actor,
        action="create",
        obj=term,
        changes={
            **_tracked(term),
            "commissions": list(term.commissions.values_list("name", flat=True)),
        },
    )
    return term


def _ended_term_cutoff(old: CouncilTerm, new: CouncilTerm) -> dt.date:
    """The last day of the previous term's memberships: its end, or the eve of the new term."""
    return min(old.end_date, new.start_date - ONE_DAY)


@transaction.atomic
def term_activate(*, actor: Any, term: CouncilTerm, on: dt.date | None = None) -> CouncilTerm:
    """Activate a complete term; the previous active term ends with its open memberships.

    Refused (every problem listed, nothing written) while the structure is incomplete or the term
    has no decree."""
    require_manage(actor)
    term = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    if term.status != TermStatus.DRAFT:
        raise ValidationError(
            _("Hanya masa jabatan berstatus disusun yang dapat diaktifkan (status: %(s)s).")
            % {"s": term.get_status_display()}
        )
    problems = selectors.term_activation_problems(term, on)
    if problems:
        raise ValidationError(problems)
    for old in CouncilTerm.objects.select_for_update().filter(status=TermStatus.ACTIVE):
        cutoff = _ended_term_cutoff(old, term)
        open_memberships = old.memberships.select_for_update(of=("self",)).filter(
            end_date__isnull=True
        )
        for membership in open_memberships.order_by("pk"):
            membership.end_date = max(cutoff, membership.start_date)
            membership.end_reason = MembershipEnd.TERM_ENDED
            membership.save(update_fields=["end_date", "end_reason", "updated_at"])
            audit_record(
                actor=actor,
                action="update",
                obj=membership,
                changes={
                    "end_date": [None, membership.end_date],
                    "end_reason": ["", membership.end_reason],
                },
            )
        old.status = TermStatus.ENDED
        old.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action="update", obj=old, changes={"status": ["active", "ended"]})
    term.status = TermStatus.ACTIVE
    term.activated_at = timezone.now()
    term.save(update_fields=["status", "activated_at", "updated_at"])
    audit_record(actor=actor, action="activate", obj=term, changes={"status": ["draft", "active"]})
    return term


# --- memberships --------------------------------------------------------------------------------


def _position_label(position: str, commission: Commission | None) -> str:
    label = str(CouncilPosition(position).label)
    return f"{label} ({commission.name})" if commission is not None else label


def _max_concurrent(intervals: list[tuple[dt.date, dt.date]]) -> int:
    """The largest number of intervals (inclusive dates) that share a day."""
    events: list[tuple[dt.date, int]] = []
    for start, end in intervals:
        events.append((start, 1))
        events.append((end + ONE_DAY, -1))
    best = current = 0
    for _day, step in sorted(events, key=lambda e: (e[0], e[1])):
        current += step
        best = max(best, current)
    return best


def _capacity_error(
    term: CouncilTerm, position: str, commission: Commission | None, start: dt.date
) -> str | None:
    """A message when the slot is already full on some day from `start` to the term's end."""
    capacity = selectors.POSITION_CAPACITY[position]
    occupied = [
        (max(m.start_date, start), min(m.end_date or term.end_date, term.end_date))
        for m in selectors.overlapping_memberships(term, start).filter(
            position=position, commission=commission
        )
    ]
    if _max_concurrent(occupied) < capacity:
        return None
    if position == CouncilPosition.ANGGOTA_KOMISI:
        return _("%(komisi)s sudah memiliki %(n)s anggota.") % {
            "komisi": commission.name,
            "n": capacity,
        }
    if commission is not None:
        return _("%(komisi)s sudah memiliki %(jabatan)s.") % {
            "komisi": commission.name,
            "jabatan": str(CouncilPosition(position).label).lower().replace(" komisi", ""),
        }
    return _("Jabatan %(jabatan)s Dewan sudah terisi.") % {
        "jabatan": CouncilPosition(position).label
    }


def _validate_membership(
    *,
    term: CouncilTerm,
    person: Person | None,
    organisation: Organisation | None,
    position: str,
    commission: Commission | None,
    start_date: dt.date | None,
    replaces: CouncilMembership | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if term.status == TermStatus.ENDED:
        errors["__all__"] = _("Masa jabatan ini sudah berakhir; anggotanya tidak dapat diubah.")
        return errors
    if person is None:
        errors["person"] = _("Pilih orang yang diangkat.")
    if organisation is None:
        errors["organisation"] = _(
            "Anggota harus mewakili organisasi dari salah satu unsur pentahelix (pemerintah, "
            "akademisi, masyarakat, dunia usaha); orang ini di luar unsur pentahelix."
        )
    elif organisation.helix not in Helix.values:
        errors["organisation"] = _(
            "Organisasi %(org)s tidak termasuk unsur pentahelix mana pun (di luar unsur "
            "pentahelix); tetapkan dulu unsurnya."
        ) % {"org": organisation.name}
    if position not in CouncilPosition.values:
        errors["position"] = _("Pilih jabatan.")
        return errors
    if position in COMMISSION_POSITIONS:
        if commission is None:
            errors["commission"] = _("Jabatan %(jabatan)s harus menyebut komisinya.") % {
                "jabatan": CouncilPosition(position).label
            }
        elif commission.term_id != term.pk:
            errors["commission"] = _("Komisi ini bukan bagian dari masa jabatan ini.")
    elif commission is not None:
        errors["commission"] = _(
            "Jabatan %(jabatan)s adalah jabatan Dewan, bukan jabatan komisi; kosongkan komisi."
        ) % {"jabatan": CouncilPosition(position).label}
    if start_date is None:
        errors["start_date"] = _("Tanggal mulai wajib diisi.")
    elif not term.start_date <= start_date <= term.end_date:
        errors["start_date"] = _(
            "Tanggal mulai harus di dalam masa jabatan (%(start)s sampai %(end)s)."
        ) % {"start": term.start_date.isoformat(), "end": term.end_date.isoformat()}
    if replaces is not None and replaces.term_id != term.pk:
        errors["replaces"] = _("Keanggotaan yang digantikan bukan dari masa jabatan ini.")
    if errors:
        return errors
    held = (
        selectors.overlapping_memberships(term, start_date)
        .filter(person=person)
        .select_related("commission")
        .first()
    )
    if held is not None:
        errors["person"] = _(
            "%(name)s sudah menjabat sebagai %(jabatan)s pada masa jabatan ini; satu orang hanya "
            "boleh memegang satu jabatan dalam satu waktu."
        ) % {"name": person.name, "jabatan": _position_label(held.position, held.commission)}
    capacity = _capacity_error(term, position, commission, start_date)
    if capacity:
        errors["position"] = capacity
    return errors


def _membership_create(
    *,
    actor: Any,
    term: CouncilTerm,
    person: Person,
    organisation: Organisation | None,
    position: str,
    commission: Commission | None,
    start_date: dt.date | None,
    decree: Decree | None,
    replaces: CouncilMembership | None,
    note: str,
) -> CouncilMembership:
    if organisation is None and person is not None:
        organisation = person.organisation
    errors = _validate_membership(
        term=term,
        person=person,
        organisation=organisation,
        position=position,
        commission=commission,
        start_date=start_date,
        replaces=replaces,
    )
    if errors:
        raise ValidationError(errors)
    membership = CouncilMembership(
        term=term,
        person=person,
        helix=organisation.helix,
        organisation=organisation,
        position=position,
        commission=commission,
        start_date=start_date,
        decree=decree,
        replaces=replaces,
        note=(note or "").strip()[:300],
    )
    membership.save()
    audit_record(actor=actor, action="create", obj=membership, changes=_tracked(membership))
    return membership


def _default_start(term: CouncilTerm) -> dt.date:
    if term.status == TermStatus.DRAFT:
        return term.start_date
    return min(max(timezone.localdate(), term.start_date), term.end_date)


@transaction.atomic
def membership_add(
    *,
    actor: Any,
    term: CouncilTerm,
    person: Person,
    organisation: Organisation | None,
    position: str,
    commission: Commission | None = None,
    start_date: dt.date | None = None,
    decree: Decree | None = None,
    replaces: CouncilMembership | None = None,
    note: str = "",
) -> CouncilMembership:
    """Appoint a person to a position of a term, representing an organisation of one helix.

    `organisation` defaults to the person's own organisation; `start_date` to the term's start
    (draft term) or today (active term)."""
    require_manage(actor)
    term = CouncilTerm.objects.select_for_update().get(pk=term.pk)
    return _membership_create(
        actor=actor,
        term=term,
        person=person,
        organisation=organisation,
        position=position,
        commission=commission,
        start_date=start_date or _default_start(term),
        decree=decree,
        replaces=replaces,
        note=note,
    )


def _end(actor: Any, membership: CouncilMembership, end_date: dt.date, reason: str) -> None:
    errors: dict[str, str] = {}
    if membership.end_date is not None:
        errors["__all__"] = _("Keanggotaan ini sudah berakhir pada %(date)s.") % {
            "date": membership.end_date.isoformat()
        }
    if reason not in MembershipEnd.values:
        errors["reason"] = _("Pilih alasan berakhirnya keanggotaan.")
    if end_date is None:
        errors["end_date"] = _("Tanggal berakhir wajib diisi.")
    elif end_date < membership.start_date:
        errors["end_date"] = _("Tanggal berakhir tidak boleh sebelum tanggal mulai (%(d)s).") % {
            "d": membership.start_date.isoformat()
        }
    elif end_date > membership.term.end_date:
        errors["end_date"] = _("Tanggal berakhir melewati akhir masa jabatan (%(d)s).") % {
            "d": membership.term.end_date.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    before = _tracked(membership)
    membership.end_date = end_date
    membership.end_reason = reason
    membership.save(update_fields=["end_date", "end_reason", "updated_at"])
    audit_record(
        actor=actor, action="update", obj=membership, changes=diff(before, _tracked(membership))
    )


def _locked(membership: CouncilMembership) -> CouncilMembership:
    return (
        CouncilMembership.objects.select_for_update(of=("self",))
        .select_related("term", "commission", "person")
        .get(pk=membership.pk)
    )


@transaction.atomic
def membership_end(
    *, actor: Any, membership: CouncilMembership, end_date: dt.date, reason: str
) -> CouncilMembership:
    """End a membership (resignation, dismissal...). The row stays as history."""
    require_manage(actor)
    membership = _locked(membership)
    _end(actor, membership, end_date, reason)
    return membership


@transaction.atomic
def membership_replace(
    *,
    actor: Any,
    membership: CouncilMembership,
    person: Person,
    organisation: Organisation | None,
    date: dt.date,
    reason: str = MembershipEnd.REPLACED,
    decree: Decree | None = None,
) -> CouncilMembership:
    """Replace a member from `date`: the old membership ends the day before, the new one takes
    the same position (and komisi) and names the one it replaces."""
    require_manage(actor)
    CouncilTerm.objects.select_for_update().get(pk=membership.term_id)  # serialise seat changes
    membership = _locked(membership)
    if date is None:
        raise ValidationError({"date": _("Tanggal penggantian wajib diisi.")})
    if date <= membership.start_date:
        raise ValidationError(
            {
                "date": _("Penggantian harus sesudah tanggal mulai anggota lama (%(d)s).")
                % {"d": membership.start_date.isoformat()}
            }
        )
    if membership.end_date is not None and membership.end_date < date - ONE_DAY:
        raise ValidationError(
            _("Keanggotaan ini sudah berakhir pada %(date)s.")
            % {"date": membership.end_date.isoformat()}
        )
    if membership.end_date is None:
        _end(actor, membership, date - ONE_DAY, reason)
    return _membership_create(
        actor=actor,
        term=membership.term,
        person=person,
        organisation=organisation,
        position=membership.position,
        commission=membership.commission,
        start_date=date,
        decree=decree,
        replaces=membership,
        note="",
    )


# --- resource persons ---------------------------------------------------------------------------


@transaction.atomic
def resource_person_add(
    *, actor: Any, person: Person | None, expertise: str, note: str = ""
) -> ResourcePerson:
    """Register a narasumber the council may invite (Pasal 10(3))."""
    require_manage(actor)
    errors: dict[str, str] = {}
    expertise = (expertise or "").strip()
    if person is None:
        errors["person"] = _("Pilih orang yang menjadi narasumber.")
    elif ResourcePerson.objects.filter(person=person).exists():
        errors["person"] = _("%(name)s sudah terdaftar sebagai narasumber.") % {"name": person.name}
    if not expertise:
        errors["expertise"] = _("Keahlian wajib diisi.")
    if errors:
        raise ValidationError(errors)
    resource = ResourcePerson.objects.create(
        person=person, expertise=expertise[:300], note=(note or "").strip()
    )
    audit_record(actor=actor, action="create", obj=resource, changes=_tracked(resource))
    return resource


@transaction.atomic
def resource_person_update(
    *,
    actor: Any,
    resource_person: ResourcePerson,
    expertise: str | None = None,
    note: str | None = None,
    is_active: bool | None = None,
) -> ResourcePerson:
    """Change a narasumber's expertise, note or whether they are still invited."""
    require_manage(actor)
    resource = ResourcePerson.objects.select_for_update().get(pk=resource_person.pk)
    before = _tracked(resource)
    if expertise is not None:
        expertise = expertise.strip()
        if not expertise:
            raise ValidationError({"expertise": _("Keahlian wajib diisi.")})
        resource.expertise = expertise[:300]
    if note is not None:
        resource.note = note.strip()
    if is_active is not None:
        resource.is_active = is_active
    changes = diff(before, _tracked(resource))
    if changes:
        resource.save()
        audit_record(actor=actor, action="update", obj=resource, changes=changes)
    return resource
