"""Evidence files of a realisation (Issue 3 item 5; Pasal 27(2)b: integrity of data).

A file is accepted only when its content is one of the allowed kinds (PDF, JPEG, PNG, XLSX,
DOCX), recognised by its first bytes and, for the Office formats, by the parts inside the
ZIP container, never by its name alone. Its SHA-256 is kept so a later copy can be checked.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, snapshot
from kotacerdas.core.uploads import CONTENT_TYPES, EXTENSIONS, sniff_kind
from kotacerdas.core.uploads import file_sha256 as _sha256
from kotacerdas.core.uploads import file_size as _size
from kotacerdas.monitoring.models import Evidence, Realisation
from kotacerdas.monitoring.services.periods import period_require_open
from kotacerdas.monitoring.services.realisation import EDITABLE_STATUSES, can_enter

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED_LABEL = "PDF, JPG, PNG, XLSX, DOCX"


def _require_changeable(actor: Any, realisation: Realisation) -> Realisation:
    current = Realisation.objects.select_related("period", "activity").get(pk=realisation.pk)
    if not can_enter(actor, current.activity):
        raise PermissionDenied(
            _("Anda hanya boleh mengelola bukti dukung kegiatan Perangkat Daerah Anda sendiri.")
        )
    period_require_open(current.period)
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Bukti dukung realisasi berstatus %(status)s tidak dapat diubah.")
            % {"status": current.get_status_display()}
        )
    return current


@transaction.atomic
def evidence_add(*, actor: Any, realisation: Realisation, upload: Any) -> Evidence:
    """Pasal 29(1), 27(2)b: attach an evidence file; size and kind checked, SHA-256 kept.

    `upload` is a Django UploadedFile (or any binary file object with a `name`)."""
    realisation = _require_changeable(actor, realisation)
    name = os.path.basename(getattr(upload, "name", "") or "").strip()[:255]
    if not name:
        raise ValidationError({"file": [_("Pilih berkas bukti dukung.")]})
    size = _size(upload)
    if size == 0:
        raise ValidationError({"file": [_("Berkas kosong.")]})
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                "file": [
                    _("Berkas %(name)s terlalu besar (%(size)s MB); batasnya %(max)s MB.")
                    % {
                        "name": name,
                        "size": f"{size / 1024 / 1024:.1f}".replace(".", ","),
                        "max": MAX_EVIDENCE_BYTES // 1024 // 1024,
                    }
                ]
            }
        )
    kind = sniff_kind(upload)
    if kind is None:
        raise ValidationError(
            {
                "file": [
                    _(
                        "Isi berkas %(name)s bukan jenis yang diizinkan (%(allowed)s); berkas "
                        "diperiksa dari isinya, bukan dari namanya."
                    )
                    % {"name": name, "allowed": ALLOWED_LABEL}
                ]
            }
        )
    extension = os.path.splitext(name)[1].lower()
    if extension not in EXTENSIONS[kind]:
        # The name lies about the content: keep the content's kind in the stored name.
        name = f"{os.path.splitext(name)[0]}{sorted(EXTENSIONS[kind])[0]}"[:255]
    evidence = Evidence(
        realisation=realisation,
        original_name=name,
        content_type=CONTENT_TYPES[kind],
        size=size,
        sha256=_sha256(upload),
        uploaded_by=actor,
    )
    evidence.file.save(name, File(upload, name=name), save=False)
    try:
        evidence.save()
        audit_record(actor=actor, action="evidence.add", obj=evidence, changes=snapshot(evidence))
    except BaseException:
        # The file reached the storage before the row: do not leave it orphaned.
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor: Any, evidence: Evidence) -> None:
    """Pasal 27(2)b: remove an evidence file (after confirmation); the event keeps its hash."""
    _require_changeable(actor, evidence.realisation)
    values = snapshot(evidence)
    pk = evidence.pk
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    audit_record(
        actor=actor,
        action="evidence.remove",
        object_type="monitoring.Evidence",
        object_id=pk,
        object_repr=values["original_name"],
        changes=values,
    )
    transaction.on_commit(lambda: storage.delete(name))
