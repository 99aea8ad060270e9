"""URC console and API: the unit's cases, accept -> en route -> on site -> done with photo and
position; another unit's officer gets 404, a non-URC user 403; bad input writes nothing."""

import pytest
from django.test import Client

from kotacerdas.complaints.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseState,
    UrcStatus,
)
from kotacerdas.complaints.services import lifecycle as lc
from kotacerdas.complaints.services.intake import case_submit
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    CategoryFactory,
    UrcUnitFactory,
)
from kotacerdas.complaints.tests.uploads import exe, png
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/complaints/urc"


@pytest.fixture
def unit():
    return UrcUnitFactory(name="URC Damkar Uji")


@pytest.fixture
def officer(unit):
    user = UserFactory(roles=[Role.URC_OFFICER])
    unit.members.add(user)
    return user


@pytest.fixture
def case(unit):
    agent = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    case = case_submit(
        actor=None,
        channel="web",
        category=CategoryFactory(),
        description="Pohon tumbang menutup jalan.",
        lat=BEKASI_TIMUR_POINT[0],
        lng=BEKASI_TIMUR_POINT[1],
        reporter_phone="0811222333",
    ).case
    lc.case_verify(actor=agent, case=case, version=case.version)
    lc.case_dispatch(actor=agent, case=case, version=case.version, urc=unit)
    case.refresh_from_db()
    return case


def counts():
    return (CaseAttachment.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count())


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


def test_console_lists_the_units_cases_with_the_next_step(client, officer, case):
    client.force_login(officer)
    page = client.get("/pengaduan/urc/").content.decode()
    assert case.tracking_number in page and "Terima tugas" in page
    detail = client.get(f"/pengaduan/urc/{case.tracking_number}/").content.decode()
    assert 'data-testid="map-link"' in detail and "geo:" in detail


def test_steps_forward_then_done_with_photo_and_position(client, officer, case):
    client.force_login(officer)
    url = f"/pengaduan/urc/{case.tracking_number}/langkah/"
    for status in (UrcStatus.ACCEPTED, UrcStatus.EN_ROUTE, UrcStatus.ON_SITE):
        case.refresh_from_db()
        response = client.post(url, {"status": status, "version": case.version})
        assert response.status_code == 302, response.content.decode()[:500]
    case.refresh_from_db()
    assert (case.state, case.urc_status) == (CaseState.IN_PROGRESS, UrcStatus.ON_SITE)
    page = client.get(f"/pengaduan/urc/{case.tracking_number}/").content.decode()
    assert 'capture="environment"' in page and "Ambil posisi dari perangkat" in page

    before = counts()
    response = client.post(url, {"status": "done", "version": case.version})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Lampirkan foto hasil penanganan di lokasi." in text
    assert "Posisi petugas saat foto diambil wajib diisi." in text
    response = client.post(
        url,
        {"status": "done", "version": case.version, "lat": "-6.2", "lng": "107.0", "note": "x"}
        | {"evidence": exe()},
    )
    assert response.status_code == 400
    assert "gambar (JPG/PNG)" in response.content.decode()
    assert 'value="-6.2"' in response.content.decode(), "the typed position is kept"
    assert counts() == before

    response = client.post(
        url,
        {
            "status": "done",
            "version": case.version,
            "lat": "-6.2362",
            "lng": "107.0231",
            "note": "Pohon dipotong dan diangkut.",
            "evidence": png(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.urc_status) == (CaseState.RESOLVED, UrcStatus.DONE)
    photo = case.attachments.get(role="evidence")
    assert (photo.lat, photo.lng) == (-6.2362, 107.0231)
    done = client.get("/pengaduan/urc/?selesai=1").content.decode()
    assert case.tracking_number in done


def test_officer_of_another_unit_gets_404_and_others_403(client, case):
    stranger = UserFactory(roles=[Role.URC_OFFICER])
    UrcUnitFactory(name="URC Lain").members.add(stranger)
    client.force_login(stranger)
    assert case.tracking_number not in client.get("/pengaduan/urc/").content.decode()
    assert client.get(f"/pengaduan/urc/{case.tracking_number}/").status_code == 404
    before = counts()
    response = client.post(
        f"/pengaduan/urc/{case.tracking_number}/langkah/",
        {"status": "accepted", "version": case.version},
    )
    assert response.status_code == 404
    assert counts() == before
    client.force_login(UserFactory(roles=[Role.AGENCY_OFFICER]))
    assert client.get("/pengaduan/urc/").status_code == 403
    assert api_client(stranger).get(f"{API}/cases/{case.tracking_number}").status_code == 404
    response = api_client(stranger).post(
        f"{API}/cases/{case.tracking_number}/status", {"status": "accepted", "version": 1}
    )
    assert response.status_code == 404
    assert api_client(UserFactory()).get(f"{API}/cases").status_code == 403


def test_api_lists_and_updates_with_a_photo(officer, case):
    api = api_client(officer)
    body = api.get(f"{API}/cases").json()
    assert body["count"] == 1 and body["items"][0]["tracking_number"] == case.tracking_number
    url = f"{API}/cases/{case.tracking_number}/status"
    response = api.post(url, {"status": "on_site", "version": case.version})
    assert response.status_code == 200, response.content
    assert response.json()["urc_status"] == "on_site"
    stale = api.post(url, {"status": "done", "version": case.version, "lat": 1, "lng": 1})
    assert stale.status_code == 409
    version = response.json()["version"]
    before = counts()
    refused = api.post(url, {"status": "done", "version": version})
    assert refused.status_code == 422
    assert "Lampirkan foto" in str(refused.json())
    backwards = api.post(url, {"status": "accepted", "version": version})
    assert backwards.status_code == 422
    assert counts() == before
    done = api.post(
        url,
        {
            "status": "done",
            "version": version,
            "lat": "-6.2362",
            "lng": "107.0231",
            "evidence": png(),
        },
    )
    assert done.status_code == 200, done.content
    assert done.json()["state"] == CaseState.RESOLVED
    assert Case.objects.get(pk=case.pk).attachments.filter(role="evidence").count() == 1
