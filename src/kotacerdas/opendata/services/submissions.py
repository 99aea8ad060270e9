"""Submissions (Pasal 28): a producer hands in a file for a Daftar Data entry and period; it is
validated against the entry's Table Schema and loaded into a datastore table of a resource
that no release contains; the walidata checks it, returns it with notes, or publishes it.

    validating -> invalid | submitted -> checked -> published
    submitted | checked -> returned (with notes)

Invalid or unchecked data is never published. A newer submission for the same entry and
period supersedes the older unpublished ones: they keep their status and history, but only
the latest one can be checked, returned or published (see selectors.submissions).
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.models import User
from kotacerdas.core.services.notifications import notify
from kotacerdas.core.uploads import check_upload, file_sha256, megabytes_label
from kotacerdas.opendata import permissions, rules
from kotacerdas.opendata.models import (
    DataListEntry,
    Dataset,
    Release,
    Resource,
    ResourceLoadState,
    Submission,
    SubmissionStatus,
)
from kotacerdas.opendata.selectors.submissions import is_superseded
from kotacerdas.opendata.services.progress import ProgressWriter

DEFAULT_MAX_UPLOAD_MB = 200
CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Magic numbers of binary files that are certainly not a CSV text.
BINARY_MAGIC = (b"PK\x03\x04", b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"\xd0\xcf\x11\xe0")
# Progress: validation fills the first half of the bar, the datastore load the second.
VALIDATION_SHARE = 50


def max_upload_bytes() -> int:
    megabytes = getattr(settings, "KOTACERDAS_SATUDATA_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)
    return int(megabytes) * 1024 * 1024


def _refuse(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def check_data_upload(upload: Any) -> dict[str, Any]:
    """Check a CSV or XLSX upload before it is stored: the size from `upload.size` first (a
    2 GB file is refused without being read), then the content. Returns what was learnt."""
    name = os.path.basename(getattr(upload, "name", "") or "").strip() if upload else ""
    if not name:
        raise _refuse(_("Pilih berkas CSV atau XLSX yang akan diunggah."))
    extension = os.path.splitext(name)[1].lower()
    if extension not in (".csv", ".xlsx"):
        raise _refuse(_("Hanya berkas CSV atau XLSX yang diterima."))
    size = getattr(upload, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise _refuse(
            _("Berkas terlalu besar: maksimum %(max)s MB (berkas %(name)s berukuran %(size)s MB).")
            % {"max": megabytes_label(limit), "name": name, "size": megabytes_label(size)}
        )
    if extension == ".xlsx":
        info = check_upload(upload, kinds=("xlsx",), max_bytes=limit)
        return {
            "name": name,
            "format": "XLSX",
            "file_format": "xlsx",
            "media_type": XLSX_MEDIA_TYPE,
            "size": info.size,
            "sha256": info.sha256,
        }
    if not size:
        raise _refuse(_("Berkas %(name)s kosong.") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if not head:
        raise _refuse(_("Berkas %(name)s kosong.") % {"name": name})
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # validation explains
    if head.startswith(BINARY_MAGIC) or (b"\x00" in head and not utf16):
        raise _refuse(
            _("Berkas %(name)s bukan teks CSV (isinya berkas biner); simpan ulang sebagai CSV.")
            % {"name": name}
        )
    return {
        "name": name,
        "format": "CSV",
        "file_format": "csv",
        "media_type": CSV_MEDIA_TYPE,
        "size": size,
        "sha256": file_sha256(upload),
    }


def _entry_for_dataset(dataset: Dataset, period_label: str) -> DataListEntry | None:
    """The Daftar Data entry a direct dataset submission belongs to (latest year first)."""
    entries = list(dataset.data_list_entries.order_by("-year", "-id"))
    for entry in entries:
        if rules.period_by_label(entry, period_label):
            return entry
    return entries[0] if entries and not period_label else None


def dataset_name_for_entry(entry: DataListEntry) -> str:
    """A free CKAN name from the entry's title and its agency ("jumlah-penduduk-disdukcapil")."""
    base = slugify(f"{entry.title} {entry.agency.short_name or entry.agency.code}")[:90]
    base = base.strip("-") or "dataset"
    name, number = base, 2
    while Dataset.objects.filter(name=name).exists():
        name = f"{base}-{number}"
        number += 1
    return name


def entry_dataset_metadata(entry: DataListEntry) -> dict[str, Any]:
    """Dataset metadata taken from a Daftar Data entry (Satu Data Indonesia metadata)."""
    from kotacerdas.opendata.schema import REFERENCE_KEY, REFERENCE_RESOURCE

    metadata: dict[str, Any] = {
        "notes": entry.description,
        "frequency": entry.frequency,
        "unit": entry.unit,
        "topics": [entry.topic] if entry.topic_id else [],
        "region_level": "",
        "region_field": "",
        "reference_codes": [],
    }
    for field in (entry.table_schema or {}).get("fields", []):
        level = field.get(REFERENCE_KEY)
        if level:
            metadata["reference_codes"].append(REFERENCE_RESOURCE.get(level, level))
            if not metadata["region_field"]:
                metadata["region_level"] = level
                metadata["region_field"] = field["name"]
    return metadata


def _dataset_for_entry(*, actor, entry: DataListEntry) -> Dataset:
    """The entry's dataset, created as a draft on its first submission (a resource needs a
    dataset; the draft is invisible to the public until a release is published)."""
    if entry.dataset_id:
        return entry.dataset
    from kotacerdas.opendata.services.datasets import dataset_create

    dataset = dataset_create(
        actor=actor,
        organization=entry.agency,
        name=dataset_name_for_entry(entry),
        title=entry.title,
        is_demo=entry.is_demo,
        **entry_dataset_metadata(entry),
    )
    DataListEntry.objects.filter(pk=entry.pk).update(dataset=dataset)
    entry.dataset = dataset
    return dataset


def _user_or_none(actor: Any):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def submission_create(
    *,
    actor,
    upload,
    entry: DataListEntry | None = None,
    period_label: str = "",
    dataset: Dataset | None = None,
    notes: str = "",
) -> Submission:
    """Pasal 28: a producer hands in a CSV or XLSX file for an entry and period. The file is
    stored in a new resource outside every release; validation and loading run in the
    background (`tasks.process_submission`, enqueued after commit)."""
    if entry is None and dataset is None:
        raise ValidationError({"entry": [_("Pilih entri Daftar Data atau dataset tujuan.")]})
    period_label = (period_label or "").strip()
    if entry is None:
        permissions.require_producer_of(actor, dataset.organization_id)
        entry = _entry_for_dataset(dataset, period_label)
    agency = entry.agency if entry is not None else dataset.organization
    permissions.require_producer_of(actor, agency.pk)
    period = None
    if entry is not None:
        period = rules.period_by_label(entry, period_label)
        if period is None:
            labels = ", ".join(p.label for p in rules.entry_periods(entry))
            raise ValidationError(
                {
                    "period_label": [
                        _("Periode harus salah satu dari: %(labels)s.") % {"labels": labels}
                    ]
                }
            )
        if not (entry.table_schema or {}).get("fields"):
            raise ValidationError(
                {"entry": [_("Entri ini belum memiliki skema tabel; hubungi walidata.")]}
            )
    info = check_data_upload(upload)
    if entry is not None:
        dataset = _dataset_for_entry(actor=actor, entry=entry)
        table_schema = entry.table_schema
        title = entry.title
    else:
        latest = dataset.resources.exclude(table_schema={}).order_by("-created_at", "-id").first()
        if latest is None:
            raise ValidationError(
                {"dataset": [_("Dataset ini belum memiliki skema tabel; hubungi walidata.")]}
            )
        table_schema = latest.table_schema
        title = dataset.title
    resource = Resource(
        dataset=dataset,
        name=f"{title} ({period.label})" if period else title,
        description=notes.strip(),
        format=info["format"],
        media_type=info["media_type"],
        original_name=info["name"][:255],
        size=info["size"],
        sha256=info["sha256"],
        table_schema=table_schema,
        load_state=ResourceLoadState.PENDING,
        created_by=_user_or_none(actor),
        is_demo=dataset.is_demo,
    )
    upload.seek(0)
    resource.file.save(info["name"], upload, save=False)
    try:
        resource.save()
        submission = _submission_row(
            actor=actor,
            entry=entry,
            dataset=dataset,
            agency=agency,
            period=period,
            period_label=period_label,
            resource=resource,
            notes=notes,
            info=info,
        )
    except Exception:
        resource.file.storage.delete(resource.file.name)  # no orphan file on a failed write
        raise
    submission_id = submission.pk
    transaction.on_commit(lambda: _enqueue_processing(submission_id))
    return submission


def _submission_row(
    *, actor, entry, dataset, agency, period, period_label, resource, notes, info
) -> Submission:
    submission = Submission.objects.create(
        entry=entry,
        dataset=dataset,
        agency=agency,
        period_label=period.label if period else period_label,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        due_date=period.due if period else None,
        resource=resource,
        status=SubmissionStatus.VALIDATING,
        notes=notes.strip(),
        submitted_by=_user_or_none(actor),
        submitted_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="opendata.submission.create",
        obj=submission,
        changes={
            "entry": entry.pk if entry else None,
            "dataset": dataset.pk,
            "period_label": submission.period_label,
            "file": info["name"],
            "size": info["size"],
            "sha256": info["sha256"],
        },
    )
    return submission


def _enqueue_processing(submission_id: int) -> None:
    from kotacerdas.opendata.tasks import process_submission

    process_submission.enqueue(submission_id=submission_id)


def _walidata_users() -> list[User]:
    users = User.objects.filter(is_active=True, roles__icontains='"walidata"')
    return [user for user in users if permissions.is_walidata(user)]


def _claim(submission_id: int) -> Submission | None:
    """Take a validating submission for processing, once (a second worker gets None)."""
    submission = (
        Submission.objects.select_related("entry", "resource", "agency")
        .filter(pk=submission_id, status=SubmissionStatus.VALIDATING)
        .first()
    )
    if submission is None or submission.resource_id is None:
        return None
    claimed = Resource.objects.filter(
        pk=submission.resource_id, load_state=ResourceLoadState.PENDING
    ).update(load_state=ResourceLoadState.LOADING)
    return submission if claimed == 1 else None


def _report_json(report: Any) -> dict:
    return report.to_json() if hasattr(report, "to_json") else dict(report)


@transaction.atomic
def _finish_invalid(*, submission: Submission, report: Any, load_error: str = "") -> Submission:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.status = SubmissionStatus.INVALID
    submission.validation_report = _report_json(report)
    submission.error_count = int(submission.validation_report.get("error_count", 0) or 0)
    submission.progress = 100
    submission.save(update_fields=["status", "validation_report", "error_count", "progress"])
    Resource.objects.filter(pk=submission.resource_id).update(
        load_state=ResourceLoadState.FAILED,
        load_error=load_error or _("Berkas tidak lolos validasi."),
    )
    audit_record(
        actor="system",
        action="opendata.submission.invalid",
        obj=submission,
        changes={"error_count": submission.error_count, "load_error": load_error},
    )
    notify(
        users=[submission.submitted_by],
        event_key=f"opendata.submission.{submission.pk}.invalid",
        title=_("Kiriman data tidak valid: %(name)s") % {"name": str(submission)},
        body=_("Perbaiki berkas sesuai laporan validasi lalu unggah kembali."),
        url=reverse("opendata:submission_detail", args=[submission.pk]),
        level="warning",
    )
    return submission


def _load_failure_report(report: Any, message: str) -> dict:
    data = _report_json(report)
    data["valid"] = False
    data["error_count"] = int(data.get("error_count", 0) or 0) + 1
    failure = {"row": None, "field": None, "code": "load-failed", "message": message, "value": None}
    data["errors"] = [failure, *data.get("errors", [])]
    return data


def submission_process(*, submission_id: int) -> Submission | None:
    """The task body: validate the file against the entry's schema, then load it into the
    datastore (valid) or keep the report (invalid). Idempotent: a submission that is not
    validating, or already claimed by another worker, is left alone.

    Progress: validation runs outside any transaction and its progress is written in small
    autocommitted updates; the load runs in one transaction (nothing half-loaded), so its
    progress goes through a second database connection on PostgreSQL (see ProgressWriter).
    """
    from kotacerdas.opendata.validation import validate_table

    submission = _claim(submission_id)
    if submission is None:
        return Submission.objects.filter(pk=submission_id).first()
    resource = submission.resource
    path = Path(resource.file.path)
    file_format = resource.format.lower()
    table_schema = resource.table_schema
    with ProgressWriter(submission_id=submission.pk) as progress:
        report = validate_table(
            path,
            table_schema=table_schema,
            file_format=file_format,
            progress=lambda percent: progress.write(percent * VALIDATION_SHARE // 100),
        )
        if not report.valid:
            return _finish_invalid(submission=submission, report=report)
        try:
            return _finish_valid(
                submission=submission,
                report=report,
                path=path,
                file_format=file_format,
                progress=lambda percent: progress.write(
                    VALIDATION_SHARE + percent * (100 - VALIDATION_SHARE) // 100
                ),
            )
        except Exception as exc:  # any load failure: nothing half-loaded, say why
            message = _("Data tidak dapat dimuat ke datastore: %(error)s") % {"error": exc}
            return _finish_invalid(
                submission=submission,
                report=_load_failure_report(report, message),
                load_error=str(exc)[:2000],
            )


@transaction.atomic
def _finish_valid(*, submission, report, path, file_format, progress) -> Submission:
    from kotacerdas.opendata.datastore import datastore_load

    resource = Resource.objects.select_for_update().get(pk=submission.resource_id)
    datastore_load(
        resource=resource,
        path=path,
        table_schema=resource.table_schema,
        file_format=file_format,
        progress=progress,
    )
    scores = rules.quality_scores(report=report, submission=submission)
    Resource.objects.filter(pk=resource.pk).update(
        load_state=ResourceLoadState.DONE, load_progress=100, load_error="", quality=scores
    )
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.status = SubmissionStatus.SUBMITTED
    submission.validation_report = _report_json(report)
    submission.error_count = 0
    submission.progress = 100
    submission.save(update_fields=["status", "validation_report", "error_count", "progress"])
    audit_record(
        actor="system",
        action="opendata.submission.submitted",
        obj=submission,
        changes={"row_count": report.row_count, "quality": scores},
    )
    notify(
        users=_walidata_users(),
        event_key=f"opendata.submission.{submission.pk}.submitted",
        title=_("Kiriman data baru menunggu pemeriksaan: %(name)s") % {"name": str(submission)},
        body=_("%(agency)s mengirim data yang lolos validasi.")
        % {"agency": submission.agency.name},
        url=reverse("opendata:submission_detail", args=[submission.pk]),
    )
    return submission


def _lock_for_review(submission: Submission, allowed: tuple[str, ...]) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("entry", "agency", "resource")
        .get(pk=submission.pk)
    )
    if submission.status not in allowed:
        raise ValidationError(
            _("Tindakan ini tidak dapat dilakukan pada kiriman berstatus %(status)s.")
            % {"status": submission.get_status_display()}
        )
    if is_superseded(submission):
        raise ValidationError(
            _("Kiriman ini sudah digantikan oleh kiriman yang lebih baru untuk periode yang sama.")
        )
    return submission


@transaction.atomic
def submission_check(*, actor, submission: Submission, notes: str = "") -> Submission:
    """The walidata confirms a valid submitted file (Satu Data: pemeriksaan walidata)."""
    permissions.require_walidata(actor)
    submission = _lock_for_review(submission, (SubmissionStatus.SUBMITTED,))
    submission.status = SubmissionStatus.CHECKED
    submission.checked_by = _user_or_none(actor)
    submission.checked_at = timezone.now()
    if notes.strip():
        submission.review_notes = notes.strip()
    submission.save(update_fields=["status", "checked_by", "checked_at", "review_notes"])
    audit_record(
        actor=actor,
        action="opendata.submission.check",
        obj=submission,
        changes={"status": [SubmissionStatus.SUBMITTED, SubmissionStatus.CHECKED], "notes": notes},
    )
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, notes: str) -> Submission:
    """The walidata returns a submission to its producer with notes (the report stays)."""
    permissions.require_walidata(actor)
    notes = (notes or "").strip()
    if not notes:
        raise ValidationError({"notes": [_("Tuliskan catatan untuk produsen data.")]})
    submission = _lock_for_review(
        submission, (SubmissionStatus.SUBMITTED, SubmissionStatus.CHECKED)
    )
    before = submission.status
    submission.status = SubmissionStatus.RETURNED
    submission.review_notes = notes
    submission.returned_at = timezone.now()
    submission.save(update_fields=["status", "review_notes", "returned_at"])
    audit_record(
        actor=actor,
        action="opendata.submission.return",
        obj=submission,
        changes={"status": [before, SubmissionStatus.RETURNED], "notes": notes},
    )
    notify(
        users=[submission.submitted_by],
        event_key=f"opendata.submission.{submission.pk}.returned",
        title=_("Kiriman data dikembalikan walidata: %(name)s") % {"name": str(submission)},
        body=notes,
        url=reverse("opendata:submission_detail", args=[submission.pk]),
        level="warning",
    )
    return submission


@transaction.atomic
def submission_publish(*, actor, submission: Submission, notes: str = "") -> Release:
    """The walidata publishes a checked submission as a new release of its dataset (never an
    invalid or unchecked one)."""
    from kotacerdas.opendata.services.releases import release_publish

    permissions.require_walidata(actor)
    submission = _lock_for_review(submission, (SubmissionStatus.CHECKED,))
    if submission.resource is None or submission.resource.load_state != ResourceLoadState.DONE:
        raise PermissionDenied(_("Data kiriman ini belum dimuat; tidak dapat diterbitkan."))
    return release_publish(actor=actor, submission=submission, notes=notes)
