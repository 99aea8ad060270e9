"""Signed checkpoints catch a cut-off tail and a table rewritten with recomputed hashes."""

import datetime as dt
import hashlib
import json
import stat
from unittest import mock

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from kotacerdas.core.audit import keys, verify
from kotacerdas.core.audit.chain import GENESIS_HASH, audit_record, event_hash
from kotacerdas.core.audit.checkpoints import (
    CheckpointRefused,
    checkpoint_canonical_bytes,
    checkpoint_write,
)
from kotacerdas.core.audit.verify import chain_verify
from kotacerdas.core.models import AuditChainHead, AuditCheckpoint, AuditEvent
from kotacerdas.core.tasks import audit_checkpoint_task

pytestmark = pytest.mark.django_db


def record_events(count: int) -> None:
    for _ in range(count):
        audit_record(actor="petugas", action="update", object_type="x", changes={"a": [1, 2]})


def checkpoint_file(settings, count: int):
    return settings.AUDIT_CHECKPOINT_DIR / f"checkpoint-{count:012d}.json"


def rehash_everything_after_changing_event_2() -> None:
    """What an owner of the database can do: rewrite a row, recompute every hash after it."""
    AuditEvent.objects.filter(seq=2).update(object_repr="ditulis ulang")
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        event.hash = event_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    AuditChainHead.objects.filter(id=1).update(hash=prev)


# --- key


def test_key_is_created_once_private_to_the_owner(settings):
    first = keys.signing_key_load_or_create()
    path = settings.AUDIT_SIGNING_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert b"BEGIN PRIVATE KEY" in path.read_bytes()
    again = keys.signing_key_load_or_create()
    assert keys.key_id_for(again.public_key()) == keys.key_id_for(first.public_key())
    raw = first.public_key().public_bytes_raw()
    assert keys.key_id_for(first.public_key()) == hashlib.sha256(raw).hexdigest()[:32]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left


def test_public_key_load_never_creates_a_key(settings):
    with pytest.raises(keys.SigningKeyMissing):
        keys.public_key_load()
    assert not settings.AUDIT_SIGNING_KEY_FILE.exists()


def test_public_key_command_prints_a_loadable_pem(capsys):
    call_command("audit", "public-key")
    captured = capsys.readouterr()
    exported = serialization.load_pem_public_key(captured.out.encode())
    assert keys.key_id_for(exported) == keys.key_id_for(keys.public_key_load())
    assert keys.key_id_for(exported) in captured.err


# --- writing


def test_checkpoint_is_signed_and_stored_in_the_database_and_the_directory(settings):
    record_events(3)
    checkpoint = checkpoint_write()
    head = AuditChainHead.objects.get(id=1)
    assert (checkpoint.count, checkpoint.head_hash) == (3, head.hash)
    public_key = keys.public_key_load()
    assert checkpoint.key_id == keys.key_id_for(public_key)
    stored = AuditCheckpoint.objects.get()
    public_key.verify(  # raises InvalidSignature when wrong
        bytes.fromhex(stored.signature),
        checkpoint_canonical_bytes(
            count=3, head_hash=head.hash, created_at=stored.created_at, key_id=stored.key_id
        ),
    )
    assert stat.S_IMODE(checkpoint_file(settings, 3).stat().st_mode) == 0o644
    data = json.loads(checkpoint_file(settings, 3).read_text())
    assert data["count"] == 3
    assert data["head_hash"] == head.hash
    assert data["signature"] == stored.signature
    assert data["key_id"] == stored.key_id
    assert data["public_key"] == public_key.public_bytes_raw().hex()
    assert dt.datetime.fromisoformat(data["created_at"]) == stored.created_at
    assert sorted(p.name for p in settings.AUDIT_CHECKPOINT_DIR.iterdir()) == [
        "checkpoint-000000000003.json"
    ]
    assert chain_verify().ok is True


def test_checkpoint_without_new_events_is_the_same_checkpoint(settings):
    record_events(2)
    first = checkpoint_write()
    assert checkpoint_write().pk == first.pk
    assert AuditCheckpoint.objects.count() == 1
    record_events(1)
    assert checkpoint_write().count == 3
    assert AuditCheckpoint.objects.count() == 2
    assert len(list(settings.AUDIT_CHECKPOINT_DIR.iterdir())) == 2


def test_a_lost_file_is_written_again_by_the_next_checkpoint(settings):
    record_events(2)
    checkpoint_write()
    checkpoint_file(settings, 2).unlink()
    assert chain_verify().ok is False
    checkpoint_write()
    assert chain_verify().ok is True


def test_a_file_whose_row_was_rolled_back_is_adopted_by_the_next_checkpoint(settings):
    record_events(2)
    with pytest.raises(RuntimeError), transaction.atomic():
        written = checkpoint_write()
        raise RuntimeError("the caller's transaction failed after the file was written")
    assert AuditCheckpoint.objects.count() == 0
    assert checkpoint_file(settings, 2).exists()
    assert "hilang dari basis data" in chain_verify().reason
    adopted = checkpoint_write()
    assert (adopted.created_at, adopted.signature) == (written.created_at, written.signature)
    assert chain_verify().ok is True


def test_a_foreign_file_for_the_head_count_is_never_overwritten(settings):
    record_events(2)
    path = checkpoint_file(settings, 2)
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "count": 2,
                "head_hash": "e" * 64,
                "created_at": "2026-01-01T00:00:00+00:00",
                "key_id": "x",
                "signature": "00",
            }
        )
    )
    with pytest.raises(CheckpointRefused):
        checkpoint_write()
    assert AuditCheckpoint.objects.count() == 0
    assert json.loads(path.read_text())["head_hash"] == "e" * 64


def test_checkpoint_of_an_empty_chain_verifies():
    checkpoint = checkpoint_write()
    assert (checkpoint.count, checkpoint.head_hash) == (0, GENESIS_HASH)
    assert chain_verify().ok is True


def test_the_task_writes_a_checkpoint():
    record_events(4)
    assert audit_checkpoint_task.call() == 4
    assert AuditCheckpoint.objects.get().count == 4


def test_checkpoint_refuses_to_sign_a_rewritten_chain(settings):
    record_events(4)
    checkpoint_write()
    before = checkpoint_file(settings, 4).read_bytes()
    rehash_everything_after_changing_event_2()
    with pytest.raises(CheckpointRefused):
        checkpoint_write()
    assert AuditCheckpoint.objects.count() == 1
    assert checkpoint_file(settings, 4).read_bytes() == before


def test_checkpoint_refuses_to_sign_a_cut_chain():
    record_events(4)
    checkpoint_write()
    AuditEvent.objects.filter(seq=4).delete()
    last = AuditEvent.objects.get(seq=3)
    AuditChainHead.objects.filter(id=1).update(seq=3, hash=last.hash)
    with pytest.raises(CheckpointRefused):
        checkpoint_write()
    assert list(AuditCheckpoint.objects.values_list("count", flat=True)) == [4]


# --- detection


def test_a_cut_off_tail_is_detected_through_the_checkpoint():
    record_events(5)
    checkpoint_write()
    record_events(2)
    # Delete the last three events and rewind the head: the chain itself is valid again.
    AuditEvent.objects.filter(seq__gte=5).delete()
    last = AuditEvent.objects.get(seq=4)
    AuditChainHead.objects.filter(id=1).update(seq=4, hash=last.hash)
    result = chain_verify()
    assert result.ok is False
    assert result.first_bad_seq == 5
    assert "terpotong" in result.reason


def test_a_cut_off_tail_with_the_database_checkpoints_deleted_is_detected_by_the_files():
    record_events(5)
    checkpoint_write()
    AuditEvent.objects.filter(seq__gte=4).delete()
    last = AuditEvent.objects.get(seq=3)
    AuditChainHead.objects.filter(id=1).update(seq=3, hash=last.hash)
    AuditCheckpoint.objects.all().delete()
    result = chain_verify()
    assert result.ok is False
    assert result.first_bad_seq == 4
    assert "berkas" in result.reason


def test_a_table_rewritten_and_rehashed_is_detected_by_the_signed_files(settings):
    record_events(3)
    checkpoint_write()
    record_events(3)
    checkpoint_write()
    rehash_everything_after_changing_event_2()
    # The owner also removes the checkpoints the database holds; the files remain.
    AuditCheckpoint.objects.all().delete()
    result = chain_verify()
    assert result.ok is False
    assert result.first_bad_seq == 3  # the first checkpoint after the rewritten event
    assert str(checkpoint_file(settings, 3)) in result.reason
    reasons = " ".join(p.reason for p in result.problems)
    assert str(checkpoint_file(settings, 6)) in reasons
    assert "hilang dari basis data" in reasons


def test_a_rewritten_table_with_edited_database_checkpoints_fails_their_signatures():
    record_events(4)
    checkpoint_write()
    rehash_everything_after_changing_event_2()
    new_head = AuditChainHead.objects.get(id=1).hash
    AuditCheckpoint.objects.update(head_hash=new_head)
    result = chain_verify()
    reasons = [p.reason for p in result.problems]
    assert result.ok is False
    assert any("Tanda tangan" in r and "basis data" in r for r in reasons)
    assert result.first_bad_seq == 4


def test_a_checkpoint_file_signed_by_another_key_is_rejected(settings):
    record_events(2)
    checkpoint_write()
    path = checkpoint_file(settings, 2)
    data = json.loads(path.read_text())
    other = Ed25519PrivateKey.generate()
    data["key_id"] = keys.key_id_for(other.public_key())
    data["signature"] = other.sign(
        checkpoint_canonical_bytes(
            count=2,
            head_hash=data["head_hash"],
            created_at=dt.datetime.fromisoformat(data["created_at"]),
            key_id=data["key_id"],
        )
    ).hex()
    path.write_text(json.dumps(data))
    result = chain_verify()
    assert result.ok is False
    assert any("Tanda tangan" in p.reason for p in result.problems)


def test_a_deleted_checkpoint_file_is_reported(settings):
    record_events(2)
    checkpoint_write()
    checkpoint_file(settings, 2).unlink()
    result = chain_verify()
    assert result.ok is False
    assert "berkasnya hilang" in result.reason


def test_a_deleted_database_checkpoint_is_reported():
    record_events(2)
    checkpoint_write()
    AuditCheckpoint.objects.all().delete()
    result = chain_verify()
    assert result.ok is False
    assert "hilang dari basis data" in result.reason


def test_a_corrupt_checkpoint_file_is_reported(settings):
    record_events(2)
    checkpoint_write()
    checkpoint_file(settings, 2).write_text("{not json")
    result = chain_verify()
    assert result.ok is False
    assert "rusak" in " ".join(p.reason for p in result.problems)


def test_checkpoints_without_the_key_file_cannot_pass(settings):
    record_events(2)
    checkpoint_write()
    settings.AUDIT_SIGNING_KEY_FILE.unlink()
    result = chain_verify()
    assert result.ok is False
    assert "Kunci" in result.reason


def test_verify_with_an_exported_public_key(tmp_path):
    record_events(2)
    checkpoint_write()
    exported = tmp_path / "platform.pub"
    exported.write_text(keys.public_key_pem(keys.public_key_load()))
    call_command("audit", "verify", "--public-key", str(exported))
    stranger = tmp_path / "stranger.pub"
    stranger.write_text(keys.public_key_pem(Ed25519PrivateKey.generate().public_key()))
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--public-key", str(stranger))


# --- command


def test_checkpoint_command_writes_a_checkpoint(capsys):
    record_events(3)
    call_command("audit", "checkpoint")
    assert AuditCheckpoint.objects.get().count == 3
    assert "3" in capsys.readouterr().out


def test_checkpoint_command_if_older_than_skips_a_recent_checkpoint(capsys):
    record_events(1)
    call_command("audit", "checkpoint", "--if-older-than", "60")  # none yet: writes
    record_events(1)
    call_command("audit", "checkpoint", "--if-older-than", "60")  # 0 minutes old: skips
    assert "Dilewati" in capsys.readouterr().out
    assert list(AuditCheckpoint.objects.values_list("count", flat=True)) == [1]
    later = timezone.now() + dt.timedelta(minutes=61)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("audit", "checkpoint", "--if-older-than", "60")
    assert list(AuditCheckpoint.objects.values_list("count", flat=True)) == [1, 2]


def test_checkpoint_command_reports_a_refusal():
    record_events(2)
    checkpoint_write()
    AuditEvent.objects.filter(seq=2).delete()
    AuditChainHead.objects.filter(id=1).update(seq=1)
    with pytest.raises(CommandError):
        call_command("audit", "checkpoint")


def test_the_first_bad_event_is_named_even_when_the_problem_list_is_cut(monkeypatch):
    monkeypatch.setattr(verify, "MAX_PROBLEMS_KEPT", 2)
    record_events(3)
    checkpoint_write()
    record_events(4)
    rehash_everything_after_changing_event_2()
    AuditEvent.objects.filter(seq__in=[5, 6, 7]).update(object_id="palsu")
    result = chain_verify()
    assert (result.problems_total, len(result.problems)) == (5, 2)  # 5, 6, 7, checkpoint 3 x2
    assert result.first_bad_seq == 3
