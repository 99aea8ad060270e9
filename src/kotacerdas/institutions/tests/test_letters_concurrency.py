"""Concurrent outgoing registrations never get the same number (PostgreSQL: the scheme row lock)."""

import datetime as dt

import pytest

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.core.tests.test_audit_concurrency import run_together
from kotacerdas.institutions.models import (
    Letter,
    LetterClassification,
    LetterDirection,
    NumberingScheme,
)
from kotacerdas.institutions.services.letters import letter_register_outgoing

WRITERS = 4
LETTERS_EACH = 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_consecutive_numbers(postgres_only):
    # transaction=True flushes the migration's reference data: put back what the test needs.
    LetterClassification.objects.get_or_create(code="005", defaults={"name": "Undangan"})
    NumberingScheme.objects.get_or_create(
        pattern="{klasifikasi}/{nomor}/DKC/{tahun}",
        defaults={"name": "Bawaan", "sequence_width": 3, "is_active": True},
    )
    actors = [UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value]) for _ in range(WRITERS)]

    def writer(actor):
        def write():
            for i in range(LETTERS_EACH):
                letter_register_outgoing(
                    actor=actor,
                    classification_code="005",
                    date=dt.date(2026, 5, 4),
                    subject=f"Undangan {i}",
                    recipient="Anggota Dewan",
                )

        return write

    errors = run_together(*(writer(actor) for actor in actors))
    assert errors == []
    total = WRITERS * LETTERS_EACH
    letters = Letter.objects.filter(direction=LetterDirection.OUTGOING, year=2026)
    assert sorted(letters.values_list("sequence", flat=True)) == list(range(1, total + 1))
    numbers = set(letters.values_list("number", flat=True))
    assert numbers == {f"005/{n:03}/DKC/2026" for n in range(1, total + 1)}
