"""Acceptance of issue #6 item 3-4: invalid or unchecked data is never published, published
releases and their resources are immutable (services and a model-level guard), and every
write of the workflow is in the audit chain."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict

from kotacerdas.core.models import AuditEvent
from kotacerdas.opendata.models import (
    Release,
    Resource,
    ResourceLoadState,
    Submission,
    SubmissionStatus,
)
from kotacerdas.opendata.models.catalogue import PublishedImmutableError
from kotacerdas.opendata.services.datasets import (
    dataset_delete,
    dataset_update,
    resource_link_create,
)
from kotacerdas.opendata.services.submissions import (
    submission_check,
    submission_publish,
    submission_return,
)
from kotacerdas.opendata.tests.factories import ProducerFactory, WalidataFactory
from kotacerdas.opendata.tests.workflow_support import (
    CHANGED_CSV,
    INVALID_CSV,
    make_entry,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return WalidataFactory(), ProducerFactory()


def _nothing_published(entry, submission) -> None:
    assert Release.objects.count() == 0
    assert not AuditEvent.objects.filter(action="opendata.release.publish").exists()
    entry.refresh_from_db()
    assert entry.dataset.is_public is False and entry.dataset.current_release_id is None
    submission.refresh_from_db()
    assert submission.status != SubmissionStatus.PUBLISHED
    assert submission.resource.releases.count() == 0


def _in_status(walidata, producer, entry, status):
    if status == SubmissionStatus.VALIDATING:
        return submit(producer, entry, "2025-Q1", process=False)
    if status == SubmissionStatus.INVALID:
        return submit(producer, entry, "2025-Q1", INVALID_CSV)
    submission = submit(producer, entry, "2025-Q1")
    if status == SubmissionStatus.RETURNED:
        submission_return(actor=walidata, submission=submission, notes="Perbaiki.")
    return submission


@pytest.mark.parametrize(
    "status",
    [
        SubmissionStatus.VALIDATING,
        SubmissionStatus.INVALID,
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.RETURNED,
    ],
)
def test_the_walidata_cannot_publish_what_is_not_checked(people, status):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = _in_status(walidata, producer, entry, status)
    assert Submission.objects.get(pk=submission.pk).status == status
    with pytest.raises(ValidationError, match="tidak dapat dilakukan"):
        submission_publish(actor=walidata, submission=submission)
    _nothing_published(entry, submission)


@pytest.mark.parametrize("status", [SubmissionStatus.VALIDATING, SubmissionStatus.INVALID])
def test_invalid_or_unvalidated_data_cannot_even_be_checked(people, status):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = _in_status(walidata, producer, entry, status)
    with pytest.raises(ValidationError):
        submission_check(actor=walidata, submission=submission)
    assert Submission.objects.get(pk=submission.pk).status == status
    _nothing_published(entry, submission)


@pytest.mark.parametrize("case", ["table not loaded", "producer publishes"])
def test_a_checked_submission_is_published_only_loaded_and_by_the_walidata(people, case):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = submit(producer, entry, "2025-Q1")
    submission_check(actor=walidata, submission=submission)
    actor = producer if case == "producer publishes" else walidata
    if case == "table not loaded":
        Resource.objects.filter(pk=submission.resource_id).update(
            load_state=ResourceLoadState.FAILED
        )
    with pytest.raises(PermissionDenied):
        submission_publish(actor=actor, submission=submission)
    _nothing_published(entry, submission)


def _publish(walidata, producer, entry, period, text=None):
    submission = submit(producer, entry, period, *([text] if text else []))
    submission_check(actor=walidata, submission=submission)
    return submission_publish(actor=walidata, submission=submission)


def _frozen(release: Release) -> tuple:
    release = Release.objects.get(pk=release.pk)
    resources = sorted(
        (model_to_dict(resource, exclude=["file"]) for resource in release.resources.all()),
        key=lambda row: row["id"],
    )
    return model_to_dict(release, exclude=["resources"]), resources


def test_no_service_path_changes_a_published_release_or_its_resources(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    first = _publish(walidata, producer, entry, "2025-Q1")
    frozen = _frozen(first)

    second = _publish(walidata, producer, entry, "2025-Q2", CHANGED_CSV)  # a new version
    frozen_second = _frozen(second)
    corrected = _publish(walidata, producer, entry, "2025-Q1", CHANGED_CSV)  # a correction
    dataset = corrected.dataset
    dataset_update(actor=walidata, dataset=dataset, title="Judul baru", tags=["penduduk"])
    resource_link_create(
        actor=walidata, dataset=dataset, name="Tautan", url="https://example.org/a.csv"
    )
    dataset_delete(actor=walidata, dataset=dataset)

    assert _frozen(first) == frozen
    assert _frozen(second) == frozen_second  # positions included
    assert first.metadata["title"] != "Judul baru"
    assert Release.objects.filter(dataset=dataset).count() == 3
    # The correction replaced the Q1 file in version 3 with a new resource; v1 keeps its own.
    assert corrected.version == 3
    assert not set(corrected.resources.all()) & set(first.resources.all())


def test_the_models_refuse_to_change_or_delete_published_rows(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    release = _publish(walidata, producer, entry, "2025-Q1")
    resource = release.resources.get()
    release.notes = "diubah"
    with pytest.raises(PublishedImmutableError):
        release.save()
    with pytest.raises(PublishedImmutableError):
        release.delete()
    resource.name = "diubah"
    with pytest.raises(PublishedImmutableError):
        resource.save()
    with pytest.raises(PublishedImmutableError):
        resource.delete()
    assert Release.objects.get(pk=release.pk).notes == ""
    assert Resource.objects.get(pk=resource.pk).name != "diubah"


def test_an_unreleased_resource_may_still_be_saved(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = submit(producer, entry, "2025-Q1", process=False)
    resource = submission.resource
    resource.description = "catatan"
    resource.save()  # no guard before publication (the loader writes these rows)
    assert Resource.objects.get(pk=resource.pk).description == "catatan"


def test_every_write_of_the_workflow_is_audited_with_its_actor(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    invalid = submit(producer, entry, "2025-Q1", INVALID_CSV)
    returned = submit(producer, entry, "2025-Q1")
    submission_return(actor=walidata, submission=returned, notes="Perbaiki.")
    release = _publish(walidata, producer, entry, "2025-Q1")

    def actions_on(obj):
        return list(
            AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
            .order_by("seq")
            .values_list("action", "actor_id")
        )

    assert actions_on(entry)[0] == ("opendata.entry.create", walidata.pk)
    assert actions_on(invalid) == [
        ("opendata.submission.create", producer.pk),
        ("opendata.submission.invalid", None),
    ]
    assert actions_on(returned) == [
        ("opendata.submission.create", producer.pk),
        ("opendata.submission.submitted", None),
        ("opendata.submission.return", walidata.pk),
    ]
    assert actions_on(release.submission) == [
        ("opendata.submission.create", producer.pk),
        ("opendata.submission.submitted", None),
        ("opendata.submission.check", walidata.pk),
    ]
    assert actions_on(release) == [("opendata.release.publish", walidata.pk)]
    assert actions_on(entry.dataset if entry.dataset_id else release.dataset)[0] == (
        "opendata.dataset.create",
        producer.pk,
    )
