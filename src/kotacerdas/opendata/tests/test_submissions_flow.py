"""The whole Satu Data workflow at service level, with real files, validation and datastore:
upload -> invalid -> fixed -> submitted -> returned -> again -> checked -> published (v1) ->
a second period (v2) and the diff between the releases."""

import pytest
from django.core.exceptions import ValidationError

from kotacerdas.core.models import Notification
from kotacerdas.opendata.models import (
    DatasetState,
    Release,
    ResourceLoadState,
    Submission,
    SubmissionStatus,
)
from kotacerdas.opendata.selectors.releases import release_diff
from kotacerdas.opendata.selectors.submissions import is_superseded, review_queue
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
    walidata = WalidataFactory()
    producer = ProducerFactory()
    return walidata, producer


def test_whole_flow_from_invalid_upload_to_two_published_versions(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)

    first = submit(producer, entry, "2025-Q1", INVALID_CSV)
    assert first.status == SubmissionStatus.INVALID
    assert first.error_count >= 2
    codes = {error["code"] for error in first.validation_report["errors"]}
    assert "reference-code" in codes
    assert all(error["message"] for error in first.validation_report["errors"])
    first.resource.refresh_from_db()
    assert first.resource.datastore_active is False
    assert first.resource.load_state == ResourceLoadState.FAILED
    assert Notification.objects.filter(user=producer, event_key__endswith=".invalid").count() == 1

    second = submit(producer, entry, "2025-Q1")
    assert second.status == SubmissionStatus.SUBMITTED
    assert second.progress == 100
    second.resource.refresh_from_db()
    assert (second.resource.datastore_active, second.resource.row_count) == (True, 3)
    assert Notification.objects.filter(user=walidata, event_key__endswith=".submitted").count() == 1
    entry.refresh_from_db()
    dataset = entry.dataset
    assert dataset.state == DatasetState.DRAFT and dataset.is_public is False
    assert second.resource.releases.count() == 0
    assert list(review_queue(actor=walidata)) == [second]

    returned = submission_return(
        actor=walidata, submission=second, notes="Kolom keterangan kosong."
    )
    assert returned.status == SubmissionStatus.RETURNED
    assert returned.review_notes == "Kolom keterangan kosong."
    assert returned.validation_report["valid"] is True  # the report stays visible
    note = Notification.objects.get(user=producer, event_key__endswith=".returned")
    assert note.body == "Kolom keterangan kosong."

    third = submit(producer, entry, "2025-Q1")
    submission_check(actor=walidata, submission=third)
    release = submission_publish(actor=walidata, submission=third, notes="Rilis pertama.")
    dataset.refresh_from_db()
    assert release.version == 1
    assert dataset.is_public and dataset.current_release == release
    assert (dataset.version, dataset.num_resources, dataset.formats) == ("1", 1, ["CSV"])
    assert dataset.published_at == dataset.released_at == release.published_at
    assert dataset.title == entry.title and dataset.region_field == "kode_kecamatan"
    assert dataset.region_level == "kecamatan"
    assert set(dataset.quality) == {
        "completeness",
        "conformity",
        "timeliness",
        "uniqueness",
        "overall",
    }
    assert list(release.resources.all()) == [third.resource]
    third.refresh_from_db()
    assert third.status == SubmissionStatus.PUBLISHED
    assert release.metadata["version"] == 1 and release.metadata["title"] == entry.title
    first_published_at = dataset.published_at

    fourth = submit(producer, entry, "2025-Q2", CHANGED_CSV)
    submission_check(actor=walidata, submission=fourth)
    release2 = submission_publish(actor=walidata, submission=fourth)
    dataset.refresh_from_db()
    assert release2.version == 2 and dataset.version == "2"
    assert dataset.published_at == first_published_at
    assert set(release2.resources.all()) == {third.resource, fourth.resource}
    assert dataset.num_resources == 2
    assert str(dataset.period_start) == "2025-01-01" and str(dataset.period_end) == "2025-06-30"

    diff = release_diff(old=release, new=release2)
    assert diff["metadata"]["period_end"] == ["2025-03-31", "2025-06-30"]
    assert [r["name"] for r in diff["resources_added"]] == [fourth.resource.name]
    assert diff["resources_removed"] == []
    (data,) = diff["data"]
    assert data["old"]["name"] == third.resource.name
    assert data["new"]["name"] == fourth.resource.name
    assert (data["diff"]["added"], data["diff"]["removed"], data["diff"]["changed"]) == (1, 0, 1)
    assert data["diff"]["key"] == ["tahun", "kode_kecamatan"]
    assert data["diff"]["changed_sample"][0]["jumlah"] == 252500
    # The first release never changed.
    release.refresh_from_db()
    assert list(release.resources.all()) == [third.resource]
    assert release.metadata["period_end"] == "2025-03-31"


def test_a_corrected_file_for_a_published_period_replaces_it_in_the_next_release(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    first = submit(producer, entry, "2025-Q1")
    submission_check(actor=walidata, submission=first)
    v1 = submission_publish(actor=walidata, submission=first)
    fix = submit(producer, entry, "2025-Q1", CHANGED_CSV)
    submission_check(actor=walidata, submission=fix)
    v2 = submission_publish(actor=walidata, submission=fix)
    assert list(v2.resources.all()) == [fix.resource]
    assert list(v1.resources.all()) == [first.resource]
    diff = release_diff(old=v1, new=v2)
    (data,) = diff["data"]
    assert (data["old"]["name"], data["new"]["name"]) == (first.resource.name, fix.resource.name)
    assert data["diff"] is not None


def test_a_newer_submission_supersedes_the_older_unpublished_one(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    older = submit(producer, entry, "2025-Q1")
    newer = submit(producer, entry, "2025-Q1")
    assert is_superseded(older) and not is_superseded(newer)
    assert list(review_queue(actor=walidata)) == [newer]
    with pytest.raises(ValidationError, match="digantikan"):
        submission_check(actor=walidata, submission=older)
    older.refresh_from_db()
    assert older.status == SubmissionStatus.SUBMITTED  # history kept


def test_invalid_or_unchecked_submissions_are_never_published(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    invalid = submit(producer, entry, "2025-Q1", INVALID_CSV)
    with pytest.raises(ValidationError):
        submission_publish(actor=walidata, submission=invalid)
    with pytest.raises(ValidationError):
        submission_check(actor=walidata, submission=invalid)
    unchecked = submit(producer, entry, "2025-Q2")
    with pytest.raises(ValidationError, match="Dikirim"):
        submission_publish(actor=walidata, submission=unchecked)
    assert Release.objects.count() == 0
    entry.refresh_from_db()
    assert entry.dataset.is_public is False


def test_return_needs_notes_and_changes_nothing_without_them(people):
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = submit(producer, entry, "2025-Q1")
    with pytest.raises(ValidationError) as exc:
        submission_return(actor=walidata, submission=submission, notes="  ")
    assert exc.value.message_dict["notes"] == ["Tuliskan catatan untuk produsen data."]
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_processing_is_idempotent(people):
    from kotacerdas.opendata.services.submissions import submission_process

    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    submission = submit(producer, entry, "2025-Q1")
    again = submission_process(submission_id=submission.pk)
    assert again.status == SubmissionStatus.SUBMITTED
    assert Submission.objects.count() == 1
    assert Notification.objects.filter(event_key__endswith=".submitted").count() == 1


def test_upload_enqueues_processing_after_commit(
    people, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    walidata, producer = people
    entry = make_entry(walidata, producer.agency)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submission = submit(producer, entry, "2025-Q1", process=False)
        assert submission.status == SubmissionStatus.VALIDATING
    assert callbacks  # processing ran from the on-commit hook, not inline
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
