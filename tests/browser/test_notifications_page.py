"""The notification list in a real browser: unread rows of every level (red, yellow, light) with
their buttons, and a read one, have no serious accessibility violations (colour contrast)."""

from __future__ import annotations

import pytest

from kotacerdas.core.models import Notification, NotificationLevel
from kotacerdas.core.services.notifications import notify
from kotacerdas.core.tests.factories import OfficerFactory
from tests.browser.conftest import axe_violations
from tests.browser.test_shell import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_notification_rows_of_every_level_pass_axe(page, screenshot):
    officer = OfficerFactory()
    for level in (NotificationLevel.DANGER, NotificationLevel.WARNING, NotificationLevel.INFO):
        for with_url in (True, False):
            notify(
                users=[officer],
                event_key=f"test-{level}-{with_url}",
                title=f"Contoh {level}",
                body="Isi pemberitahuan contoh.",
                url="/notifikasi/" if with_url else "",
                level=level,
                email=False,
            )
    Notification.objects.filter(event_key="test-info-True").update(read_at="2026-01-01T00:00Z")
    sign_in(page, officer)
    page.goto("/notifikasi/")
    rows = page.locator("[data-testid=notification-list] > li")
    assert rows.count() == 6
    assert page.locator(".list-group-item-danger button").count() == 3
    assert page.locator(".list-group-item-warning button").count() == 3
    assert axe_violations(page) == []
    screenshot(page, "notifikasi")
    assert page.js_errors == []
