"""/api/v1/institutions/meetings/: list and detail, schedule, cancel, attendance, minutes with
action items, distribution, cadence; 403 / 404 / 422 with the structured error body."""

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent
from kotacerdas.core.tests.factories import AgencyFactory, OfficerFactory, PersonFactory
from kotacerdas.institutions.models import Meeting, MeetingStatus, Minutes
from kotacerdas.institutions.tests.meeting_helpers import (
    council_member,
    past_meeting,
    schedule,
    secretariat,
    term_with_members,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/institutions/meetings"


@pytest.fixture
def staff(client):
    user = secretariat()
    client.force_login(user)
    return user


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


def payload(term, commissions, **overrides):
    start = timezone.localtime() + dt.timedelta(days=4)
    data = {
        "term_id": term.pk,
        "kind": "commission",
        "title": "Rapat API",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "commission_ids": [c.pk for c in commissions],
        "agenda": "Agenda",
    }
    data.update(overrides)
    return data


def test_schedule_list_detail_and_cancel(client, staff):
    term = term_with_members()
    k1 = term.commissions.order_by("dimension__order").first()
    response = post(client, BASE, payload(term, [k1]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["commission_ids"] == [k1.pk] and len(body["attendances"]) == 2
    assert len(body["checklist"]) == 5 and body["minutes"] is None
    listing = client.get(BASE, {"limit": 1}).json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == body["id"]
    assert client.get(BASE, {"status": "cancelled"}).json()["total"] == 0
    detail = client.get(f"{BASE}/{body['id']}").json()
    assert detail["agenda"] == "Agenda"
    cancelled = post(client, f"{BASE}/{body['id']}/cancel", {"reason": "Libur"}).json()
    assert cancelled["status"] == "cancelled"


def test_commission_meeting_with_two_komisi_is_422_and_writes_nothing(client, staff):
    term = term_with_members()
    k1, k2 = list(term.commissions.order_by("dimension__order"))[:2]
    events = AuditEvent.objects.count()
    response = post(client, BASE, payload(term, [k1, k2]))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "tepat satu komisi" in error["details"]["commissions"][0]
    assert Meeting.objects.count() == 0 and AuditEvent.objects.count() == events


def test_meeting_outside_the_term_is_422(client, staff):
    term = term_with_members()
    k1 = term.commissions.first()
    start = dt.datetime(2030, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    response = post(
        client,
        BASE,
        payload(
            term,
            [k1],
            starts_at=start.isoformat(),
            ends_at=(start + dt.timedelta(hours=1)).isoformat(),
        ),
    )
    assert response.status_code == 422
    assert "masa jabatan" in response.json()["error"]["details"]["starts_at"][0]


def test_attendance_and_minutes_before_the_meeting_are_422(client, staff):
    meeting = schedule()
    person = meeting.attendances.first().person_id
    response = post(client, f"{BASE}/{meeting.pk}/attendance", {"present_person_ids": [person]})
    assert response.status_code == 422
    assert "belum berlangsung" in str(response.json()["error"]["details"])
    response = post(client, f"{BASE}/{meeting.pk}/minutes", {"summary": "x"})
    assert response.status_code == 422
    assert Minutes.objects.count() == 0


def test_attendance_minutes_and_distribution(client, staff):
    meeting = past_meeting()
    invited = list(meeting.attendances.values_list("person_id", flat=True))
    body = post(
        client, f"{BASE}/{meeting.pk}/attendance", {"present_person_ids": invited[:1]}
    ).json()
    assert sorted(a["present"] for a in body["attendances"]) == [False, True]
    agency = AgencyFactory()
    minutes = post(
        client,
        f"{BASE}/{meeting.pk}/minutes",
        {
            "summary": "Dibahas",
            "decisions": "Disepakati",
            "action_items": [
                {"description": "Integrasi", "owner_agency_id": agency.pk, "due_date": "2027-01-31"}
            ],
        },
    )
    assert minutes.status_code == 200, minutes.content
    assert minutes.json()["action_items"][0]["owner_agency_id"] == agency.pk
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    extra = PersonFactory()
    rows = post(
        client, f"{BASE}/{meeting.pk}/minutes/distribution", {"person_ids": [*invited, extra.pk]}
    ).json()
    assert len(rows) == 3
    again = post(client, f"{BASE}/{meeting.pk}/minutes/distribution", {"person_ids": invited})
    assert again.json() == []


def test_cadence_json(client, staff):
    term = term_with_members()
    body = client.get(f"{BASE}/cadence", {"term": term.pk}).json()
    assert body["term_id"] == term.pk
    assert len(body["rows"]) == term.commissions.count()
    assert len(body["rows"][0]["cells"]) == 12
    assert sum(body["counts"].values()) == 12 * term.commissions.count()
    assert client.get(f"{BASE}/cadence", {"term": 999999}).status_code == 404


def test_permissions_officer_403_council_member_reads_but_cannot_write(client):
    term = term_with_members()
    meeting = schedule(term=term)
    client.force_login(OfficerFactory())
    response = client.get(BASE)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    client.force_login(council_member())
    assert client.get(BASE).status_code == 200
    assert client.get(f"{BASE}/{meeting.pk}").status_code == 200
    events = AuditEvent.objects.count()
    assert post(client, BASE, payload(term, [term.commissions.first()])).status_code == 403
    assert post(client, f"{BASE}/{meeting.pk}/cancel", {"reason": "x"}).status_code == 403
    assert Meeting.objects.count() == 1 and AuditEvent.objects.count() == events


def test_unknown_meeting_is_404_and_anonymous_is_401(client, staff):
    response = client.get(f"{BASE}/999999")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    client.logout()
    assert client.get(BASE).status_code == 401
