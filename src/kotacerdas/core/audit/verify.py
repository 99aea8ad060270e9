"""Verifying the audit chain and its signed checkpoints (Pasal 27(2)b).

`chain_verify` walks every event in sequence order, a chunk at a time (constant memory),
and checks that sequence numbers run 1, 2, 3... without a gap, that each event links to the
previous event's hash, and that each stored hash is the SHA-256 of the event's canonical
form. That catches a row changed, deleted, inserted or reordered directly in the database.

A cut-off tail, or a table rewritten with every hash recomputed, still forms a valid chain.
Those are caught by the checkpoints: each one, from the database and from the directory
outside it, must carry a valid signature of the platform key, and the event at its count
must still have the head hash it signed.

Reads happen in an order that tolerates writers working meanwhile: checkpoints first, then
the head row, then the events; anything appended after the head was read is checked only
for its links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kotacerdas.core.audit import keys
from kotacerdas.core.audit.chain import GENESIS_HASH, event_hash
from kotacerdas.core.audit.checkpoints import (
    CheckpointStatement,
    checkpoint_file_name,
    checkpoint_files,
)
from kotacerdas.core.models import AuditChainHead, AuditCheckpoint, AuditEvent

CHUNK_SIZE = 2000
MAX_PROBLEMS_KEPT = 200


@dataclass(frozen=True)
class Problem:
    seq: int | None  # the event concerned, when there is one
    reason: str


@dataclass
class VerifyResult:
    ok: bool
    count: int  # events walked
    first_bad_seq: int | None
    reason: str
    checkpoints_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0


class _Problems:
    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.total = 0
        self.first: Problem | None = None  # lowest seq; problems without one come last

    def add(self, seq: int | None, reason: str) -> None:
        problem = Problem(seq, reason)
        self.total += 1
        if len(self.kept) < MAX_PROBLEMS_KEPT:
            self.kept.append(problem)
        if self.first is None or _order(problem) < _order(self.first):
            self.first = problem


def _order(problem: Problem) -> tuple[bool, int]:
    return (problem.seq is None, problem.seq or 0)


def _walk_events(problems: _Problems, wanted: set[int]) -> tuple[int, int, dict[int, str]]:
    """Walk the chain; returns (events seen, highest seq, {seq: hash} for seqs in `wanted`)."""
    hashes_at: dict[int, str] = {}
    expected_seq = 1
    prev_hash = GENESIS_HASH
    cursor: int | None = None
    seen = 0
    while True:
        chunk_qs = AuditEvent.objects.order_by("seq")
        if cursor is not None:
            chunk_qs = chunk_qs.filter(seq__gt=cursor)
        chunk = list(chunk_qs[:CHUNK_SIZE])
        for event in chunk:
            seen += 1
            cursor = event.seq
            if event.seq < expected_seq:  # only seq <= 0 can come before #1
                problems.add(
                    event.seq,
                    _("Peristiwa #%(seq)s: nomor urut tidak sah (rantai dimulai dari #1).")
                    % {"seq": event.seq},
                )
                continue
            if event.seq > expected_seq:
                if expected_seq == event.seq - 1:
                    missing = f"#{expected_seq}"
                else:
                    missing = f"#{expected_seq}-#{event.seq - 1}"
                problems.add(
                    expected_seq,
                    _("Peristiwa %(missing)s hilang: setelah #%(before)s langsung #%(seq)s.")
                    % {"missing": missing, "before": expected_seq - 1, "seq": event.seq},
                )
            elif event.prev_hash != prev_hash:
                problems.add(
                    event.seq,
                    _(
                        "Peristiwa #%(seq)s: hash sebelumnya tidak sama dengan hash peristiwa "
                        "#%(prev)s (baris diubah, disisipkan, atau diurutkan ulang)."
                    )
                    % {"seq": event.seq, "prev": event.seq - 1},
                )
            if event_hash(event) != event.hash:
                problems.add(
                    event.seq,
                    _(
                        "Peristiwa #%(seq)s: isi tidak cocok dengan hash-nya "
                        "(baris diubah langsung di basis data)."
                    )
                    % {"seq": event.seq},
                )
            if event.seq in wanted:
                hashes_at[event.seq] = event.hash
            expected_seq = event.seq + 1
            prev_hash = event.hash
        if len(chunk) < CHUNK_SIZE:
            break
    return seen, expected_seq - 1, hashes_at


def _read_statements(
    problems: _Problems,
) -> tuple[list[CheckpointStatement], list[CheckpointStatement]]:
    db_statements = [
        CheckpointStatement.from_model(row) for row in AuditCheckpoint.objects.order_by("count")
    ]
    file_statements = []
    for path in checkpoint_files():
        try:
            statement = CheckpointStatement.from_file(path)
        except ValueError as exc:
            problems.add(
                None,
                _("Berkas titik periksa %(path)s rusak: %(error)s") % {"path": path, "error": exc},
            )
            continue
        if path.name != checkpoint_file_name(statement.count):
            problems.add(
                None,
                _(
                    "Berkas titik periksa %(path)s berisi jumlah %(count)s "
                    "yang tidak sesuai namanya."
                )
                % {"path": path, "count": statement.count},
            )
        file_statements.append(statement)
    return db_statements, file_statements


def _describe(statement: CheckpointStatement) -> str:
    if statement.source == "db":
        return _("titik periksa %(count)s (basis data)") % {"count": statement.count}
    return _("titik periksa %(count)s (berkas %(path)s)") % {
        "count": statement.count,
        "path": statement.source,
    }


def chain_verify(*, public_key: Any = None) -> VerifyResult:
    """Check the whole chain and every checkpoint; report the first bad event.

    `public_key` defaults to the platform key at settings.AUDIT_SIGNING_KEY_FILE; an auditor
    may pass the key they exported earlier instead.
    """
    problems = _Problems()
    db_statements, file_statements = _read_statements(problems)
    statements = db_statements + file_statements
    head_before = AuditChainHead.objects.filter(id=1).first()

    wanted = {statement.count for statement in statements}
    if head_before is not None:
        wanted.add(head_before.seq)
    seen, last_seq, hashes_at = _walk_events(problems, wanted)
    hashes_at[0] = GENESIS_HASH

    head_after = AuditChainHead.objects.filter(id=1).first()
    if head_after is None:
        if seen:
            problems.add(None, _("Baris kepala rantai audit hilang dari basis data."))
    else:
        # head_before is None when a writer started the chain while this walk ran (a
        # brand-new database): then only events beyond today's head are out of place.
        if head_before is not None and last_seq < head_before.seq:
            problems.add(
                last_seq + 1,
                _(
                    "Rantai berakhir di #%(last)s, padahal kepala rantai mencatat #%(head)s: "
                    "ekor rantai terpotong."
                )
                % {"last": last_seq, "head": head_before.seq},
            )
        elif head_before is not None and hashes_at.get(head_before.seq) != head_before.hash:
            problems.add(
                head_before.seq,
                _("Peristiwa #%(seq)s tidak sama dengan kepala rantai yang tercatat.")
                % {"seq": head_before.seq},
            )
        if last_seq > head_after.seq:
            problems.add(
                head_after.seq + 1,
                _(
                    "Peristiwa #%(first)s sampai #%(last)s berada di luar kepala rantai "
                    "(disisipkan langsung di basis data)."
                )
                % {"first": head_after.seq + 1, "last": last_seq},
            )

    platform_key = public_key
    if platform_key is None and statements:
        try:
            platform_key = keys.public_key_load()
        except keys.SigningKeyMissing as exc:
            problems.add(
                None,
                _(
                    "Kunci tanda tangan audit tidak ditemukan (%(path)s): titik periksa tidak "
                    "dapat diperiksa."
                )
                % {"path": exc},
            )

    last_good = 0
    for statement in sorted(statements, key=lambda s: s.count):
        label = _describe(statement)
        if platform_key is not None and not statement.signature_valid(platform_key):
            problems.add(
                None,
                _("Tanda tangan %(checkpoint)s tidak sah untuk kunci platform.")
                % {"checkpoint": label},
            )
            continue
        if statement.count > last_seq:
            problems.add(
                last_seq + 1,
                _(
                    "%(checkpoint)s mencatat %(count)s peristiwa, rantai hanya %(last)s: "
                    "ekor rantai terpotong."
                )
                % {"checkpoint": capfirst(label), "count": statement.count, "last": last_seq},
            )
        elif hashes_at.get(statement.count) != statement.head_hash:
            problems.add(
                statement.count,
                _(
                    "Peristiwa #%(count)s tidak lagi memiliki hash yang ditandatangani "
                    "%(checkpoint)s: rantai ditulis ulang antara #%(after)s dan #%(count)s."
                )
                % {"count": statement.count, "checkpoint": label, "after": last_good + 1},
            )
        else:
            last_good = max(last_good, statement.count)

    _compare_db_and_files(problems, db_statements, file_statements)

    kept = sorted(problems.kept, key=_order)
    first = problems.first
    return VerifyResult(
        ok=problems.total == 0,
        count=seen,
        first_bad_seq=first.seq if first else None,
        reason=first.reason if first else _("Rantai audit utuh."),
        checkpoints_checked=len(statements),
        problems=kept,
        problems_total=problems.total,
    )


def _compare_db_and_files(
    problems: _Problems,
    db_statements: list[CheckpointStatement],
    file_statements: list[CheckpointStatement],
) -> None:
    files_by_count = {statement.count: statement for statement in file_statements}
    db_by_count: dict[int, list[CheckpointStatement]] = {}
    for statement in db_statements:
        db_by_count.setdefault(statement.count, []).append(statement)

    for count, rows in db_by_count.items():
        on_disk = files_by_count.get(count)
        if on_disk is None:
            problems.add(
                None,
                _("Titik periksa %(count)s ada di basis data tetapi berkasnya hilang.")
                % {"count": count},
            )
        elif not any(row.same_statement(on_disk) for row in rows):
            problems.add(
                None,
                _("Titik periksa %(count)s di basis data berbeda dengan berkasnya.")
                % {"count": count},
            )
    for count, on_disk in files_by_count.items():
        if count in db_by_count:
            continue
        # A checkpoint being written right now has its file before its row commits.
        row = AuditCheckpoint.objects.filter(count=count).first()
        if row is None or not CheckpointStatement.from_model(row).same_statement(on_disk):
            problems.add(
                None,
                _("Titik periksa %(count)s ada sebagai berkas tetapi hilang dari basis data.")
                % {"count": count},
            )
