"""Concurrent runs of `notify` for the same event create each notification once (PostgreSQL:
the unique constraint, checked row by row in a savepoint, decides between writers)."""

import pytest

from kotacerdas.core.models import Notification
from kotacerdas.core.services.notifications import notify
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.core.tests.test_audit_concurrency import run_together

WRITERS = 4
USERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_notify_creates_each_notification_once(postgres_only):
    users = [UserFactory() for _ in range(USERS)]
    created: list[int] = []

    def writer():
        created.append(notify(users=users, event_key="bersamaan:1", title="Uji bersamaan"))

    errors = run_together(*(writer for _ in range(WRITERS)))
    assert errors == []
    assert Notification.objects.filter(event_key="bersamaan:1").count() == USERS
    assert sum(created) == USERS  # every row counted by exactly one writer
