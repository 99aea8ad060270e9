"""Writes of the registry of Keputusan Wali Kota (issue #4 item 7).

Decrees set up the council (Pasal 11(1)), the team (Pasal 13), the masterplan and the election of
the council (Pasal 11(4)). Each has a unique number, a date, a kind, a subject and optionally the
signed file, checked by its content (`core.uploads.check_upload`) with its SHA-256 kept.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.uploads import check_upload
from kotacerdas.institutions.models import Decree, DecreeKind
from kotacerdas.institutions.permissions import require_manage

DECREE_FILE_KINDS = ("pdf", "jpg", "png")
DECREE_MAX_BYTES = 10 * 1024 * 1024
NUMBER_MAX_LENGTH = 100
SUBJECT_MAX_LENGTH = 500
_UNSET: Any = object()


def _tracked(obj: Decree) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def _duplicate_message(number: str) -> str:
    return _("Nomor keputusan %(number)s sudah terdaftar.") % {"number": number}


def _clean(
    *, number: str, date: dt.date | None, kind: str, subject: str, exclude_pk: int | None = None
) -> tuple[str, str]:
    errors: dict[str, str] = {}
    number = " ".join((number or "").split())
    subject = (subject or "").strip()
    if not number:
        errors["number"] = _("Nomor keputusan wajib diisi.")
    elif len(number) > NUMBER_MAX_LENGTH:
        errors["number"] = _("Nomor keputusan paling panjang %(n)s karakter.") % {
            "n": NUMBER_MAX_LENGTH
        }
    elif Decree.objects.filter(number__iexact=number).exclude(pk=exclude_pk).exists():
        errors["number"] = _duplicate_message(number)
    if date is None:
        errors["date"] = _("Tanggal ditetapkan wajib diisi.")
    if kind not in DecreeKind.values:
        errors["kind"] = _("Pilih jenis keputusan.")
    if not subject:
        errors["subject"] = _("Isi perihal keputusan (tentang).")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = _("Perihal paling panjang %(n)s karakter.") % {"n": SUBJECT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return number, subject


def _save_row(decree: Decree) -> None:
    """Save in a savepoint: a concurrent registration of the same number gives a clear message."""
    try:
        with transaction.atomic():
            decree.save()
    except IntegrityError as exc:
        raise ValidationError({"number": _duplicate_message(decree.number)}) from exc


def _attach(decree: Decree, upload: Any) -> None:
    info = check_upload(upload, kinds=DECREE_FILE_KINDS, max_bytes=DECREE_MAX_BYTES)
    upload.seek(0)
    decree.file_sha256 = info.sha256
    decree.file_size = info.size
    decree.file_content_type = info.content_type
    name = f"{decree.date:%Y}-{decree.pk}{info.extension}"
    decree.file.save(os.path.basename(name), upload, save=False)


@transaction.atomic
def decree_register(
    *,
    actor: Any,
    number: str,
    date: dt.date | None,
    kind: str,
    subject: str,
    upload: Any = None,
    is_demo: bool = False,
) -> Decree:
    """Register a Keputusan Wali Kota (a duplicate number or a bad file writes nothing)."""
    require_manage(actor)
    number, subject = _clean(number=number, date=date, kind=kind, subject=subject)
    if upload is not None:
        check_upload(upload, kinds=DECREE_FILE_KINDS, max_bytes=DECREE_MAX_BYTES)
    decree = Decree(number=number, date=date, kind=kind, subject=subject, is_demo=is_demo)
    _save_row(decree)
    if upload is not None:
        _attach(decree, upload)
        decree.save(
            update_fields=["file", "file_sha256", "file_size", "file_content_type", "updated_at"]
        )
    audit_record(actor=actor, action="create", obj=decree, changes=_tracked(decree))
    return decree


@transaction.atomic
def decree_update(
    *,
    actor: Any,
    decree: Decree,
    number: str = _UNSET,
    date: dt.date | None = _UNSET,
    kind: str = _UNSET,
    subject: str = _UNSET,
    upload: Any = None,
) -> Decree:
    """Correct a decree's details or replace its file; arguments left out stay as they are."""
    require_manage(actor)
    decree = Decree.objects.select_for_update().get(pk=decree.pk)
    before = _tracked(decree)
    number, subject = _clean(
        number=decree.number if number is _UNSET else number,
        date=decree.date if date is _UNSET else date,
        kind=decree.kind if kind is _UNSET else kind,
        subject=decree.subject if subject is _UNSET else subject,
        exclude_pk=decree.pk,
    )
    if upload is not None:
        check_upload(upload, kinds=DECREE_FILE_KINDS, max_bytes=DECREE_MAX_BYTES)
    decree.number = number
    decree.subject = subject
    if date is not _UNSET:
        decree.date = date
    if kind is not _UNSET:
        decree.kind = kind
    _save_row(decree)
    if upload is not None:
        _attach(decree, upload)
        decree.save()
    changes = diff(before, _tracked(decree))
    if changes:
        audit_record(actor=actor, action="update", obj=decree, changes=changes)
    return decree
