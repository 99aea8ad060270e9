"""Concurrent submissions on PostgreSQL: the locked counter row gives distinct, consecutive
tracking numbers; the same SP4N-LAPOR! report pulled twice at once makes one case."""

import pytest
from django.db import connection

from kotacerdas.complaints.models import Case, Channel
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.complaints.tests.factories import CategoryFactory
from kotacerdas.complaints.tests.threads import run_together

# Skipped before any database is set up on SQLite (a transactional test that only skips in a
# fixture would still flush the test database for the tests after it).
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"
)

SUBMITTERS = 6


def submitter(category, **extra):
    def submit():
        return case_submit(
            actor=None,
            channel=extra.pop("channel", Channel.WEB),
            category=category,
            description="Banjir setinggi lutut di perumahan.",
            address="Jl. Uji No. 1",
            **extra,
        ).case.pk

    return submit


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_share_a_tracking_number(postgres_only):
    category = CategoryFactory()
    _results, errors = run_together(*(submitter(category) for _ in range(SUBMITTERS)))
    assert errors == []
    numbers = sorted(Case.objects.values_list("tracking_number", flat=True))
    assert len(set(numbers)) == SUBMITTERS
    assert [int(n[-6:]) for n in numbers] == list(range(1, SUBMITTERS + 1))


@pytest.mark.django_db(transaction=True)
def test_the_same_lapor_report_pulled_twice_at_once_makes_one_case(postgres_only):
    category = CategoryFactory()
    results, errors = run_together(
        *(submitter(category, channel=Channel.LAPOR, lapor_id="L-77") for _ in range(3))
    )
    assert errors == []
    assert Case.objects.count() == 1
    assert set(results) == {Case.objects.get().pk}
