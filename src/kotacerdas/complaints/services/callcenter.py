"""Call Center 1500444 (Pasal 26(1)): call logs, calls handed to 112/119, shift handovers.

Every call is logged, whether or not it becomes a case. A call handed to 112 (integrated
emergency) or 119 (ambulance) needs a note of what was handed over. Agents on 24-hour shifts
write a handover note at the end of their shift, listing the open cases to watch; the next agent
acknowledges it (not the writer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.complaints.models import CallLog, Case, Channel, HandedTo, ShiftHandover
from kotacerdas.complaints.services.intake import SubmitResult, case_submit
from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import Role

PHONE_MAX = 40
NOTE_MAX = 2000
HANDOVER_NOTE_MAX = 4000
HANDOVER_CASES_MAX = 50


def is_agent(actor: Any) -> bool:
    return permissions.is_admin(actor) or permissions.has_role(actor, Role.CALL_CENTER_AGENT)


def require_agent(actor: Any) -> None:
    if not is_agent(actor):
        raise PermissionDenied(_("Hanya agen Call Center 1500444 yang boleh melakukan ini."))


def _clean_phone(errors: dict[str, str], phone: str) -> str:
    phone = (phone or "").strip()
    if len(phone) > PHONE_MAX:
        errors["caller_phone"] = _("Nomor telepon terlalu panjang: maksimum %(max)s karakter.") % {
            "max": PHONE_MAX
        }
    elif phone and not all(ch.isdigit() or ch in "+-() ." for ch in phone):
        errors["caller_phone"] = _("Nomor telepon hanya boleh berisi angka, spasi, +, - dan ().")
    return phone


def _call_errors(
    *, caller_phone: str, note: str, handed_to: str
) -> tuple[dict[str, str], str, str, str]:
    errors: dict[str, str] = {}
    phone = _clean_phone(errors, caller_phone)
    note = (note or "").strip()
    handed_to = (handed_to or "").strip()
    if handed_to not in HandedTo.values:
        errors["handed_to"] = _("Tujuan pengalihan tidak dikenal: pilih 112 atau 119.")
    elif handed_to and not note:
        errors["note"] = _(
            "Tuliskan catatan pengalihan ke %(number)s: apa yang dilaporkan dan kepada siapa "
            "diserahkan."
        ) % {"number": handed_to}
    if len(note) > NOTE_MAX:
        errors["note"] = _("Catatan terlalu panjang: maksimum %(max)s karakter.") % {
            "max": NOTE_MAX
        }
    return errors, phone, note, handed_to


@transaction.atomic
def call_log_record(
    *,
    actor: Any,
    caller_phone: str = "",
    note: str = "",
    handed_to: str = "",
    case: Case | None = None,
    started_at: dt.datetime | None = None,
    ended_at: dt.datetime | None = None,
) -> CallLog:
    """Log one call (with or without a case); a call handed to 112/119 needs a note."""
    require_agent(actor)
    errors, phone, note, handed_to = _call_errors(
        caller_phone=caller_phone, note=note, handed_to=handed_to
    )
    now = timezone.now()
    started_at = started_at or now
    if ended_at is not None and ended_at < started_at:
        errors["ended_at"] = _("Waktu selesai panggilan tidak boleh sebelum waktu mulai.")
    if errors:
        raise ValidationError(errors)
    call = CallLog.objects.create(
        agent=actor,
        caller_phone=phone,
        started_at=started_at,
        ended_at=ended_at or now,
        case=case,
        handed_to=handed_to,
        note=note,
    )
    audit_record(
        actor=actor,
        action="complaints.call_log",
        obj=call,
        changes={
            "caller_phone": phone,
            "case": case.tracking_number if case else None,
            "handed_to": handed_to,
        },
    )
    return call


@transaction.atomic
def callcenter_case_submit(
    *,
    actor: Any,
    call_note: str = "",
    started_at: dt.datetime | None = None,
    walk_in: bool = False,
    **fields: Any,
) -> tuple[SubmitResult, CallLog | None]:
    """A case taken on the phone (channel call_center) and its call log, together or not at
    all; or, with `walk_in`, a case from a reporter at the desk (channel walk_in, no call
    log). `fields` are those of `intake.case_submit` (without actor and channel)."""
    require_agent(actor)
    errors, _phone, call_note, _handed = _call_errors(
        caller_phone=fields.get("reporter_phone", ""), note=call_note, handed_to=""
    )
    if "note" in errors:
        errors["call_note"] = errors.pop("note")
    errors.pop("caller_phone", None)  # the reporter's phone is checked by the intake
    if errors:
        raise ValidationError(errors)
    if walk_in:
        return case_submit(actor=actor, channel=Channel.WALK_IN, **fields), None
    result = case_submit(actor=actor, channel=Channel.CALL_CENTER, **fields)
    call = call_log_record(
        actor=actor,
        caller_phone=fields.get("reporter_phone", "") or "",
        note=call_note,
        case=result.case,
        started_at=started_at,
    )
    return result, call


def _clean_open_cases(errors: dict[str, str], numbers: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in numbers or ():
        for number in str(raw).replace(",", " ").split():
            number = number.strip().upper()
            if number and number not in cleaned:
                cleaned.append(number)
    if len(cleaned) > HANDOVER_CASES_MAX:
        errors["open_cases"] = _("Paling banyak %(max)s laporan yang dipantau.") % {
            "max": HANDOVER_CASES_MAX
        }
        return cleaned
    known = set(
        Case.objects.filter(tracking_number__in=cleaned).values_list("tracking_number", flat=True)
    )
    unknown = [number for number in cleaned if number not in known]
    if unknown:
        errors["open_cases"] = _("Nomor lacak tidak dikenal: %(numbers)s.") % {
            "numbers": ", ".join(unknown)
        }
    return cleaned


@transaction.atomic
def handover_write(*, actor: Any, note: str, open_cases: Iterable[str] = ()) -> ShiftHandover:
    """The end-of-shift note, with the tracking numbers of the open cases to watch."""
    require_agent(actor)
    errors: dict[str, str] = {}
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Tuliskan catatan serah terima untuk shift berikutnya.")
    elif len(note) > HANDOVER_NOTE_MAX:
        errors["note"] = _("Catatan terlalu panjang: maksimum %(max)s karakter.") % {
            "max": HANDOVER_NOTE_MAX
        }
    numbers = _clean_open_cases(errors, open_cases)
    if errors:
        raise ValidationError(errors)
    handover = ShiftHandover.objects.create(
        agent=actor, at=timezone.now(), note=note, open_cases=numbers
    )
    audit_record(
        actor=actor,
        action="complaints.handover_write",
        obj=handover,
        changes={"open_cases": numbers},
    )
    return handover


@transaction.atomic
def handover_acknowledge(*, actor: Any, handover: ShiftHandover) -> ShiftHandover:
    """The next agent acknowledges a handover note (once; not its writer)."""
    require_agent(actor)
    handover = ShiftHandover.objects.select_for_update().get(pk=handover.pk)
    if handover.agent_id == actor.pk:
        raise ValidationError(
            _("Serah terima harus diterima oleh agen shift berikutnya, bukan penulisnya.")
        )
    if handover.acknowledged_at is not None:
        raise ValidationError(
            _("Serah terima ini sudah diterima oleh %(name)s.") % {"name": handover.acknowledged_by}
        )
    handover.acknowledged_by = actor
    handover.acknowledged_at = timezone.now()
    handover.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit_record(
        actor=actor,
        action="complaints.handover_acknowledge",
        obj=handover,
        changes={"acknowledged_by": actor.pk},
    )
    return handover
