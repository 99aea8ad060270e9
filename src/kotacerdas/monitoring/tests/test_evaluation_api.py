"""/api/v1/monitoring/evaluation: figures (public or signed-in) and scoped recommendations."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import (
    AgencyFactory,
    ExecutiveFactory,
    OfficerFactory,
    UserFactory,
)
from kotacerdas.masterplan.tests.factories import ProgramFactory
from kotacerdas.monitoring.models import FollowUp, Recommendation
from kotacerdas.monitoring.tests.factories import RecommendationFactory
from kotacerdas.monitoring.tests.test_evaluation_rollup import YEAR, scored_activity

pytestmark = pytest.mark.django_db
BASE = "/api/v1/monitoring/evaluation"
D = Decimal


def test_city_is_public_with_counts_and_bands(client):
    program = ProgramFactory()
    scored_activity(program=program, value=D("90"))
    scored_activity(program=program, value=None)
    body = client.get(f"{BASE}/city?year={YEAR}").json()
    assert body["achievement"] == "90.00"
    assert body["band"] == {"label": "Baik", "colour": "#4c9a2a", "min": "76"}
    assert (body["counted"], body["blank"], body["weighting"]) == (1, 1, "budget")
    assert len(body["dimensions"]) == 6
    assert body["cap"] == "120"


def test_city_band_and_equal_weighting(client):
    program = ProgramFactory()
    scored_activity(program=program, value=D("100"), budget=D("300"))
    scored_activity(program=program, value=D("60"), budget=D("100"))
    assert client.get(f"{BASE}/city?year={YEAR}").json()["achievement"] == "90.00"
    body = client.get(f"{BASE}/city?year={YEAR}&weighting=equal").json()
    assert body["achievement"] == "80.00"
    assert body["band"]["label"] == "Baik"


def test_dimension_endpoint_and_unknown_code(client):
    a = scored_activity(value=D("70"))
    body = client.get(f"{BASE}/dimension/{a.dimension.code}?year={YEAR}").json()
    assert body["code"] == a.dimension.code
    assert body["achievement"] == "70.00"
    element_code = a.elements.get().code
    tree = body["programs_by_element"][element_code]
    assert tree[0]["children"][0]["children"][0]["achievement"] == "70.00"
    response = client.get(f"{BASE}/dimension/NOPE")
    assert response.status_code == 404
    assert "error" in response.json()


def test_quick_wins_public(client):
    scored_activity(value=D("90"), progress=D("100"), quick_win=True)
    body = client.get(f"{BASE}/quick-wins?year={YEAR}").json()
    assert [r["status_label"] for r in body] == ["Selesai"]


@pytest.mark.parametrize(
    "path", ["implementers", "roadmap-variance", "national-index", "readiness", "recommendations"]
)
def test_internal_endpoints_need_sign_in(client, path):
    response = client.get(f"{BASE}/{path}")
    assert response.status_code in (401, 403)


def test_internal_endpoints_for_executive(client):
    agency = AgencyFactory(name="Dinas API")
    scored_activity(
        program=ProgramFactory(agency=agency),
        value=D("85"),
        roadmap_start_year=YEAR,
        roadmap_end_year=YEAR,
    )
    client.force_login(ExecutiveFactory())
    ranking = client.get(f"{BASE}/implementers?year={YEAR}").json()
    assert [(r["rank"], r["name"], r["kind"], r["achievement"]) for r in ranking] == [
        (1, "Dinas API", "pemerintah", "85.00")
    ]
    roadmap = client.get(f"{BASE}/roadmap-variance?year={YEAR}").json()
    assert (roadmap[0]["actual_status"], roadmap[0]["level"]) == ("berjalan", "kegiatan")
    assert client.get(f"{BASE}/roadmap-variance?year={YEAR}&level=program").json() == []
    assert client.get(f"{BASE}/roadmap-variance?level=x").status_code == 422
    index = client.get(f"{BASE}/national-index?year={YEAR}").json()
    assert index["components"]["output"] == "85.00"
    assert index["weights"]["output"] == 25
    readiness = client.get(f"{BASE}/readiness?year={YEAR}").json()
    assert readiness["total"] is None
    assert set(readiness["by_aspect"]) == {"struktur", "infrastruktur", "suprastruktur"}


def test_recommendations_list_scoped_for_officer(client):
    agency = AgencyFactory()
    mine = RecommendationFactory(owner_agency=agency)
    RecommendationFactory(owner_agency=AgencyFactory())
    client.force_login(OfficerFactory(agency=agency))
    body = client.get(f"{BASE}/recommendations").json()
    assert [r["id"] for r in body["items"]] == [mine.pk]
    assert body["items"][0]["owner_agency_code"] == agency.code


def test_recommendations_overdue_filter(client):
    late = RecommendationFactory(due_date=timezone.localdate() - dt.timedelta(days=1))
    RecommendationFactory()
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    body = client.get(f"{BASE}/recommendations?overdue=true").json()
    assert [(r["id"], r["overdue"]) for r in body["items"]] == [(late.pk, True)]


def test_create_recommendation_by_council_member(client):
    agency = AgencyFactory()
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    response = client.post(
        f"{BASE}/recommendations",
        {
            "source": "council",
            "title": "Dari API",
            "year": 2026,
            "dimension_code": "GOV",
            "owner_agency_code": agency.code,
            "due_date": "2026-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["title"], body["dimension_code"], body["status"]) == ("Dari API", "GOV", "open")
    assert Recommendation.objects.get().owner_agency == agency


def test_create_recommendation_refused_for_officer_nothing_written(client):
    client.force_login(OfficerFactory())
    response = client.post(
        f"{BASE}/recommendations",
        {"source": "team", "title": "x", "year": 2026, "owner_team": "T", "due_date": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"]
    assert Recommendation.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_create_recommendation_bad_input_is_422(client):
    client.force_login(UserFactory(roles=[Role.TEAM_MEMBER]))
    response = client.post(
        f"{BASE}/recommendations",
        {"source": "team", "title": " ", "year": 2026, "due_date": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert "Judul wajib diisi." in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_follow_up_and_status_endpoints(client):
    agency = AgencyFactory()
    r = RecommendationFactory(owner_agency=agency)
    client.force_login(OfficerFactory(agency=agency))
    today = timezone.localdate().isoformat()
    response = client.post(
        f"{BASE}/recommendations/{r.pk}/follow-ups",
        {"date": today, "note": "Rapat", "progress": 20},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["progress"] == 20
    response = client.post(
        f"{BASE}/recommendations/{r.pk}/status",
        {"status": "done"},
        content_type="application/json",
    )
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.status == "in_progress"
    client.force_login(UserFactory(roles=[Role.TEAM_MEMBER]))
    response = client.post(
        f"{BASE}/recommendations/{r.pk}/status",
        {"status": "done", "reason": "Tuntas"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"


def test_follow_up_on_another_agencys_recommendation_is_404(client):
    r = RecommendationFactory(owner_agency=AgencyFactory())
    client.force_login(OfficerFactory())
    response = client.post(
        f"{BASE}/recommendations/{r.pk}/follow-ups",
        {"date": timezone.localdate().isoformat(), "note": "x", "progress": 1},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert FollowUp.objects.count() == 0


def test_openapi_documents_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = [p for p in schema["paths"] if p.startswith(BASE)]
    assert f"{BASE}/city" in paths
    assert f"{BASE}/recommendations/{{pk}}/follow-ups" in paths
    assert schema["paths"][f"{BASE}/city"]["get"]["summary"] == "Capaian kota"
