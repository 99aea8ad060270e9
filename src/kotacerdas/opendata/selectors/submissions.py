"""Reading submissions: lists scoped to the reader's agency, the walidata's review queue, the
"superseded" rule and the preview of loaded data.

A submission is superseded when a newer one (later `submitted_at`, then higher id) exists for
the same dataset and period (every submission of an entry goes to the entry's dataset, and
period labels carry the year, so this is "the same entry and period"). Superseded
submissions keep their status for history but leave the review queue and cannot be acted on.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kotacerdas.opendata import permissions
from kotacerdas.opendata.models import Submission, SubmissionStatus

REVIEW_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.CHECKED)


def _newer_exists() -> Exists:
    newer = Submission.objects.filter(
        Q(submitted_at__gt=OuterRef("submitted_at"))
        | Q(submitted_at=OuterRef("submitted_at"), pk__gt=OuterRef("pk")),
        period_label=OuterRef("period_label"),
        dataset=OuterRef("dataset"),
    )
    return Exists(newer)


def with_superseded(queryset: QuerySet) -> QuerySet:
    """Annotate `superseded` (a newer submission exists for the same target and period)."""
    return queryset.annotate(superseded=_newer_exists())


def is_superseded(submission: Submission) -> bool:
    return (
        with_superseded(Submission.objects.filter(pk=submission.pk))
        .values_list("superseded", flat=True)
        .first()
        or False
    )


def scoped_submissions(*, actor: Any) -> QuerySet:
    """Submissions the reader may see: the walidata all, an officer their agency's."""
    queryset = Submission.objects.select_related(
        "entry", "agency", "dataset", "resource", "submitted_by"
    )
    scope = permissions.internal_agency_ids(actor)
    if scope is None:
        return queryset
    return queryset.filter(agency_id__in=scope)


def submission_list(
    *,
    actor: Any,
    status: str = "",
    agency_id: int | None = None,
    entry_id: int | None = None,
    include_superseded: bool = True,
) -> QuerySet:
    queryset = with_superseded(scoped_submissions(actor=actor))
    if status in SubmissionStatus.values:
        queryset = queryset.filter(status=status)
    if agency_id:
        queryset = queryset.filter(agency_id=agency_id)
    if entry_id:
        queryset = queryset.filter(entry_id=entry_id)
    if not include_superseded:
        queryset = queryset.filter(superseded=False)
    return queryset.order_by("-submitted_at", "-id")


def review_queue(*, actor: Any) -> QuerySet:
    """The walidata's queue: latest submitted or checked submissions, oldest first."""
    permissions.require_walidata(actor)
    return (
        with_superseded(scoped_submissions(actor=actor))
        .filter(status__in=REVIEW_STATUSES, superseded=False)
        .order_by("submitted_at", "id")
    )


def submission_get(*, actor: Any, pk: int) -> Submission:
    """One submission, if the reader may see its agency's unpublished records (else 403)."""
    submission = get_object_or_404(
        with_superseded(
            Submission.objects.select_related(
                "entry", "agency", "dataset", "resource", "submitted_by", "checked_by"
            )
        ),
        pk=pk,
    )
    if not permissions.can_read_internal(actor, submission.agency_id):
        raise PermissionDenied(_("Anda tidak berwenang melihat kiriman data ini."))
    return submission


def submission_actions(*, actor: Any, submission: Submission) -> list[str]:
    """What the reader may do now: "check", "return", "publish"."""
    if not permissions.is_walidata(actor) or getattr(submission, "superseded", False):
        return []
    if submission.status == SubmissionStatus.SUBMITTED:
        return ["check", "return"]
    if submission.status == SubmissionStatus.CHECKED:
        return ["publish", "return"]
    return []


def submission_preview(*, submission: Submission, limit: int = 20) -> dict | None:
    """The first rows of a loaded submission (the engine's datastore_search), else None."""
    resource = submission.resource
    if resource is None or not resource.datastore_active:
        return None
    from kotacerdas.opendata.datastore import datastore_search

    return datastore_search(resource=resource, limit=limit)


def report_errors_page(submission: Submission) -> list[dict]:
    """The row errors of the stored validation report, in order."""
    return list((submission.validation_report or {}).get("errors", []))
