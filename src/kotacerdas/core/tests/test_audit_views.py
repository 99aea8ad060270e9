"""The administrators' audit page and its CSV export (Pasal 27(2)b)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.core.audit.checkpoints import checkpoint_write
from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AdminFactory, ExecutiveFactory, OfficerFactory

pytestmark = pytest.mark.django_db
LIST_URL = reverse("core:audit_list")
EXPORT_URL = reverse("core:audit_export")
JAKARTA = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def admin():
    return AdminFactory(username="admin1")


@pytest.fixture
def admin_client(client, admin):
    """An administrator signed in and past the second factor (TOTP), as the middleware asks."""
    device = TOTPDevice.objects.create(user=admin, name="uji", confirmed=True)
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def record(
    actor="system", action="update", object_type="core.Agency", object_id=1, at=None, **kwargs
):
    event = audit_record(
        actor=actor, action=action, object_type=object_type, object_id=object_id, **kwargs
    )
    if at is not None:  # test data only: place the event in time
        AuditEvent.objects.filter(pk=event.pk).update(occurred_at=at)
    return event


def shown_seqs(response) -> list[int]:
    return [event.seq for event in response.context["events"]]


def export_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# --- who may see it


@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("factory", [OfficerFactory, ExecutiveFactory])
@pytest.mark.parametrize("url", [LIST_URL, EXPORT_URL])
def test_non_administrators_are_refused(client, factory, url):
    record()
    client.force_login(factory())
    response = client.get(url)
    assert response.status_code == 403
    assert b"core.Agency" not in response.content


def test_administrator_sees_the_newest_events_first(admin_client):
    for i in range(3):
        record(object_id=i, object_repr=f"Dinas {i}", changes={"name": ["A", "B"]})
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    assert shown_seqs(response) == [3, 2, 1]
    content = response.content.decode()
    assert "Dinas 2" in content
    assert "A &rarr; B" in content
    assert 'data-testid="audit-export"' in content
    assert "Belum ada titik periksa" in content


def test_page_shows_the_latest_signed_checkpoint(admin_client):
    record()
    record()
    checkpoint = checkpoint_write()
    content = admin_client.get(LIST_URL).content.decode()
    assert "Titik periksa bertanda tangan terakhir: 2 peristiwa" in content
    assert checkpoint.key_id in content


# --- filters


def test_filter_by_actor_username_or_id(admin_client, admin):
    record(actor=admin)
    record(actor="importer")
    record(actor=OfficerFactory(username="petugas9"))
    assert shown_seqs(admin_client.get(LIST_URL, {"actor": "ADMIN1"})) == [1]
    assert shown_seqs(admin_client.get(LIST_URL, {"actor": str(admin.pk)})) == [1]
    assert shown_seqs(admin_client.get(LIST_URL, {"actor": "importer"})) == [2]


def test_filter_by_object_type_and_id(admin_client):
    record(object_type="core.Agency", object_id=1)
    record(object_type="core.Agency", object_id=2)
    record(object_type="core.Region", object_id=1)
    assert shown_seqs(admin_client.get(LIST_URL, {"object_type": "core.agency"})) == [2, 1]
    response = admin_client.get(LIST_URL, {"object_type": "core.Agency", "object_id": "1"})
    assert shown_seqs(response) == [1]


def test_filter_by_action(admin_client):
    record(action="create")
    record(action="delete")
    assert shown_seqs(admin_client.get(LIST_URL, {"action": "delete"})) == [2]


def test_filter_by_time_range_in_jakarta_time(admin_client):
    record(at=dt.datetime(2026, 3, 1, 23, 30, tzinfo=JAKARTA))
    record(at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=JAKARTA))
    record(at=dt.datetime(2026, 3, 2, 8, 1, tzinfo=JAKARTA))
    record(at=dt.datetime(2026, 3, 3, 0, 0, tzinfo=JAKARTA))
    by_day = admin_client.get(LIST_URL, {"since": "2026-03-02", "until": "2026-03-02"})
    assert shown_seqs(by_day) == [3, 2]
    to_the_minute = {"since": "2026-03-01T23:30", "until": "2026-03-02T08:00"}
    assert shown_seqs(admin_client.get(LIST_URL, to_the_minute)) == [2, 1]


def test_reversed_time_range_shows_an_error_and_no_events(admin_client):
    record()
    response = admin_client.get(LIST_URL, {"since": "2026-03-05", "until": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "Waktu awal harus sebelum waktu akhir." in response.content.decode()


def test_fifty_events_a_page_with_the_filters_kept(admin_client):
    for _ in range(51):
        record(action="update")
    record(action="create")
    first = admin_client.get(LIST_URL, {"action": "update"})
    assert shown_seqs(first) == list(range(51, 1, -1))
    assert "action=update&amp;halaman=2" in first.content.decode()
    second = admin_client.get(LIST_URL, {"action": "update", "halaman": "2"})
    assert shown_seqs(second) == [1]


def test_page_query_count_does_not_grow_with_events(admin_client):
    record()
    admin_client.get(LIST_URL)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(LIST_URL)
    for _ in range(60):
        record(changes={"name": ["A", "B"]})
    with CaptureQueriesContext(connection) as many:
        admin_client.get(LIST_URL)
    assert len(many) == len(few)


def test_htmx_request_gets_only_the_form_and_results(admin_client):
    record(object_repr="Dinas Fragmen")
    response = admin_client.get(LIST_URL, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Dinas Fragmen" in content
    assert "<html" not in content
    assert "<h1" not in content
    assert 'name="actor"' in content


def test_htmx_request_with_a_bad_filter_shows_the_error(admin_client):
    response = admin_client.get(LIST_URL, {"since": "kemarin"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert "is-invalid" in content
    assert "Perbaiki saringan" in content
    assert 'data-testid="audit-table"' not in content


# --- export


def test_export_streams_the_filtered_events_in_chain_order(admin_client):
    record(actor="importer", object_repr="Dinas A", changes={"name": ["Lama", "Baru"]})
    record(actor="lain")
    record(actor="importer", action="delete")
    response = admin_client.get(EXPORT_URL, {"actor": "importer"})
    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    header, *rows = export_rows(response)
    assert header[0] == "Nomor urut"
    assert [row[0] for row in rows] == ["1", "3"]
    first = AuditEvent.objects.get(seq=1)
    assert rows[0] == [
        "1",
        timezone.localtime(first.occurred_at).isoformat(),
        "",
        "importer",
        "update",
        "core.Agency",
        "1",
        "Dinas A",
        '{"name": ["Lama", "Baru"]}',
        first.prev_hash,
        first.hash,
    ]


def test_export_defuses_spreadsheet_formulas(admin_client):
    record(object_repr='=HYPERLINK("http://contoh.invalid")')
    rows = export_rows(admin_client.get(EXPORT_URL))
    assert rows[1][7] == '\'=HYPERLINK("http://contoh.invalid")'


def test_export_with_a_bad_filter_is_a_clear_error(admin_client):
    response = admin_client.get(EXPORT_URL, {"since": "kemarin"})
    assert response.status_code == 400
    assert response.content.decode()
