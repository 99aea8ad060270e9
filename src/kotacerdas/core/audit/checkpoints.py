"""Signed checkpoints of the audit chain (Pasal 27(2)b).

A checkpoint says "the chain had `count` events and ended in `head_hash`", signed with the
platform's Ed25519 key. It is stored twice: in the database and as a JSON file in
settings.AUDIT_CHECKPOINT_DIR, a directory meant to live outside the database (another disk,
a write-once mount, a backup target). A cut-off tail, or a table rewritten and re-hashed by
whoever owns the database, no longer matches the checkpoints that were signed before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit import keys
from kotacerdas.core.audit.chain import GENESIS_HASH
from kotacerdas.core.models import AuditChainHead, AuditCheckpoint, AuditEvent

FILE_FORMAT_VERSION = 1
FILE_PREFIX = "checkpoint-"
FILE_SUFFIX = ".json"


def checkpoint_canonical_bytes(
    *, count: int, head_hash: str, created_at: dt.datetime, key_id: str
) -> bytes:
    """The exact bytes that are signed."""
    payload = {
        "count": count,
        "head_hash": head_hash,
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "key_id": key_id,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_file_name(count: int) -> str:
    return f"{FILE_PREFIX}{count:012d}{FILE_SUFFIX}"


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


@dataclass(frozen=True)
class CheckpointStatement:
    """A checkpoint as read back from the database or from a file, before it is trusted."""

    source: str  # "db" or the file's path
    count: int
    head_hash: str
    created_at: dt.datetime
    key_id: str
    signature: str

    @classmethod
    def from_model(cls, checkpoint: AuditCheckpoint) -> CheckpointStatement:
        return cls(
            source="db",
            count=checkpoint.count,
            head_hash=checkpoint.head_hash,
            created_at=checkpoint.created_at,
            key_id=checkpoint.key_id,
            signature=checkpoint.signature,
        )

    @classmethod
    def from_file(cls, path: Path) -> CheckpointStatement:
        """Raises ValueError when the file is not a well-formed checkpoint."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            created_at = dt.datetime.fromisoformat(data["created_at"])
            if created_at.tzinfo is None:
                raise ValueError("created_at has no time zone")
            return cls(
                source=str(path),
                count=int(data["count"]),
                head_hash=str(data["head_hash"]),
                created_at=created_at,
                key_id=str(data["key_id"]),
                signature=str(data["signature"]),
            )
        except (OSError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path}: {exc}") from exc

    def canonical_bytes(self) -> bytes:
        return checkpoint_canonical_bytes(
            count=self.count,
            head_hash=self.head_hash,
            created_at=self.created_at,
            key_id=self.key_id,
        )

    def signature_valid(self, public_key: Any) -> bool:
        from cryptography.exceptions import InvalidSignature

        if self.key_id != keys.key_id_for(public_key):
            return False
        try:
            public_key.verify(bytes.fromhex(self.signature), self.canonical_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True

    def same_statement(self, other: CheckpointStatement) -> bool:
        return (
            self.count == other.count
            and self.head_hash == other.head_hash
            and self.created_at == other.created_at
            and self.key_id == other.key_id
            and self.signature == other.signature
        )


def checkpoint_files() -> list[Path]:
    """The checkpoint files in the directory, by count."""
    directory = checkpoint_dir()
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.iterdir()
        if path.name.startswith(FILE_PREFIX) and path.name.endswith(FILE_SUFFIX)
    )


def _file_payload(checkpoint: AuditCheckpoint, public_key_hex: str) -> dict[str, Any]:
    return {
        "version": FILE_FORMAT_VERSION,
        "algorithm": "Ed25519",
        "count": checkpoint.count,
        "head_hash": checkpoint.head_hash,
        "created_at": checkpoint.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "key_id": checkpoint.key_id,
        "public_key": public_key_hex,
        "signature": checkpoint.signature,
    }


def _write_file_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-checkpoint-")
    try:
        os.fchmod(fd, 0o644)  # public statements: backup and monitoring accounts read them
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise
    # The rename itself must reach the disk too.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class CheckpointRefused(Exception):
    """The head no longer continues the chain an earlier checkpoint signed: never sign it."""


def _event_hash_at(seq: int) -> str | None:
    if seq == 0:
        return GENESIS_HASH
    return AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()


def _refuse_unless_continues(head: AuditChainHead) -> None:
    """The newest earlier checkpoint (database and directory) must still match the chain.

    Otherwise a periodic checkpoint would sign, and so launder, a cut or rewritten table.
    """
    statements = []
    latest_row = AuditCheckpoint.objects.order_by("-count", "-id").first()
    if latest_row is not None:
        statements.append(CheckpointStatement.from_model(latest_row))
    files = checkpoint_files()
    if files:
        try:
            statements.append(CheckpointStatement.from_file(files[-1]))
        except ValueError as exc:
            raise CheckpointRefused(str(exc)) from exc
    for statement in statements:
        if statement.count > head.seq:
            raise CheckpointRefused(
                _("titik periksa %(count)s (%(source)s) melampaui kepala rantai #%(head)s")
                % {"count": statement.count, "source": statement.source, "head": head.seq}
            )
        if _event_hash_at(statement.count) != statement.head_hash:
            raise CheckpointRefused(
                _(
                    "peristiwa #%(count)s tidak lagi memiliki hash yang ditandatangani "
                    "titik periksa (%(source)s)"
                )
                % {"count": statement.count, "source": statement.source}
            )


def _adopt_file(path: Path, *, head: AuditChainHead, public_key: Any) -> AuditCheckpoint | None:
    """A file whose row never committed (a crash, an outer rollback): record it if it is ours.

    The file was written just before its row's commit; when that commit did not happen, the
    file is still a true, signed statement about this head, so the row is restored from it.
    """
    try:
        on_disk = CheckpointStatement.from_file(path)
    except ValueError as exc:
        raise CheckpointRefused(str(exc)) from exc
    if on_disk.head_hash != head.hash or not on_disk.signature_valid(public_key):
        return None  # refused below: the file differs from what would be signed now
    return AuditCheckpoint.objects.create(
        created_at=on_disk.created_at,
        count=on_disk.count,
        head_hash=on_disk.head_hash,
        key_id=on_disk.key_id,
        signature=on_disk.signature,
    )


def checkpoint_write() -> AuditCheckpoint:
    """Sign the current head of the chain; store it in the database and in the directory.

    Pasal 27(2)b. Runs under the chain's head lock (the lock `audit_record` takes), so the
    head read is exactly the last committed event and two checkpoint writers never race on
    one count. Idempotent: a second call with no new event returns the existing checkpoint
    (and writes its file again if the file went missing). Raises CheckpointRefused rather
    than sign a head that does not continue what earlier checkpoints signed.
    """
    private_key = keys.signing_key_load_or_create()
    public_key = private_key.public_key()
    key_id = keys.key_id_for(public_key)
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(id=1, defaults={"seq": 0, "hash": GENESIS_HASH})
        head = AuditChainHead.objects.select_for_update().get(id=1)
        _refuse_unless_continues(head)
        checkpoint = AuditCheckpoint.objects.filter(count=head.seq).order_by("id").first()
        path = checkpoint_dir() / checkpoint_file_name(head.seq)
        if checkpoint is None and path.exists():
            checkpoint = _adopt_file(path, head=head, public_key=public_key)
        if checkpoint is None:
            created_at = timezone.now()
            signature = private_key.sign(
                checkpoint_canonical_bytes(
                    count=head.seq, head_hash=head.hash, created_at=created_at, key_id=key_id
                )
            )
            checkpoint = AuditCheckpoint.objects.create(
                created_at=created_at,
                count=head.seq,
                head_hash=head.hash,
                key_id=key_id,
                signature=signature.hex(),
            )
        if path.exists():
            try:
                on_disk = CheckpointStatement.from_file(path)
            except ValueError as exc:
                raise CheckpointRefused(str(exc)) from exc
            if not on_disk.same_statement(CheckpointStatement.from_model(checkpoint)):
                # Never overwrite evidence: the file says something else about this count.
                raise CheckpointRefused(
                    _("berkas %(path)s berbeda dengan titik periksa di basis data") % {"path": path}
                )
        else:
            payload = _file_payload(checkpoint, public_key.public_bytes_raw().hex())
            content = (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode()
            # Written before the commit: a failure here rolls the database row back.
            _write_file_atomically(path, content)
    return checkpoint


def checkpoint_latest_age() -> dt.timedelta | None:
    """How long ago the newest checkpoint was written; None when there is none."""
    latest = AuditCheckpoint.objects.order_by("-created_at").values_list("created_at", flat=True)
    created_at = latest.first()
    return None if created_at is None else timezone.now() - created_at
