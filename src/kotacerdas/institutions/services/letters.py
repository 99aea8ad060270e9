"""Writes of the correspondence register (Pasal 12: the secretariat handles the council's letters).

Outgoing letters get their number from the active NumberingScheme: the sequence restarts every
year and is assigned under a row lock on the scheme (plus a retry on the unique constraints), so
two secretaries registering at the same moment never get the same number. Incoming letters keep
the sender's number; a number registered twice in the same direction is refused.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.uploads import check_upload
from kotacerdas.institutions import numbering
from kotacerdas.institutions.models import (
    Letter,
    LetterAttachment,
    LetterClassification,
    LetterDirection,
    NumberingScheme,
)
from kotacerdas.institutions.permissions import require_manage
from kotacerdas.institutions.selectors.letters import free_number

COUNCIL_NAME = "Dewan Kota Cerdas Kota Bekasi"
NUMBER_ATTEMPTS = 5


def _classification(code: str) -> LetterClassification:
    code = (code or "").strip()
    if not code:
        raise ValidationError({"classification_code": [_("Pilih klasifikasi surat.")]})
    try:
        return LetterClassification.objects.get(code=code)
    except LetterClassification.DoesNotExist:
        raise ValidationError(
            {"classification_code": [_("Klasifikasi %(code)s tidak dikenal.") % {"code": code}]}
        ) from None


def _required_text(values: dict[str, str], max_lengths: dict[str, int]) -> dict[str, str]:
    """Strip the texts; every one must be given and fit its column."""
    labels = {
        "subject": _("Perihal"),
        "sender": _("Pengirim"),
        "recipient": _("Penerima"),
        "number": _("Nomor surat"),
    }
    cleaned, errors = {}, {}
    for field, value in values.items():
        text = (value or "").strip()
        if not text:
            errors[field] = [_("%(label)s wajib diisi.") % {"label": labels[field]}]
        elif len(text) > max_lengths[field]:
            errors[field] = [
                _("%(label)s terlalu panjang (maksimum %(max)s karakter).")
                % {"label": labels[field], "max": max_lengths[field]}
            ]
        cleaned[field] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _max_lengths() -> dict[str, int]:
    return {
        name: Letter._meta.get_field(name).max_length
        for name in ("subject", "sender", "recipient", "number")
    }


def _number_taken(direction: str, number: str) -> ValidationError:
    label = LetterDirection(direction).label
    return ValidationError(
        {
            "number": [
                _("Nomor surat %(number)s sudah terdaftar sebagai %(direction)s.")
                % {"number": number, "direction": str(label).lower()}
            ]
        }
    )


def _create(letter: Letter) -> bool:
    """Insert in a savepoint; False when a unique constraint refused it (nothing written)."""
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        letter.pk = None
        return False
    return True


@transaction.atomic
def letter_register_outgoing(
    *,
    actor: Any,
    classification_code: str,
    date: dt.date,
    subject: str,
    recipient: str,
    sender: str = COUNCIL_NAME,
    summary: str = "",
    number: str | None = None,
) -> Letter:
    """Register an outgoing letter; its number comes from the active scheme unless given."""
    require_manage(actor)
    if date is None:
        raise ValidationError({"date": [_("Tanggal surat wajib diisi.")]})
    classification = _classification(classification_code)
    manual = (number or "").strip()
    texts = {"subject": subject, "recipient": recipient, "sender": sender}
    if manual:
        texts["number"] = manual
    texts = _required_text(texts, _max_lengths())
    letter = Letter(
        direction=LetterDirection.OUTGOING,
        year=date.year,
        date=date,
        classification=classification,
        subject=texts["subject"],
        sender=texts["sender"],
        recipient=texts["recipient"],
        summary=(summary or "").strip(),
        registered_by=actor,
    )
    if manual:
        letter.number = texts["number"]
        if Letter.objects.filter(direction=LetterDirection.OUTGOING, number=manual).exists():
            raise _number_taken(LetterDirection.OUTGOING, manual)
        if not _create(letter):
            raise _number_taken(LetterDirection.OUTGOING, manual)
    else:
        for _attempt in range(NUMBER_ATTEMPTS):
            # The lock makes concurrent registrations wait for each other's commit; the
            # unique constraints and the retry cover a scheme switched in the meantime.
            scheme = (
                NumberingScheme.objects.select_for_update()
                .filter(is_active=True)
                .order_by("-id")
                .first()
            )
            if scheme is None:
                raise ValidationError(
                    _("Belum ada pola penomoran surat yang aktif; atur polanya terlebih dahulu.")
                )
            letter.sequence, letter.number = free_number(
                scheme, classification_code=classification.code, date=date
            )
            if _create(letter):
                break
        else:
            raise ValidationError(
                _(
                    "Nomor surat tidak dapat diberikan karena banyak pendaftaran bersamaan; "
                    "coba lagi."
                )
            )
    audit_record(
        actor=actor, action="letter.register_outgoing", obj=letter, changes=snapshot(letter)
    )
    return letter


@transaction.atomic
def letter_register_incoming(
    *,
    actor: Any,
    number: str,
    date: dt.date,
    received_at: dt.date,
    classification_code: str,
    subject: str,
    sender: str,
    recipient: str = COUNCIL_NAME,
    summary: str = "",
) -> Letter:
    """Register an incoming letter with the sender's number (unique among incoming letters)."""
    require_manage(actor)
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [_("Tanggal surat wajib diisi.")]
    if received_at is None:
        errors["received_at"] = [_("Tanggal diterima wajib diisi.")]
    elif received_at > timezone.localdate():
        errors["received_at"] = [_("Tanggal diterima tidak boleh di masa depan.")]
    elif date is not None and received_at < date:
        errors["received_at"] = [_("Tanggal diterima tidak boleh sebelum tanggal surat.")]
    if errors:
        raise ValidationError(errors)
    classification = _classification(classification_code)
    texts = _required_text(
        {"number": number, "subject": subject, "sender": sender, "recipient": recipient},
        _max_lengths(),
    )
    if Letter.objects.filter(direction=LetterDirection.INCOMING, number=texts["number"]).exists():
        raise _number_taken(LetterDirection.INCOMING, texts["number"])
    letter = Letter(
        direction=LetterDirection.INCOMING,
        number=texts["number"],
        year=date.year,
        date=date,
        received_at=received_at,
        classification=classification,
        subject=texts["subject"],
        sender=texts["sender"],
        recipient=texts["recipient"],
        summary=(summary or "").strip(),
        registered_by=actor,
    )
    if not _create(letter):
        raise _number_taken(LetterDirection.INCOMING, texts["number"])
    audit_record(
        actor=actor, action="letter.register_incoming", obj=letter, changes=snapshot(letter)
    )
    return letter


@transaction.atomic
def letter_attach(*, actor: Any, letter: Letter, upload: Any, title: str = "") -> LetterAttachment:
    """Attach a file (PDF, JPG, PNG, DOCX, XLSX up to 10 MB, checked by content); SHA-256 kept."""
    require_manage(actor)
    info = check_upload(upload)
    name = os.path.basename(upload.name)[:200]
    title = (title or "").strip() or os.path.splitext(name)[0]
    if len(title) > 300:
        raise ValidationError({"title": [_("Judul lampiran maksimum 300 karakter.")]})
    attachment = LetterAttachment(
        letter=letter,
        title=title,
        sha256=info.sha256,
        size=info.size,
        content_type=info.content_type,
        uploaded_by=actor,
    )
    attachment.file.save(name, File(upload, name=name), save=False)
    try:
        attachment.save()
        audit_record(
            actor=actor, action="letter.attach", obj=attachment, changes=snapshot(attachment)
        )
    except BaseException:
        # The file reached the storage before the row: do not leave it orphaned.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def letter_attachment_remove(*, actor: Any, attachment: LetterAttachment) -> None:
    """Remove an attachment (after confirmation); the audit event keeps its SHA-256."""
    require_manage(actor)
    values = snapshot(attachment)
    pk = attachment.pk
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    audit_record(
        actor=actor,
        action="letter.attachment_remove",
        object_type="institutions.LetterAttachment",
        object_id=pk,
        object_repr=values["title"],
        changes=values,
    )
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def numbering_scheme_create(
    *, actor: Any, name: str, pattern: str, sequence_width: int = 3, activate: bool = True
) -> NumberingScheme:
    """Add a numbering scheme (it must contain {nomor}); when activated, it replaces the active
    one for new letters. Numbers already given are kept."""
    require_manage(actor)
    name, pattern = (name or "").strip(), (pattern or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Nama pola wajib diisi.")]
    if not pattern:
        errors["pattern"] = [_("Pola wajib diisi.")]
    elif len(pattern) > 200:
        errors["pattern"] = [_("Pola maksimum 200 karakter.")]
    else:
        errors.update(
            {f: [m] for f, m in numbering.pattern_problems(pattern, sequence_width).items()}
        )
    if errors:
        raise ValidationError(errors)
    if activate:
        NumberingScheme.objects.select_for_update().filter(is_active=True).update(is_active=False)
    scheme = NumberingScheme.objects.create(
        name=name[:100], pattern=pattern, sequence_width=sequence_width, is_active=activate
    )
    audit_record(
        actor=actor, action="numbering_scheme.create", obj=scheme, changes=snapshot(scheme)
    )
    return scheme


@transaction.atomic
def numbering_scheme_activate(*, actor: Any, scheme: NumberingScheme) -> NumberingScheme:
    """Make `scheme` the one new outgoing letters are numbered with."""
    require_manage(actor)
    previous = list(
        NumberingScheme.objects.select_for_update()
        .filter(is_active=True)
        .exclude(pk=scheme.pk)
        .values_list("pk", flat=True)
    )
    NumberingScheme.objects.filter(pk__in=previous).update(is_active=False)
    NumberingScheme.objects.filter(pk=scheme.pk).update(is_active=True)
    scheme.refresh_from_db()
    audit_record(
        actor=actor,
        action="numbering_scheme.activate",
        obj=scheme,
        changes={"is_active": [False, True], "deactivated": previous},
    )
    return scheme
