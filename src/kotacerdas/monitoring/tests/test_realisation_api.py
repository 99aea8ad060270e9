import decimal

import pytest
from django.test import Client

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import OfficerFactory, UserFactory
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)
from kotacerdas.monitoring.models import Realisation, RealisationStatus, ReportingPeriod
from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

D = decimal.Decimal
pytestmark = pytest.mark.django_db
BASE = "/api/v1/monitoring/realisations"


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


@pytest.fixture
def activity():
    activity = ActivityFactory()
    BudgetAllocationFactory(activity=activity, amount=D("100000000"))
    return activity


@pytest.fixture
def officer(activity):
    return OfficerFactory(agency=activity.agency)


@pytest.fixture
def team():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


def test_anonymous_gets_401(client):
    response = client.get(BASE)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_create_update_and_read_back(officer, activity):
    api = api_client(officer)
    indicator = IndicatorFactory(activity=activity, unit="%", max_value=D("100"))
    response = api.post(
        BASE,
        {
            "activity_id": activity.pk,
            "year": 2026,
            "quarter": 1,
            "physical_progress": "20.5",
            "budget_realised": 1500000,
            "indicator_values": {str(indicator.pk): 33},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["physical_progress"], body["budget_realised"], body["version"]) == (
        "20.50",
        "1500000.00",
        1,
    )
    assert body["indicator_values"] == [
        {"indicator_id": indicator.pk, "indicator_code": indicator.code, "value": "33.0000"}
    ]
    pk = body["id"]
    updated = api.patch(
        f"{BASE}/{pk}",
        {"expected_version": 1, "problems": "Hujan"},
        content_type="application/json",
    )
    assert updated.status_code == 200
    assert (updated.json()["problems"], updated.json()["physical_progress"]) == ("Hujan", "20.50")
    assert api.get(f"{BASE}/{pk}").json()["version"] == 2
    listed = api.get(BASE + "?year=2026&quarter=1").json()
    assert [item["id"] for item in listed["items"]] == [pk]


def test_stale_version_gives_409_and_changes_nothing(officer, activity):
    realisation = RealisationFactory(activity=activity, physical_progress=D("40"), version=2)
    response = api_client(officer).patch(
        f"{BASE}/{realisation.pk}",
        {"expected_version": 1, "physical_progress": 10},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "conflict",
        "message": "Data ini telah diubah oleh pengguna lain; muat ulang halaman.",
    }
    realisation.refresh_from_db()
    assert realisation.physical_progress == D("40.00")


def test_bad_values_give_422_with_messages(officer, activity):
    response = api_client(officer).post(
        BASE,
        {
            "activity_id": activity.pk,
            "year": 2026,
            "quarter": 1,
            "physical_progress": 120,
            "budget_realised": -1,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {
        "physical_progress": ["Progres fisik harus antara 0 dan 100 %."],
        "budget_realised": ["Realisasi anggaran tidak boleh negatif."],
    }
    assert not Realisation.objects.exists()
    assert not ReportingPeriod.objects.exists()  # the quarter's row is rolled back too


def test_locked_period_gives_422_with_the_reason(officer, activity):
    ReportingPeriodFactory(year=2026, quarter=2, is_locked=True, lock_reason="Audit BPK")
    response = api_client(officer).post(
        BASE,
        {"activity_id": activity.pk, "year": 2026, "quarter": 2, "physical_progress": 10},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == ["Periode TW 2 2026 dikunci: Audit BPK"]
    assert not Realisation.objects.exists()


def test_other_agency_gets_404_and_nothing_changes(activity):
    realisation = RealisationFactory(activity=activity, physical_progress=D("5"))
    api = api_client(OfficerFactory())
    assert api.get(f"{BASE}/{realisation.pk}").status_code == 404
    assert api.get(BASE).json()["items"] == []
    response = api.patch(
        f"{BASE}/{realisation.pk}",
        {"expected_version": 1, "physical_progress": 99},
        content_type="application/json",
    )
    assert response.status_code == 404
    created = api.post(
        BASE,
        {"activity_id": activity.pk, "year": 2026, "quarter": 3, "physical_progress": 1},
        content_type="application/json",
    )
    assert created.status_code == 404
    realisation.refresh_from_db()
    assert realisation.physical_progress == D("5.00")
    assert Realisation.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="monitoring.Realisation").count() == 0


def test_workflow_through_the_api(officer, team, activity):
    indicator = IndicatorFactory(activity=activity)
    IndicatorTargetFactory(indicator=indicator)
    realisation = RealisationFactory(activity=activity)
    officer_api, team_api = api_client(officer), api_client(team)
    submitted = officer_api.post(
        f"{BASE}/{realisation.pk}/submit", {"expected_version": 1}, content_type="application/json"
    )
    assert submitted.json()["status"] == "submitted"
    denied = officer_api.post(
        f"{BASE}/{realisation.pk}/verify", {"expected_version": 2}, content_type="application/json"
    )
    assert denied.status_code == 403
    queue = team_api.get(f"{BASE}/verification-queue").json()
    assert [item["id"] for item in queue["items"]] == [realisation.pk]
    returned = team_api.post(
        f"{BASE}/{realisation.pk}/return",
        {"expected_version": 2, "reason": "Lengkapi foto"},
        content_type="application/json",
    )
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "returned",
        "Lengkapi foto",
    )
    officer_api.post(
        f"{BASE}/{realisation.pk}/submit", {"expected_version": 3}, content_type="application/json"
    )
    verified = team_api.post(
        f"{BASE}/{realisation.pk}/verify", {"expected_version": 4}, content_type="application/json"
    )
    assert verified.json()["status"] == "verified"
    locked = team_api.post(
        f"{BASE}/{realisation.pk}/lock", {"expected_version": 5}, content_type="application/json"
    )
    assert locked.json()["status"] == RealisationStatus.LOCKED
    edit = officer_api.patch(
        f"{BASE}/{realisation.pk}",
        {"expected_version": 6, "physical_progress": 1},
        content_type="application/json",
    )
    assert edit.status_code == 422


def test_submit_without_target_gives_the_message(officer, activity):
    IndicatorFactory(activity=activity, name="Jumlah CCTV")
    realisation = RealisationFactory(activity=activity)
    response = api_client(officer).post(
        f"{BASE}/{realisation.pk}/submit", {"expected_version": 1}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        "Target indikator Jumlah CCTV untuk tahun 2026 belum ditetapkan."
    ]


def test_list_query_count_is_bounded(team, django_assert_max_num_queries):
    for _ in range(8):
        RealisationFactory()
    api = api_client(team)
    with django_assert_max_num_queries(8):
        response = api.get(BASE)
    assert response.json()["count"] == 8


def test_endpoints_are_documented():
    from kotacerdas.monitoring.api.realisation import router

    operations = [
        operation
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    ]
    assert len(operations) == 9
    for operation in operations:
        assert operation.summary and operation.description
