"""Notifications: notify once per user and event, e-mail after commit by an idempotent task,
the list page (unread first, mark read), the bell count and the API."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kotacerdas.core.models import AuditEvent, EmailStatus, Notification, Role
from kotacerdas.core.services.notifications import (
    notification_email_send,
    notify,
)
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tasks import notification_email_task
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(users, key="uji:1", **kwargs):
    return notify(users=users, event_key=key, title="Judul uji", body="Isi uji", **kwargs)


def test_notify_creates_one_per_user_and_never_twice():
    a, b = UserFactory(), UserFactory()
    assert _notify([a, b, a]) == 2
    events = AuditEvent.objects.count()
    assert _notify([a, b]) == 0
    assert AuditEvent.objects.count() == events  # nothing created, nothing audited
    assert Notification.objects.count() == 2
    assert _notify([a], key="uji:2") == 1
    assert Notification.objects.filter(user=a).count() == 2


def test_notify_audits_once_per_call_that_created_something():
    users = [UserFactory() for _ in range(3)]
    before = AuditEvent.objects.count()
    _notify(users)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "notify"
    assert sorted(event.changes["notification_ids"]) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )


def test_notify_skips_inactive_users_and_marks_users_without_email():
    no_mail = UserFactory(email="")
    inactive = UserFactory(is_active=False)
    assert _notify([no_mail, inactive]) == 1
    assert Notification.objects.get(user=no_mail).email_status == EmailStatus.NONE


def test_notify_without_email_flag():
    user = UserFactory()
    _notify([user], email=False)
    assert Notification.objects.get().email_status == EmailStatus.NONE


def test_notify_enqueues_the_email_task_on_commit(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        _notify([user])
    assert len(callbacks) == 1
    _notify([user])  # nothing new: nothing enqueued
    assert len(callbacks) == 1


def test_email_task_sends_once_and_marks_sent():
    a, b = UserFactory(), UserFactory(email="")
    _notify([a, b], url="/notifikasi/")
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert notification_email_task.call(ids) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [a.email]
    assert mail.outbox[0].subject == "Judul uji"
    assert "/notifikasi/" in mail.outbox[0].body
    sent = Notification.objects.get(user=a)
    assert sent.email_status == EmailStatus.SENT and sent.emailed_at is not None
    assert notification_email_task.call(ids) == 0  # a re-run sends nothing
    assert len(mail.outbox) == 1


def test_email_failure_is_recorded_and_not_retried(settings, monkeypatch):
    user = UserFactory()
    _notify([user])
    notification = Notification.objects.get()

    def broken(**kwargs):
        raise OSError("server surel mati")

    monkeypatch.setattr("kotacerdas.core.services.notifications.send_mail", broken)
    assert notification_email_send(ids=[notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.FAILED
    assert "server surel mati" in notification.email_error
    monkeypatch.undo()
    assert notification_email_send(ids=[notification.pk]) == 0
    assert mail.outbox == []


def test_email_backend_setting_is_configurable(settings):
    from django.conf import settings as live

    assert live.DEFAULT_FROM_EMAIL
    assert "EmailBackend" in live.EMAIL_BACKEND


# --- pages


@pytest.fixture
def user(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    client.force_login(user)
    return user


def test_list_shows_unread_first_and_bell_count(client, user):
    notify(users=[user], event_key="a", title="Lama sudah dibaca")
    notify(users=[user], event_key="b", title="Baru belum dibaca")
    Notification.objects.filter(event_key="a").update(read_at="2026-01-01T00:00:00Z")
    notify(users=[UserFactory()], event_key="c", title="Milik orang lain")
    page = client.get("/notifikasi/").content.decode()
    assert page.index("Baru belum dibaca") < page.index("Lama sudah dibaca")
    assert "Milik orang lain" not in page
    assert 'data-testid="unread-count">1<' in page
    badge = client.get("/notifikasi/lencana/").content.decode()
    assert 'data-testid="notification-count">1<' in badge


def test_bell_badge_is_loaded_apart_and_empty_without_unread(client, user):
    page = client.get("/notifikasi/").content.decode()
    assert 'data-testid="notification-bell"' in page
    assert 'hx-get="/notifikasi/lencana/"' in page
    badge = client.get("/notifikasi/lencana/")
    assert badge.status_code == 200 and "notification-count" not in badge.content.decode()


def test_bell_badge_for_anonymous_is_empty(client):
    badge = client.get("/notifikasi/lencana/")
    assert badge.status_code == 200 and badge.content.decode().strip() == ""


def test_bell_adds_no_query_to_pages(client, user):
    notify(users=[user], event_key="a", title="a")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert not [q for q in queries.captured_queries if "core_notification" in q["sql"]]


def test_mark_one_and_all_read(client, user):
    for key in ("a", "b", "c"):
        notify(users=[user], event_key=key, title=key)
    first = Notification.objects.get(event_key="a")
    response = client.post(f"/notifikasi/{first.pk}/baca/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(read_at=None).count() == 2
    client.post("/notifikasi/baca-semua/")
    assert Notification.objects.filter(read_at=None).count() == 0


def test_mark_read_then_open_goes_to_the_link(client, user):
    notify(users=[user], event_key="a", title="a", url="/kelembagaan/")
    n = Notification.objects.get()
    response = client.post(f"/notifikasi/{n.pk}/baca/", {"buka": "1"})
    assert response.status_code == 302 and response["Location"] == "/kelembagaan/"


def test_cannot_mark_someone_elses_notification(client, user):
    notify(users=[UserFactory()], event_key="a", title="a")
    other = Notification.objects.get()
    assert client.post(f"/notifikasi/{other.pk}/baca/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_read_needs_post(client, user):
    notify(users=[user], event_key="a", title="a")
    n = Notification.objects.get()
    assert client.get(f"/notifikasi/{n.pk}/baca/").status_code == 405


def test_list_paginates(client, user):
    for i in range(30):
        notify(users=[user], event_key=f"k{i}", title=f"t{i}")
    assert "Halaman 1 dari 2" in client.get("/notifikasi/").content.decode()


def test_list_requires_login(client):
    response = client.get("/notifikasi/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


# --- API


def _headers(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_api_list_and_mark_read(client):
    user = UserFactory()
    headers = _headers(user)
    notify(users=[user], event_key="a", title="Pertama")
    notify(users=[user], event_key="b", title="Kedua")
    notify(users=[UserFactory()], event_key="c", title="Orang lain")
    body = client.get("/api/v1/notifications?limit=1", **headers).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert client.get("/api/v1/notifications/unread-count", **headers).json() == {"unread": 2}
    first = Notification.objects.get(event_key="a")
    response = client.post(f"/api/v1/notifications/{first.pk}/read", **headers)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.post("/api/v1/notifications/read-all", **headers).json() == {"marked": 1}
    other = Notification.objects.get(event_key="c")
    response = client.post(f"/api/v1/notifications/{other.pk}/read", **headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_requires_auth(client):
    response = client.get("/api/v1/notifications")
    assert response.status_code == 401
