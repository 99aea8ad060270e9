"""Call-center console and API: keyboard-first intake on channel call_center with its call log,
caller lookup by phone, calls handed to 112/119 need a note, shift handovers acknowledged by
the next agent; bad input writes nothing; only agents."""

import pytest
from django.test import Client

from kotacerdas.complaints.models import CallLog, Case, CaseEvent, Channel, ShiftHandover
from kotacerdas.complaints.selectors.callcenter import phone_variants
from kotacerdas.complaints.services import callcenter as services
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    JAKARTA_POINT,
    CaseFactory,
    CategoryFactory,
)
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/complaints/callcenter"


@pytest.fixture
def agent(client):
    user = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    client.force_login(user)
    return user


def counts():
    return (
        Case.objects.count(),
        CallLog.objects.count(),
        ShiftHandover.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def intake(category, **extra):
    data = {
        "reporter_phone": "0812-3456-7890",
        "reporter_name": "Pak Darto",
        "category": category.pk,
        "case_type": "pengaduan",
        "description": "Saluran air tersumbat, banjir setinggi lutut.",
        "lat": str(BEKASI_TIMUR_POINT[0]),
        "lng": str(BEKASI_TIMUR_POINT[1]),
        "address": "Gang Mawar",
        "privacy": "public",
        "call_note": "Penelepon panik, rumah lansia.",
    }
    data.update(extra)
    return data


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


def test_console_is_keyboard_first(client, agent):
    page = client.get("/pengaduan/call-center/").content.decode()
    assert 'id="id_reporter_phone"' in page and "autofocus" in page
    for key in ("Alt+T", "Alt+K", "Alt+U", "Alt+S", "Alt+D", "Esc"):
        assert key in page
    assert 'accesskey="t"' in page and 'accesskey="v"' in page
    assert "/pengaduan/kasus/verifikasi/" in page
    # Tab order follows the call: phone, name, category, type, description.
    order = [
        page.index(f'id="id_{name}"')
        for name in ("reporter_phone", "reporter_name", "category", "case_type", "description")
    ]
    assert order == sorted(order)


def test_intake_creates_a_call_center_case_and_its_call_log(client, agent):
    category = CategoryFactory()
    response = client.post("/pengaduan/call-center/catat/", intake(category))
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == Channel.CALL_CENTER and case.created_by == agent
    call = CallLog.objects.get()
    assert (call.case, call.agent, call.caller_phone) == (case, agent, "0812-3456-7890")
    assert call.note == "Penelepon panik, rumah lansia."
    page = client.get("/pengaduan/call-center/").content.decode()
    assert case.tracking_number in page


def test_a_walk_in_reporter_gets_a_walk_in_case_and_no_call_log(client, agent):
    category = CategoryFactory()
    response = client.post(
        "/pengaduan/call-center/catat/", intake(category, walk_in="on", call_note="")
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == Channel.WALK_IN and case.created_by == agent
    assert CallLog.objects.count() == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"lat": str(JAKARTA_POINT[0]), "lng": str(JAKARTA_POINT[1])}, "di luar Kota Bekasi"),
        ({"description": "y" * 10_000}, "maksimum 4.000 karakter"),
        ({"call_note": "z" * 2001}, "Catatan terlalu panjang"),
    ],
)
def test_bad_intake_keeps_values_and_writes_nothing(client, agent, extra, message):
    category = CategoryFactory()
    before = counts()
    response = client.post("/pengaduan/call-center/catat/", intake(category, **extra))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "0812-3456-7890" in page and "Pak Darto" in page and "Gang Mawar" in page
    assert counts() == before


def test_caller_lookup_finds_earlier_cases_in_any_phone_format(client, agent):
    earlier = CaseFactory(reporter_phone="+6281234567890", title="Lampu padam di gang")
    CaseFactory(reporter_phone="0899999999", title="Bukan dia")
    html = client.get("/pengaduan/call-center/penelepon/", {"reporter_phone": "0812 3456 7890"})
    text = html.content.decode()
    assert earlier.tracking_number in text and "Bukan dia" not in text
    short = client.get("/pengaduan/call-center/penelepon/", {"reporter_phone": "08"})
    assert "minimal 6 angka" in short.content.decode()
    assert set(phone_variants("+62 812-3456-7890")) >= {"081234567890", "6281234567890"}
    body = api_client(agent).get(f"{API}/callers/081234567890/cases").json()
    assert [row["tracking_number"] for row in body] == [earlier.tracking_number]


def test_call_handed_to_112_needs_a_note(client, agent):
    before = counts()
    response = client.post(
        "/pengaduan/call-center/panggilan/",
        {"caller_phone": "081211112222", "handed_to": "112", "note": ""},
    )
    assert response.status_code == 400
    assert "Tuliskan catatan pengalihan ke 112" in response.content.decode()
    assert counts() == before
    response = client.post(
        "/pengaduan/call-center/panggilan/",
        {
            "caller_phone": "081211112222",
            "handed_to": "119",
            "note": "Korban kecelakaan, diserahkan ke operator 119.",
        },
    )
    assert response.status_code == 302
    call = CallLog.objects.get()
    assert (call.handed_to, call.case) == ("119", None)
    listing = client.get("/pengaduan/call-center/panggilan/?dialihkan=any").content.decode()
    assert "diserahkan ke operator 119" in listing
    csv_text = client.get("/pengaduan/call-center/panggilan/unduh.csv").content.decode()
    assert "081211112222" in csv_text and "119" in csv_text


def test_call_api_validates_and_paginates(agent):
    api = api_client(agent)
    refused = api.post(f"{API}/calls", {"handed_to": "119"}, content_type="application/json")
    assert refused.status_code == 422
    assert "119" in str(refused.json())
    unknown = api.post(f"{API}/calls", {"handed_to": "113"}, content_type="application/json")
    assert unknown.status_code == 422
    assert not CallLog.objects.exists()
    made = api.post(
        f"{API}/calls",
        {"caller_phone": "0811", "handed_to": "112", "note": "Kebakaran, ke 112."},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["handed_to"] == "112"
    body = api.get(f"{API}/calls", {"limit": 10}).json()
    assert body["count"] == 1


def test_handover_written_then_acknowledged_by_the_next_agent(client, agent):
    watched = CaseFactory()
    page = client.get("/pengaduan/call-center/serah-terima/").content.decode()
    assert watched.tracking_number in page, "open unverified cases are suggested"
    before = counts()
    bad = client.post(
        "/pengaduan/call-center/serah-terima/", {"note": "", "open_cases": "ADU-0000-999999"}
    )
    assert bad.status_code == 400 and counts() == before
    response = client.post(
        "/pengaduan/call-center/serah-terima/",
        {"note": "Banjir di Jatiasih, pantau terus.", "open_cases": watched.tracking_number},
    )
    assert response.status_code == 302
    handover = ShiftHandover.objects.get()
    assert handover.open_cases == [watched.tracking_number]
    # The writer cannot acknowledge their own note.
    client.post(f"/pengaduan/call-center/serah-terima/{handover.pk}/terima/")
    handover.refresh_from_db()
    assert handover.acknowledged_at is None
    with pytest.raises(Exception, match="shift berikutnya"):
        services.handover_acknowledge(actor=agent, handover=handover)

    next_agent = UserFactory(roles=[Role.CALL_CENTER_AGENT])
    client.force_login(next_agent)
    console = client.get("/pengaduan/call-center/").content.decode()
    assert "Banjir di Jatiasih" in console and 'data-testid="pending-handover"' in console
    client.post(f"/pengaduan/call-center/serah-terima/{handover.pk}/terima/", {"next": "console"})
    handover.refresh_from_db()
    assert handover.acknowledged_by == next_agent
    again = api_client(UserFactory(roles=[Role.CALL_CENTER_AGENT])).post(
        f"{API}/handovers/{handover.pk}/acknowledge"
    )
    assert again.status_code == 422 and "sudah diterima" in str(again.json())


def test_only_agents(client):
    client.force_login(UserFactory(roles=[Role.AGENCY_OFFICER]))
    for url in (
        "/pengaduan/call-center/",
        "/pengaduan/call-center/panggilan/",
        "/pengaduan/call-center/serah-terima/",
        "/pengaduan/call-center/penelepon/?reporter_phone=0812345678",
    ):
        assert client.get(url).status_code == 403, url
    before = counts()
    response = client.post("/pengaduan/call-center/catat/", intake(CategoryFactory()))
    assert response.status_code == 403
    assert counts()[0] == before[0]
    assert api_client(UserFactory()).get(f"{API}/calls").status_code == 403
