"""/api/v1/complaints/cases/: scoped list, detail, submit, transitions, timeline; structured
errors (403, 404, 409, 422) that write nothing."""

import pytest
from django.test import Client

from kotacerdas.complaints.models import Case, CaseEvent, CaseState
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    JAKARTA_POINT,
    CaseFactory,
    CategoryFactory,
)
from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/complaints/cases"


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


@pytest.fixture
def agent():
    return UserFactory(roles=[Role.CALL_CENTER_AGENT])


def counts():
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


def test_list_is_scoped_and_paginated_with_a_total(agent):
    mine, other = CaseFactory(), CaseFactory()
    body = api_client(agent).get(BASE, {"limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    officer = OfficerFactory(agency=mine.assigned_agency)
    items = api_client(officer).get(BASE).json()["items"]
    assert [item["tracking_number"] for item in items] == [mine.tracking_number]
    response = api_client(officer).get(f"{BASE}/{other.tracking_number}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_citizens_get_403(agent):
    response = api_client(UserFactory()).get(BASE)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_submit_verify_dispatch_and_timeline(agent):
    client = api_client(agent)
    category = CategoryFactory()
    response = client.post(
        BASE,
        {
            "channel": "call_center",
            "category": category.code,
            "description": "Kabel listrik menjuntai di atas jalan.",
            "lat": BEKASI_TIMUR_POINT[0],
            "lng": BEKASI_TIMUR_POINT[1],
            "reporter_name": "Joko",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    number = body["tracking_number"]
    assert body["reporter_secret"] and body["case"]["reporter_name"] == "Joko"
    assert body["case"]["kecamatan_code"] == "32.75.01"
    assert "verify" in body["case"]["allowed_actions"]
    url = f"{BASE}/{number}/transitions"
    detail = client.post(url, {"action": "verify", "version": 1}, content_type="application/json")
    assert detail.status_code == 200 and detail.json()["state"] == "verified"
    detail = client.post(
        url,
        {"action": "dispatch", "version": 2, "agency": category.default_agency_id},
        content_type="application/json",
    )
    assert detail.json()["state"] == "dispatched"
    timeline = client.get(f"{BASE}/{number}/timeline").json()
    assert [e["kind"] for e in timeline] == ["created", "state", "dispatch"]


def test_submit_bad_input_gives_422_and_writes_nothing(agent):
    client = api_client(agent)
    category = CategoryFactory()
    before = counts()
    for payload, field in (
        ({"description": "x" * 10_000, "address": "Jl. A"}, "description"),
        ({"description": "Banjir", "lat": JAKARTA_POINT[0], "lng": JAKARTA_POINT[1]}, "lat"),
        ({"description": "Banjir", "address": "Jl. A", "attributes": {"x": 1}}, "attributes"),
        ({"description": "Banjir"}, "location"),
    ):
        response = client.post(
            BASE, {"category": category.code, **payload}, content_type="application/json"
        )
        assert response.status_code == 422, response.content
        error = response.json()["error"]
        assert error["code"] == "validation_error" and field in error["details"]
    assert counts() == before


def test_a_stale_version_gives_409(agent):
    case = CaseFactory()
    client = api_client(agent)
    url = f"{BASE}/{case.tracking_number}/transitions"
    assert (
        client.post(
            url, {"action": "verify", "version": 1}, content_type="application/json"
        ).status_code
        == 200
    )
    before = counts()
    response = client.post(
        url,
        {"action": "decline", "version": 1, "reason": "declined_incomplete", "note": "x"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "muat ulang" in response.json()["error"]["message"]
    assert counts() == before


def test_an_officer_cannot_verify_403(agent):
    case = CaseFactory()
    officer = OfficerFactory(agency=case.assigned_agency)
    response = api_client(officer).post(
        f"{BASE}/{case.tracking_number}/transitions",
        {"action": "verify", "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == CaseState.RECEIVED
