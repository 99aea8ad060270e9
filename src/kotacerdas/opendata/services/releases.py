"""Publishing (Pasal 28, issue #6 item 4): a checked submission becomes a new immutable release
of its dataset. Releases are versioned (1, 2, ...), freeze the dataset's metadata and the
list of resources, and are never edited afterwards: no service changes a Release row.

A release's resources are the previous release's, minus the one of the same entry and period
(a corrected file replaces it), plus the new one: a dataset keeps one file per period.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.services.notifications import notify
from kotacerdas.opendata import rules
from kotacerdas.opendata.licenses import DEFAULT_LICENSE_ID
from kotacerdas.opendata.models import (
    Dataset,
    DatasetState,
    Release,
    Resource,
    Submission,
    SubmissionStatus,
)

SNAPSHOT_FIELDS = (
    "name",
    "title",
    "notes",
    "frequency",
    "period_start",
    "period_end",
    "unit",
    "license_id",
    "reference_codes",
    "region_level",
    "region_field",
    "contact_name",
    "contact_email",
)


def metadata_snapshot(dataset: Dataset, resources: list[Resource]) -> dict[str, Any]:
    """The metadata a release freezes (JSON-ready)."""
    data: dict[str, Any] = {}
    for field in SNAPSHOT_FIELDS:
        value = getattr(dataset, field)
        data[field] = value.isoformat() if hasattr(value, "isoformat") else value
    data["organization"] = dataset.organization.code
    data["topics"] = sorted(dataset.topics.values_list("name", flat=True))
    data["tags"] = sorted(dataset.tags.values_list("name", flat=True))
    data["resources"] = [
        {
            "id": str(resource.uuid),
            "name": resource.name,
            "format": resource.format,
            "size": resource.size,
            "sha256": resource.sha256,
            "row_count": resource.row_count,
        }
        for resource in resources
    ]
    return data


def _replaced_by(submission: Submission, previous: Release | None) -> list[Resource]:
    """The previous release's resources that stay (all but the same entry and period's)."""
    if previous is None:
        return []
    kept = []
    for resource in previous.resources.order_by("position", "id").prefetch_related("submissions"):
        same = any(
            other.period_label == submission.period_label and other.entry_id == submission.entry_id
            for other in resource.submissions.all()
        )
        if not same:
            kept.append(resource)
    return kept


def _apply_entry_metadata(dataset: Dataset, submission: Submission) -> None:
    """Refresh the dataset's metadata from its Daftar Data entry (the walidata's list)."""
    from kotacerdas.opendata.services.submissions import entry_dataset_metadata

    entry = submission.entry
    if entry is None:
        return
    metadata = entry_dataset_metadata(entry)
    topics = metadata.pop("topics")
    dataset.title = entry.title
    for key, value in metadata.items():
        setattr(dataset, key, value)
    if not dataset.license_id:
        dataset.license_id = DEFAULT_LICENSE_ID
    dataset.topics.set(topics)


def _period_covered(resources: list[Resource]) -> tuple[Any, Any]:
    starts, ends = [], []
    for resource in resources:
        for other in resource.submissions.all():
            if other.period_start:
                starts.append(other.period_start)
            if other.period_end:
                ends.append(other.period_end)
    return (min(starts) if starts else None, max(ends) if ends else None)


@transaction.atomic
def release_publish(*, actor, submission: Submission, notes: str = "") -> Release:
    """Create the next release of the submission's dataset (called by submission_publish,
    which has checked the walidata and the submission's status)."""
    from kotacerdas.opendata.services.datasets import dataset_refresh_search

    dataset = Dataset.objects.select_for_update().get(pk=submission.dataset_id)
    previous = dataset.current_release
    now = timezone.now()
    resources = [*_replaced_by(submission, previous), submission.resource]
    resources = list(
        Resource.objects.filter(pk__in=[r.pk for r in resources])
        .prefetch_related("submissions")
        .order_by("created_at", "id")
    )
    _apply_entry_metadata(dataset, submission)
    dataset.period_start, dataset.period_end = _period_covered(resources)
    # Released resources are immutable: they keep their position; the new one goes last.
    new = submission.resource
    new.position = max((r.position for r in resources if r.pk != new.pk), default=-1) + 1
    Resource.objects.filter(pk=new.pk).update(position=new.position)
    for resource in resources:
        if resource.pk == new.pk:
            resource.position = new.position
    number = (dataset.releases.aggregate(top=Max("version"))["top"] or 0) + 1
    report = submission.validation_report or {}
    scores = rules.quality_scores(report=report, submission=submission)
    release = Release.objects.create(
        dataset=dataset,
        version=number,
        metadata=metadata_snapshot(dataset, resources),
        submission=submission,
        notes=(notes or "").strip(),
        quality=scores,
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        published_at=now,
    )
    release.resources.set(resources)
    release.metadata["version"] = number
    Release.objects.filter(pk=release.pk).update(metadata=release.metadata)
    before_state = dataset.state
    dataset.current_release = release
    dataset.state = DatasetState.ACTIVE
    dataset.published_at = dataset.published_at or now
    dataset.released_at = now
    dataset.version = str(number)
    dataset.quality = scores
    dataset.save()
    dataset_refresh_search(dataset)
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.PUBLISHED, published_at=now
    )
    submission.status, submission.published_at = SubmissionStatus.PUBLISHED, now
    audit_record(
        actor=actor,
        action="opendata.release.publish",
        obj=release,
        changes={
            "dataset": dataset.name,
            "version": number,
            "submission": submission.pk,
            "resources": [str(r.uuid) for r in resources],
            "state": [before_state, dataset.state],
            "quality": scores,
        },
    )
    notify(
        users=[submission.submitted_by],
        event_key=f"opendata.submission.{submission.pk}.published",
        title=_("Data Anda diterbitkan: %(name)s (versi %(version)s)")
        % {"name": dataset.title, "version": number},
        url=reverse("opendata:submission_detail", args=[submission.pk]),
    )
    return release
