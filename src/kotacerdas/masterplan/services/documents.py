"""Writes of the Rencana Induk Kota Cerdas document (Pasal 8).

A version is drafted chapter by chapter (Bab I-V and Lampiran, Pasal 8(1)) by the Tim
Pelaksana together with the Dewan Kota Cerdas (Pasal 13 huruf a), then set by a Keputusan Wali
Kota (Pasal 8(2)). Once approved a version never changes; a new draft revises it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kotacerdas.core import permissions
from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Role
from kotacerdas.masterplan.models import Masterplan, MasterplanChapter, MasterplanStatus

# Who drafts the masterplan: the team with the council (Pasal 13 huruf a), and administrators.
EDITOR_ROLES = (Role.TEAM_MEMBER, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARIAT)
DECREE_MAX_BYTES = 20 * 1024 * 1024
DECREE_EXTENSIONS = (".pdf",)
BODY_MAX_CHARS = 200_000


def can_edit_masterplan(user: Any) -> bool:
    return permissions.is_admin(user) or permissions.has_role(user, *EDITOR_ROLES)


def can_approve_masterplan(user: Any) -> bool:
    return permissions.is_admin(user)


def _require_editor(actor: Any) -> None:
    if not can_edit_masterplan(actor):
        raise PermissionDenied(
            _(
                "Hanya Tim Pelaksana, Dewan Kota Cerdas, atau administrator yang boleh menyusun "
                "Rencana Induk."
            )
        )


def _require_draft(masterplan: Masterplan) -> None:
    if masterplan.status != MasterplanStatus.DRAFT:
        raise ValidationError(
            _(
                "Rencana Induk versi %(version)s sudah %(status)s dan tidak dapat diubah. "
                "Buat revisi sebagai draf baru."
            )
            % {"version": masterplan.version, "status": masterplan.get_status_display().lower()}
        )


def _validate_period(period_start: int, period_end: int) -> None:
    if not (2000 <= period_start <= 2100 and 2000 <= period_end <= 2100):
        raise ValidationError({"period_start": _("Tahun harus antara 2000 dan 2100.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("Tahun akhir tidak boleh sebelum tahun awal.")})


def _next_version() -> int:
    return (Masterplan.objects.aggregate(top=Max("version"))["top"] or 0) + 1


# The decree file is audited by its SHA-256 (core's snapshot() trips over an empty FileField).
TRACKED_FIELDS = [
    "version",
    "title",
    "period_start",
    "period_end",
    "status",
    "decree_number",
    "decree_date",
    "decree_file_sha256",
    "based_on",
]


def _tracked(obj: Masterplan) -> dict[str, Any]:
    return snapshot(obj, fields=TRACKED_FIELDS)


@transaction.atomic
def masterplan_create(
    *,
    actor: Any,
    title: str,
    period_start: int,
    period_end: int,
    chapters: dict[str, str] | None = None,
) -> Masterplan:
    """Pasal 8(1): a new draft with the six chapters of the systematics (empty unless given)."""
    _require_editor(actor)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Judul wajib diisi.")})
    _validate_period(period_start, period_end)
    chapters = chapters or {}
    unknown = set(chapters) - set(MasterplanChapter.Code.values)
    if unknown:
        raise ValidationError(_("Bab tidak dikenal: %(codes)s.") % {"codes": ", ".join(unknown)})
    masterplan = Masterplan(
        version=_next_version(),
        title=title[:300],
        period_start=period_start,
        period_end=period_end,
        status=MasterplanStatus.DRAFT,
    )
    masterplan.full_clean()
    masterplan.save()
    _create_chapters(masterplan, chapters)
    audit_record(
        actor=actor,
        action="create",
        obj=masterplan,
        changes={**_tracked(masterplan), "chapters": sorted(chapters)},
    )
    return masterplan


def _create_chapters(masterplan: Masterplan, bodies: dict[str, str]) -> None:
    MasterplanChapter.objects.bulk_create(
        MasterplanChapter(masterplan=masterplan, code=code, order=order, body=bodies.get(code, ""))
        for order, code in enumerate(MasterplanChapter.Code.values, start=1)
    )


@transaction.atomic
def masterplan_revise(*, actor: Any, based_on: Masterplan, title: str | None = None) -> Masterplan:
    """Pasal 8: a new draft version that starts from the chapters of `based_on`."""
    _require_editor(actor)
    bodies = dict(based_on.chapters.values_list("code", "body"))
    masterplan = Masterplan(
        version=_next_version(),
        title=((title or "").strip() or based_on.title)[:300],
        period_start=based_on.period_start,
        period_end=based_on.period_end,
        status=MasterplanStatus.DRAFT,
        based_on=based_on,
    )
    masterplan.full_clean()
    masterplan.save()
    _create_chapters(masterplan, bodies)
    audit_record(
        actor=actor,
        action="masterplan.revise",
        obj=masterplan,
        changes={**_tracked(masterplan), "based_on_version": based_on.version},
    )
    return masterplan


@transaction.atomic
def masterplan_update(
    *, actor: Any, masterplan: Masterplan, title: str, period_start: int, period_end: int
) -> Masterplan:
    """Pasal 8: the title and period of a draft."""
    _require_editor(actor)
    masterplan = Masterplan.objects.select_for_update().get(pk=masterplan.pk)
    _require_draft(masterplan)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Judul wajib diisi.")})
    _validate_period(period_start, period_end)
    before = _tracked(masterplan)
    masterplan.title = title[:300]
    masterplan.period_start = period_start
    masterplan.period_end = period_end
    changes = diff(before, _tracked(masterplan))
    if changes:
        masterplan.save()
        audit_record(actor=actor, action="update", obj=masterplan, changes=changes)
    return masterplan


@transaction.atomic
def masterplan_chapter_update(
    *, actor: Any, masterplan: Masterplan, code: str, body: str
) -> MasterplanChapter:
    """Pasal 8(1): the written text of one chapter of a draft. Approved versions are immutable."""
    _require_editor(actor)
    masterplan = Masterplan.objects.select_for_update().get(pk=masterplan.pk)
    _require_draft(masterplan)
    if code not in MasterplanChapter.Code.values:
        raise ValidationError({"code": _("Bab tidak dikenal.")})
    body = (body or "").replace("\r\n", "\n")
    if len(body) > BODY_MAX_CHARS:
        raise ValidationError(
            {
                "body": _("Isi bab terlalu panjang (maksimum %(n)s karakter).")
                % {"n": BODY_MAX_CHARS}
            }
        )
    chapter, _created = MasterplanChapter.objects.get_or_create(
        masterplan=masterplan,
        code=code,
        defaults={"order": MasterplanChapter.Code.values.index(code) + 1},
    )
    if chapter.body != body:
        before = chapter.body
        chapter.body = body
        chapter.save(update_fields=["body"])
        masterplan.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="masterplan.chapter_update",
            obj=masterplan,
            changes={
                "chapter": code,
                "body_chars": [len(before), len(body)],
                "body_sha256": [
                    hashlib.sha256(before.encode()).hexdigest(),
                    hashlib.sha256(body.encode()).hexdigest(),
                ],
            },
        )
    return chapter


def _read_decree(decree_file: Any) -> tuple[bytes, str]:
    if decree_file is None:
        raise ValidationError({"decree_file": _("Berkas Keputusan Wali Kota wajib diunggah.")})
    name = getattr(decree_file, "name", "") or ""
    if not name.lower().endswith(DECREE_EXTENSIONS):
        raise ValidationError({"decree_file": _("Berkas keputusan harus berformat PDF.")})
    size = getattr(decree_file, "size", None)
    if size is not None and size > DECREE_MAX_BYTES:
        raise ValidationError({"decree_file": _("Berkas keputusan melebihi 20 MB.")})
    decree_file.seek(0)
    content = decree_file.read()
    if len(content) > DECREE_MAX_BYTES:
        raise ValidationError({"decree_file": _("Berkas keputusan melebihi 20 MB.")})
    if not content.startswith(b"%PDF"):
        raise ValidationError({"decree_file": _("Berkas keputusan bukan PDF yang sah.")})
    return content, name


@transaction.atomic
def masterplan_approve(
    *,
    actor: Any,
    masterplan: Masterplan,
    decree_number: str,
    decree_date: dt.date,
    decree_file: Any,
) -> Masterplan:
    """Pasal 8(2): the Keputusan Wali Kota sets this version; the one before is superseded.

    The decree file's SHA-256 is kept so that the stored file can be checked later.
    """
    if not can_approve_masterplan(actor):
        raise PermissionDenied(
            _("Hanya administrator yang boleh mencatat penetapan Rencana Induk.")
        )
    masterplan = Masterplan.objects.select_for_update().get(pk=masterplan.pk)
    _require_draft(masterplan)
    decree_number = (decree_number or "").strip()
    errors: dict[str, str] = {}
    if not decree_number:
        errors["decree_number"] = _("Nomor Keputusan Wali Kota wajib diisi.")
    if decree_date is None:
        errors["decree_date"] = _("Tanggal keputusan wajib diisi.")
    if errors:
        raise ValidationError(errors)
    content, name = _read_decree(decree_file)
    before = _tracked(masterplan)
    superseded = list(
        Masterplan.objects.select_for_update().filter(status=MasterplanStatus.APPROVED)
    )
    for previous in superseded:
        previous.status = MasterplanStatus.SUPERSEDED
        previous.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="masterplan.supersede",
            obj=previous,
            changes={
                "status": [MasterplanStatus.APPROVED, MasterplanStatus.SUPERSEDED],
                "superseded_by_version": masterplan.version,
            },
        )
    masterplan.status = MasterplanStatus.APPROVED
    masterplan.decree_number = decree_number[:100]
    masterplan.decree_date = decree_date
    masterplan.decree_file_sha256 = hashlib.sha256(content).hexdigest()
    stored_name = f"keputusan-rencana-induk-v{masterplan.version}.pdf"
    masterplan.decree_file.save(stored_name, ContentFile(content), save=False)
    try:
        masterplan.save()
        audit_record(
            actor=actor,
            action="masterplan.approve",
            obj=masterplan,
            changes={**diff(before, _tracked(masterplan)), "decree_original_name": name[:200]},
        )
    except Exception:
        # Nothing is written unless everything is: no orphan decree file.
        masterplan.decree_file.delete(save=False)
        raise
    return masterplan
