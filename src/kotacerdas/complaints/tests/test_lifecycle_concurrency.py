"""Two agents verifying the same case at the same moment on PostgreSQL: exactly one wins, the
other is told to reload; one transition, one timeline entry, one audit record."""

import pytest
from django.db import connection

from kotacerdas.complaints.models import Case, CaseEvent
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.tests.factories import CaseFactory
from kotacerdas.complaints.tests.threads import run_together
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import UserFactory

# Skipped before any database is set up on SQLite (a transactional test that only skips in a
# fixture would still flush the test database for the tests after it).
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="runs in the PostgreSQL pass"
)


@pytest.mark.django_db(transaction=True)
def test_two_agents_verifying_at_once_exactly_one_wins(postgres_only):
    case = CaseFactory()
    agents = [UserFactory(roles=[Role.CALL_CENTER_AGENT]) for _ in range(2)]

    def verify(agent):
        def run():
            copy = Case.objects.get(pk=case.pk)  # each agent loaded the page at version 1
            lc.case_verify(actor=agent, case=copy, version=1)
            return agent.pk

        return run

    results, errors = run_together(*(verify(agent) for agent in agents))
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], lc.CaseConflict)
    assert "muat ulang" in errors[0].messages[0]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.state, fresh.version) == ("verified", 2)
    assert CaseEvent.objects.filter(case=case, kind="state").count() == 1
    assert AuditEvent.objects.filter(action="complaints.case.verify").count() == 1
