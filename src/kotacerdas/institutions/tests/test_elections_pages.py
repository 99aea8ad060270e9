"""Election pages and API: the list with the red flag and countdown, starting, the detail page
with its steps (errors shown, nothing written), and the API through the stages."""

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Helix, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    Candidate,
    CandidateStatus,
    CouncilTerm,
    Election,
    ElectionStage,
    TermStatus,
)
from kotacerdas.institutions.selectors import elections as selectors
from kotacerdas.institutions.services import elections as services
from kotacerdas.institutions.tests.factories import CouncilTermFactory, DecreeFactory

pytestmark = pytest.mark.django_db


def _late_term():
    """An active term whose election deadline passed yesterday."""
    today = timezone.localdate()
    end = rules.add_months(today - dt.timedelta(days=1), 1)
    start = rules.anniversary(end + dt.timedelta(days=1), -3)
    return CouncilTermFactory(start_date=start, end_date=end, status=TermStatus.ACTIVE)


@pytest.fixture
def manager(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    client.force_login(user)
    return user


def test_list_shows_red_flag_and_start_button(client, manager):
    term = _late_term()
    page = client.get("/kelembagaan/pemilihan/").content.decode()
    assert 'data-testid="late-flag"' in page
    assert "Terlambat: pemilihan belum dimulai" in page
    assert f"/kelembagaan/pemilihan/mulai/{term.pk}/" in page


def test_list_countdown(client, manager):
    today = timezone.localdate()
    end = rules.add_months(today + dt.timedelta(days=10), 1)
    CouncilTermFactory(
        start_date=rules.anniversary(end + dt.timedelta(days=1), -3),
        end_date=end,
        status=TermStatus.ACTIVE,
    )
    page = client.get("/kelembagaan/pemilihan/").content.decode()
    assert "10 hari lagi" in page and "late-flag" not in page


def test_list_forbidden_to_officers(client):
    client.force_login(OfficerFactory())
    assert client.get("/kelembagaan/pemilihan/").status_code == 403


def test_reader_sees_no_start_button(client):
    term = _late_term()
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    page = client.get("/kelembagaan/pemilihan/").content.decode()
    assert f"/pemilihan/mulai/{term.pk}/" not in page
    assert client.get(f"/kelembagaan/pemilihan/mulai/{term.pk}/").status_code == 403


def test_start_form(client, manager):
    term = _late_term()
    assert client.get(f"/kelembagaan/pemilihan/mulai/{term.pk}/").status_code == 200
    response = client.post(
        f"/kelembagaan/pemilihan/mulai/{term.pk}/", {"started_on": timezone.localdate()}
    )
    election = Election.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{election.pk}/")
    again = client.post(f"/kelembagaan/pemilihan/mulai/{term.pk}/", {"started_on": "2026-01-01"})
    assert again.status_code == 400 and "sudah dimulai" in again.content.decode()


def test_detail_steps_and_errors(client, manager):
    term = _late_term()
    election = services.election_start(
        actor=manager, ending_term=term, started_on=timezone.localdate()
    )
    person = PersonFactory(name="Ani Tim")
    organisation = OrganisationFactory(helix=Helix.MASYARAKAT)
    url = f"/kelembagaan/pemilihan/{election.pk}/"
    page = client.get(url).content.decode()
    assert 'data-testid="missing"' in page and "Ketua Dewan: belum ada calon terpilih" in page
    assert client.post(url + "tim/", {"person": person.pk, "role": "government"}).status_code == 302
    before = (Candidate.objects.count(), AuditEvent.objects.count())
    response = client.post(
        url + "calon/",
        {"person": person.pk, "organisation": organisation.pk, "position": "ketua"},
    )
    assert response.status_code == 400
    assert "Ani Tim adalah anggota tim pemilihan" in response.content.decode()
    assert (Candidate.objects.count(), AuditEvent.objects.count()) == before
    other = PersonFactory(name="Budi Calon")
    response = client.post(
        url + "calon/", {"person": other.pk, "organisation": organisation.pk, "position": "ketua"}
    )
    assert response.status_code == 302
    candidate = Candidate.objects.get(person=other)
    base = "/kelembagaan/pemilihan/calon/"
    client.post(f"{base}{candidate.pk}/penjaringan/", {"passed": "1"})
    client.post(f"{base}{candidate.pk}/pilih/", {"score": "87.5"})
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.SELECTED and str(candidate.score) == "87.50"
    response = client.post(url + "usulkan/", {"proposed_on": "2026-05-01"})
    assert response.status_code == 400
    assert "Wakil Ketua Dewan: belum ada calon terpilih" in response.content.decode()
    assert Election.objects.get().stage == ElectionStage.SELECTION


def test_decree_needs_confirmation(client, manager):
    term = _late_term()
    election = services.election_start(
        actor=manager, ending_term=term, started_on=timezone.localdate()
    )
    Election.objects.filter(pk=election.pk).update(stage=ElectionStage.PROPOSED)
    decree = DecreeFactory()
    response = client.post(f"/kelembagaan/pemilihan/{election.pk}/tetapkan/", {"decree": decree.pk})
    assert response.status_code == 400 and "Centang konfirmasi" in response.content.decode()
    assert CouncilTerm.objects.count() == 1


# --- API


def _headers(user):
    _token, raw = token_create(actor=user, user=user, name="uji")
    return {"HTTP_AUTHORIZATION": f"Token {raw}"}


def test_api_status_and_stages(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    headers = _headers(user)
    term = _late_term()
    status = client.get("/api/v1/institutions/elections/status", **headers).json()
    assert status["count"] == 1 and status["items"][0]["is_late"] is True
    response = client.post(
        "/api/v1/institutions/elections",
        {"ending_term_id": term.pk, "started_on": timezone.localdate().isoformat()},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    election_id = response.json()["id"]
    person = PersonFactory()
    org = OrganisationFactory()
    response = client.post(
        f"/api/v1/institutions/elections/{election_id}/candidates",
        {"person_id": person.pk, "organisation_id": org.pk, "position": "ketua"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    candidate_id = response.json()["id"]
    response = client.post(
        f"/api/v1/institutions/elections/{election_id}/team",
        {"person_id": person.pk, "role": "other"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    screen = client.post(
        f"/api/v1/institutions/elections/candidates/{candidate_id}/screen",
        {"passed": True},
        content_type="application/json",
        **headers,
    )
    assert screen.json()["status"] == "screened"
    response = client.post(
        f"/api/v1/institutions/elections/{election_id}/propose",
        {"proposed_on": "2026-05-01"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert "Ketua Dewan: belum ada calon terpilih" in details
    detail = client.get(f"/api/v1/institutions/elections/{election_id}", **headers).json()
    assert len(detail["missing_positions"]) == len(selectors.needed_slots())
    assert detail["stage"] == "screening"


def test_api_refuses_readers_and_officers(client):
    term = _late_term()
    reader = _headers(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    response = client.post(
        "/api/v1/institutions/elections",
        {"ending_term_id": term.pk, "started_on": "2026-01-01"},
        content_type="application/json",
        **reader,
    )
    assert response.status_code == 403 and not Election.objects.exists()
    officer = _headers(OfficerFactory())
    assert client.get("/api/v1/institutions/elections/status", **officer).status_code == 403
    assert client.get("/api/v1/institutions/elections/999", **reader).status_code == 404
