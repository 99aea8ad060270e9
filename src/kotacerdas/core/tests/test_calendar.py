import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from kotacerdas.core.models import AuditEvent, LocalDayOff
from kotacerdas.core.services.calendar import local_day_off_create, local_day_off_delete
from kotacerdas.core.tests.factories import AdminFactory, OfficerFactory

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def admin_client(client, admin):
    """An administrator signed in and past the second factor (TOTP), as the middleware asks."""
    device = TOTPDevice.objects.create(user=admin, name="uji", confirmed=True)
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# --- services


def test_create_records_the_day_and_an_audit_event(admin):
    day_off = local_day_off_create(actor=admin, date=D(2026, 3, 10), name="  Hari Jadi  ")
    assert (day_off.date, day_off.name) == (D(2026, 3, 10), "Hari Jadi")
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "core.LocalDayOff",
        str(day_off.pk),
    )
    assert event.actor_id == admin.pk
    assert event.changes == {"date": "2026-03-10", "name": "Hari Jadi"}


def test_create_refuses_a_duplicate_date_and_writes_nothing(admin):
    local_day_off_create(actor=admin, date=D(2026, 3, 10), name="Pertama")
    with pytest.raises(ValidationError) as excinfo:
        local_day_off_create(actor=admin, date=D(2026, 3, 10), name="Kedua")
    assert "date" in excinfo.value.message_dict
    assert list(LocalDayOff.objects.values_list("name", flat=True)) == ["Pertama"]
    assert AuditEvent.objects.count() == 1


def test_create_requires_a_name(admin):
    with pytest.raises(ValidationError) as excinfo:
        local_day_off_create(actor=admin, date=D(2026, 3, 10), name="   ")
    assert set(excinfo.value.message_dict) == {"name"}
    assert not LocalDayOff.objects.exists()
    assert not AuditEvent.objects.exists()


def test_create_by_a_non_admin_is_denied_and_writes_nothing():
    officer = OfficerFactory()
    with pytest.raises(PermissionDenied):
        local_day_off_create(actor=officer, date=D(2026, 3, 10), name="Libur")
    assert not LocalDayOff.objects.exists()
    assert not AuditEvent.objects.exists()


def test_delete_removes_the_day_and_audits_it(admin):
    day_off = LocalDayOff.objects.create(date=D(2026, 3, 10), name="Libur")
    pk = day_off.pk
    local_day_off_delete(actor=admin, day_off=day_off)
    assert not LocalDayOff.objects.exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.object_id) == ("delete", str(pk))
    assert event.changes == {"date": "2026-03-10", "name": "Libur"}


def test_delete_by_a_non_admin_is_denied_and_keeps_the_day():
    day_off = LocalDayOff.objects.create(date=D(2026, 3, 10), name="Libur")
    with pytest.raises(PermissionDenied):
        local_day_off_delete(actor=OfficerFactory(), day_off=day_off)
    assert LocalDayOff.objects.filter(pk=day_off.pk).exists()
    assert not AuditEvent.objects.exists()


# --- page


def test_page_requires_sign_in(client):
    response = client.get("/hari-kerja/")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


def test_page_shows_the_month_and_the_years_days_off(client):
    LocalDayOff.objects.create(date=D(2026, 8, 20), name="Libur daerah contoh")
    client.force_login(OfficerFactory())
    response = client.get("/hari-kerja/?year=2026&month=8")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-date="2026-08-17" data-working="0"' in page
    assert 'data-date="2026-08-18" data-working="1"' in page
    assert 'data-date="2026-08-20" data-working="0"' in page
    assert "Hari Kemerdekaan Republik Indonesia" in page
    assert "Cuti Bersama Hari Raya Idul Fitri" in page  # the whole year is listed
    assert "Libur daerah contoh" in page
    # August 2026: 21 weekdays, minus 17 August, 25 August (Maulid Nabi) and the local day off.
    assert response.context["working_days_in_month"] == 18
    assert 'name="action" value="add"' not in page  # no admin form for officers


def test_bad_month_parameters_fall_back_to_valid_values(client):
    client.force_login(OfficerFactory())
    response = client.get("/hari-kerja/?year=abc&month=13")
    assert response.status_code == 200
    assert response.context["month"] == 12


def test_officer_cannot_post(client):
    client.force_login(OfficerFactory())
    response = client.post("/hari-kerja/", {"action": "add", "date": "2026-03-10", "name": "Libur"})
    assert response.status_code == 403
    assert not LocalDayOff.objects.exists()


def test_admin_adds_a_local_day_off(admin_client):
    page = admin_client.get("/hari-kerja/?year=2026&month=3").content.decode()
    assert 'name="action" value="add"' in page
    response = admin_client.post(
        "/hari-kerja/", {"action": "add", "date": "2026-07-07", "name": "Libur contoh"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/hari-kerja/?year=2026&month=7"
    assert LocalDayOff.objects.get().name == "Libur contoh"
    assert AuditEvent.objects.filter(action="create").count() == 1


def test_admin_sees_the_error_for_a_duplicate_date(admin_client):
    LocalDayOff.objects.create(date=D(2026, 7, 7), name="Sudah ada")
    response = admin_client.post(
        "/hari-kerja/", {"action": "add", "date": "2026-07-07", "name": "Lagi"}
    )
    assert response.status_code == 200
    assert "sudah tercatat sebagai hari libur daerah" in response.content.decode()
    assert LocalDayOff.objects.count() == 1


def test_admin_deletes_after_a_confirmation_step(admin_client):
    day_off = LocalDayOff.objects.create(date=D(2026, 7, 7), name="Libur contoh")
    confirm = admin_client.get(f"/hari-kerja/?hapus={day_off.pk}")
    assert confirm.status_code == 200
    assert "Ya, hapus" in confirm.content.decode()
    assert LocalDayOff.objects.exists()  # asking is not deleting
    response = admin_client.post("/hari-kerja/", {"action": "delete", "pk": day_off.pk})
    assert response.status_code == 302
    assert not LocalDayOff.objects.exists()
    assert AuditEvent.objects.filter(action="delete").count() == 1


def test_unknown_action_is_a_bad_request(admin_client):
    assert admin_client.post("/hari-kerja/", {"action": "x"}).status_code == 400
