"""`audit verify` finds rows changed, deleted, inserted or reordered directly in the database."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from kotacerdas.core.audit import verify
from kotacerdas.core.audit.chain import audit_record, event_hash
from kotacerdas.core.audit.verify import chain_verify
from kotacerdas.core.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db


def record_events(count: int) -> list[AuditEvent]:
    return [
        audit_record(
            actor=f"petugas{i % 3}",
            action="update",
            object_type="core.Agency",
            object_id=i,
            object_repr=f"Dinas {i}",
            changes={"name": [f"Lama {i}", f"Baru {i}"]},
        )
        for i in range(1, count + 1)
    ]


def assert_broken_at(seq: int, *, contains: str = "") -> verify.VerifyResult:
    result = chain_verify()
    assert result.ok is False
    assert result.first_bad_seq == seq, result.problems
    assert contains in result.reason
    return result


def test_an_untouched_chain_verifies():
    record_events(6)
    result = chain_verify()
    assert (result.ok, result.count, result.first_bad_seq, result.problems) == (True, 6, None, [])


def test_an_empty_chain_verifies():
    result = chain_verify()
    assert (result.ok, result.count) == (True, 0)


def test_a_changed_field_is_detected():
    record_events(5)
    AuditEvent.objects.filter(seq=3).update(object_repr="Dinas palsu")
    assert_broken_at(3, contains="#3")


def test_changed_changes_written_with_raw_sql_are_detected():
    record_events(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET actor_repr = %s WHERE seq = %s", ["admin", 4])
    assert_broken_at(4)


def test_a_changed_json_value_is_detected():
    record_events(5)
    AuditEvent.objects.filter(seq=2).update(changes={"name": ["Lama 2", "Dipalsukan"]})
    assert_broken_at(2)


def test_a_replaced_hash_is_detected_at_that_event():
    record_events(5)
    AuditEvent.objects.filter(seq=2).update(hash="f" * 64)
    result = assert_broken_at(2)
    assert {p.seq for p in result.problems} == {2, 3}  # its own hash and the next link


def test_a_deleted_event_in_the_middle_is_detected():
    record_events(5)
    AuditEvent.objects.filter(seq=3).delete()
    assert_broken_at(3, contains="hilang")


def test_the_deleted_first_event_is_detected():
    record_events(3)
    AuditEvent.objects.filter(seq=1).delete()
    assert_broken_at(1, contains="hilang")


def test_a_deleted_last_event_is_detected_by_the_head_row():
    record_events(5)
    AuditEvent.objects.filter(seq=5).delete()
    assert_broken_at(5, contains="terpotong")


def test_an_event_inserted_in_the_middle_is_detected():
    events = record_events(5)
    # Make room at #3 (in two steps: seq is unique) and slip in a well-formed event there.
    AuditEvent.objects.filter(seq__gte=3).update(seq=F("seq") + 1000)
    AuditEvent.objects.filter(seq__gte=1000).update(seq=F("seq") - 999)
    forged = AuditEvent(
        seq=3,
        occurred_at=events[2].occurred_at,
        actor_id=None,
        actor_repr="penyusup",
        action="delete",
        object_type="core.Agency",
        object_id="99",
        changes={},
        prev_hash=events[1].hash,
    )
    forged.hash = event_hash(forged)
    forged.save()
    AuditChainHead.objects.filter(id=1).update(seq=6)
    # The forged event links correctly; the event it pushed to #4 no longer does.
    assert_broken_at(4)


def test_an_event_appended_without_the_head_is_detected():
    events = record_events(3)
    forged = AuditEvent(
        seq=4,
        occurred_at=events[-1].occurred_at,
        actor_id=None,
        actor_repr="penyusup",
        action="create",
        object_type="core.Agency",
        object_id="99",
        changes={},
        prev_hash=events[-1].hash,
    )
    forged.hash = event_hash(forged)
    forged.save()
    assert_broken_at(4, contains="kepala rantai")


def test_an_event_inserted_before_the_first_is_detected():
    record_events(2)
    AuditEvent.objects.create(
        seq=0,
        occurred_at=AuditEvent.objects.get(seq=1).occurred_at,
        actor_repr="penyusup",
        action="create",
        object_type="x",
        prev_hash="0" * 64,
        hash="1" * 64,
    )
    assert_broken_at(0)


def test_two_events_swapped_are_detected():
    record_events(5)
    AuditEvent.objects.filter(seq=2).update(seq=-2)
    AuditEvent.objects.filter(seq=3).update(seq=2)
    AuditEvent.objects.filter(seq=-2).update(seq=3)
    assert_broken_at(2)


def test_tampering_is_found_across_chunk_boundaries(monkeypatch):
    monkeypatch.setattr(verify, "CHUNK_SIZE", 3)
    record_events(10)
    assert chain_verify().ok is True
    AuditEvent.objects.filter(seq=8).update(action="create")
    result = assert_broken_at(8)
    assert result.count == 10


def test_a_missing_head_row_is_reported():
    record_events(2)
    AuditChainHead.objects.all().delete()
    result = chain_verify()
    assert result.ok is False
    assert "kepala rantai" in result.reason


def test_command_prints_ok_for_an_intact_chain(capsys):
    record_events(3)
    call_command("audit", "verify")
    assert "3" in capsys.readouterr().out


def test_command_fails_naming_the_first_bad_event(capsys):
    record_events(5)
    AuditEvent.objects.filter(seq=4).update(object_id="1000")
    AuditEvent.objects.filter(seq=2).update(object_id="2000")
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify")
    assert "#2" in str(excinfo.value)
    assert "#4" in capsys.readouterr().err  # every problem is listed
