"""Two officers saving the same realisation at the same moment on PostgreSQL: one wins, the
other is told of the conflict; nothing is lost or merged silently."""

import decimal
import threading

import pytest
from django.db import connection

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import OfficerFactory
from kotacerdas.monitoring.models import Realisation
from kotacerdas.monitoring.services.realisation import RealisationConflict, realisation_save_draft
from kotacerdas.monitoring.tests.factories import RealisationFactory

D = decimal.Decimal


@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_at_once_one_conflicts_and_no_update_is_lost(postgres_only):
    realisation = RealisationFactory(physical_progress=D("5"))
    activity, period = realisation.activity, realisation.period
    officers = [OfficerFactory(agency=activity.agency) for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(officer, progress):
        try:
            start.wait()
            realisation_save_draft(
                actor=officer,
                activity=activity,
                period=period,
                data={"physical_progress": progress},
                expected_version=1,
            )
            outcomes[progress] = "saved"
        except RealisationConflict as exc:
            outcomes[progress] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(officers[0], "30")),
        threading.Thread(target=save, args=(officers[1], "70")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [p for p, outcome in outcomes.items() if outcome == "saved"]
    conflicts = [o for o in outcomes.values() if isinstance(o, RealisationConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, outcomes
    fresh = Realisation.objects.get(pk=realisation.pk)
    assert (fresh.physical_progress, fresh.version) == (D(saved[0]).quantize(D("0.01")), 2)
    assert AuditEvent.objects.filter(action="update").count() == 1
