"""Concurrent writers never fork the chain (PostgreSQL: the head row is locked per writer)."""

import threading

import pytest
from django.db import connection, transaction

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.audit.checkpoints import checkpoint_write
from kotacerdas.core.audit.verify import chain_verify
from kotacerdas.core.models import AuditChainHead, AuditCheckpoint, AuditEvent

WRITERS = 4
EVENTS_EACH = 25


def run_together(*targets) -> list[BaseException]:
    """Start every target at the same moment, each on its own connection; collect errors."""
    start = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target):
        try:
            start.wait()
            target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def writer(number: int):
    def write():
        for i in range(EVENTS_EACH):
            with transaction.atomic():  # as a service would: the event in its transaction
                audit_record(
                    actor=f"penulis{number}",
                    action="update",
                    object_type="core.Agency",
                    object_id=i,
                    changes={"n": [i, i + 1]},
                )

    return write


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_one_unbroken_sequence(postgres_only):
    errors = run_together(*(writer(n) for n in range(WRITERS)))
    assert errors == []
    total = WRITERS * EVENTS_EACH
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, total + 1)
    )
    for n in range(WRITERS):
        assert AuditEvent.objects.filter(actor_repr=f"penulis{n}").count() == EVENTS_EACH
    assert AuditChainHead.objects.get(id=1).seq == total
    result = chain_verify()
    assert (result.ok, result.count) == (True, total), result.problems


@pytest.mark.django_db(transaction=True)
def test_checkpoints_and_verification_while_writers_append(postgres_only):
    """Checkpoints taken and verifications run mid-write sign and see only a consistent head."""
    verdicts = []

    def checkpointer():
        for _ in range(5):
            checkpoint_write()

    def verifier():
        for _ in range(5):
            verdicts.append(chain_verify())

    errors = run_together(*(writer(n) for n in range(WRITERS)), checkpointer, verifier)
    assert errors == []
    assert [v.problems for v in verdicts if not v.ok] == []
    checkpoint_write()
    assert AuditCheckpoint.objects.filter(count=WRITERS * EVENTS_EACH).exists()
    final = chain_verify()
    assert final.ok is True, final.problems
    assert final.checkpoints_checked >= 2


@pytest.mark.django_db(transaction=True)
def test_verification_while_writers_start_a_brand_new_chain(postgres_only):
    """No head row yet (a new database, or one flushed by a transactional test): verifying
    while the first writers create it is not a false alarm."""
    AuditChainHead.objects.all().delete()
    verdicts = []

    def verifier():
        for _ in range(5):
            verdicts.append(chain_verify())

    errors = run_together(*(writer(n) for n in range(WRITERS)), verifier)
    assert errors == []
    assert [v.problems for v in verdicts if not v.ok] == []
    assert chain_verify().count == WRITERS * EVENTS_EACH
