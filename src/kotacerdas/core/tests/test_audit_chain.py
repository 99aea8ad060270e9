"""Recording events in the audit chain (Pasal 27(2)b)."""

import datetime as dt
import hashlib
import json

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from kotacerdas.core.audit.chain import (
    GENESIS_HASH,
    audit_record,
    diff,
    event_hash,
    snapshot,
    to_jsonable,
)
from kotacerdas.core.models import AuditChainHead, AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_events_get_consecutive_seqs_and_link_to_the_previous_hash():
    events = [
        audit_record(actor=None, action="create", object_type="x", object_id=i) for i in range(3)
    ]
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    head = AuditChainHead.objects.get(id=1)
    assert (head.seq, head.hash) == (3, events[2].hash)


def test_hash_is_sha256_of_the_canonical_event():
    user = UserFactory(username="budi")
    event = audit_record(
        actor=user,
        action="update",
        object_type="core.Agency",
        object_id=7,
        object_repr="Dinas Uji",
        changes={"name": ["Lama", "Baru"]},
    )
    stored = AuditEvent.objects.get(seq=event.seq)
    expected = {
        "seq": 1,
        "occurred_at": stored.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": user.pk,
        "actor_repr": "budi",
        "action": "update",
        "object_type": "core.Agency",
        "object_id": "7",
        "object_repr": "Dinas Uji",
        "changes": {"name": ["Lama", "Baru"]},
        "prev_hash": GENESIS_HASH,
    }
    canonical = json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored.hash == hashlib.sha256(canonical.encode()).hexdigest()
    assert event_hash(stored) == stored.hash


def test_record_for_a_model_takes_its_label_pk_and_str():
    agency = AgencyFactory(code="UJI-AUD", name="Dinas Audit")
    event = audit_record(actor="importer", action="create", obj=agency, changes=snapshot(agency))
    assert (event.object_type, event.object_id, event.object_repr) == (
        "core.Agency",
        str(agency.pk),
        str(agency),
    )
    assert (event.actor_id, event.actor_repr) == (None, "importer")
    assert event.changes["code"] == "UJI-AUD"


def test_actor_none_is_the_system():
    event = audit_record(actor=None, action="login", object_type="x")
    assert (event.actor_id, event.actor_repr) == (None, "system")


def test_snapshot_never_copies_the_password_and_diff_lists_changed_fields():
    user = UserFactory(username="sari")
    before = snapshot(user)
    assert "password" not in before
    user.first_name = "Sari"
    after = snapshot(user)
    assert diff(before, after) == {"first_name": [before["first_name"], "Sari"]}


def test_event_rolls_back_with_the_callers_transaction():
    audit_record(actor=None, action="create", object_type="x", object_id=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=None, action="create", object_type="x", object_id=2)
        raise RuntimeError("the service failed after auditing")
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1]
    assert AuditChainHead.objects.get(id=1).seq == 1
    assert audit_record(actor=None, action="create", object_type="x", object_id=3).seq == 2


@pytest.mark.parametrize(
    "value",
    [1e20, 1e16, -2.5e17, 1.5e-7, -0.0, 0.1 + 0.2, float("nan"), float("inf"), "a\x00b", 2**70],
)
def test_changes_hash_the_same_after_the_database_round_trip(value):
    """What comes back from the JSON column (jsonb on PostgreSQL) must hash as written."""
    event = audit_record(
        actor=None, action="update", object_type="x", changes={"v": [value, [value]]}
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.changes == event.changes
    assert event_hash(stored) == event.hash


def test_to_jsonable_turns_values_into_their_stored_form():
    assert to_jsonable(
        {"d": dt.date(2026, 1, 2), "big": 1e20, "nan": float("nan"), "t": (1, 2)}
    ) == {"d": "2026-01-02", "big": 10**20, "nan": "nan", "t": [1, 2]}


def test_checkpoint_task_is_enqueued_on_commit_every_n_events(
    settings, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY = 2
    queued = DBTaskResult.objects.filter(task_path="kotacerdas.core.tasks.audit_checkpoint_task")
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=None, action="create", object_type="x")
    assert queued.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        audit_record(actor=None, action="create", object_type="x")
    assert queued.count() == 1


def test_to_jsonable_stores_file_fields_by_name_even_when_empty():
    from django.db.models import FileField
    from django.db.models.fields.files import FieldFile

    from kotacerdas.core.audit.chain import to_jsonable

    field = FileField(upload_to="x/")
    assert to_jsonable({"f": FieldFile(None, field, "")}) == {"f": ""}
    assert to_jsonable({"f": FieldFile(None, field, "x/a.pdf")}) == {"f": "x/a.pdf"}
