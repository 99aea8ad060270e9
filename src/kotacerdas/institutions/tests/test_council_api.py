"""/api/v1/institutions/council/: terms with their problems, activation refused with every
missing item, members (capacity, incompatible positions, helix), end and replace, resource
persons, the people directory; permissions and the structured error body."""

import datetime as dt

import pytest
from django.test import Client

from kotacerdas.core.models import AuditEvent, Helix, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kotacerdas.institutions.models import (
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.institutions.tests.council_fixtures import complete_term
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    DecreeFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/institutions/council"
P = CouncilPosition


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


@pytest.fixture
def manager():
    return api_client(UserFactory(roles=[Role.COUNCIL_SECRETARIAT]))


@pytest.fixture
def reader():
    return api_client(UserFactory(roles=[Role.COUNCIL_MEMBER]))


def test_term_list_and_detail_with_problems(reader):
    term = CouncilTermFactory(decree=DecreeFactory())
    data = reader.get(f"{API}/terms").json()
    assert data["total"] == 1 and data["items"][0]["number"] == term.number
    detail = reader.get(f"{API}/terms/{term.pk}").json()
    assert "Komisi Ekonomi Cerdas: 3 anggota kurang" in detail["problems"]
    assert "unsur dunia usaha belum terwakili" in detail["problems"]
    assert len(detail["structure"]["commissions"]) == 6
    assert detail["structure"]["ketua"] is None


def test_term_create(manager):
    decree = DecreeFactory(date=dt.date(2024, 2, 29))
    response = manager.post(
        f"{API}/terms", {"number": 3, "decree_id": decree.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["end_date"] == "2027-02-28"
    response = manager.post(
        f"{API}/terms", {"number": 3, "decree_id": decree.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert CouncilTerm.objects.count() == 1


def test_activate_incomplete_gives_every_problem_and_writes_nothing(manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    events = AuditEvent.objects.count()
    response = manager.post(f"{API}/terms/{term.pk}/activate")
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert "Ketua Dewan belum ada" in details
    assert "Komisi Ekonomi Cerdas: ketua belum ada" in details
    assert len(details) == 3 + 6 * 3 + 4
    term.refresh_from_db()
    assert term.status == TermStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_activate_complete_term(manager, reader):
    term = complete_term()
    assert reader.post(f"{API}/terms/{term.pk}/activate").status_code == 403
    response = manager.post(f"{API}/terms/{term.pk}/activate")
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["problems"] == []
    assert reader.get(f"{API}/terms/current").json()["id"] == term.pk


def test_current_term_404_structured(reader):
    response = reader.get(f"{API}/terms/current")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_membership_add_rules(manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    eco = term.commissions.get(dimension__code="ECO")
    for _ in range(3):
        MembershipFactory(term=term, commission=eco, position=P.ANGGOTA_KOMISI)
    url = f"{API}/terms/{term.pk}/memberships"
    before = (CouncilMembership.objects.count(), AuditEvent.objects.count())
    response = manager.post(
        url,
        {"person_id": PersonFactory().pk, "position": P.ANGGOTA_KOMISI, "commission_id": eco.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"]["position"] == [
        "Komisi Ekonomi Cerdas sudah memiliki 3 anggota."
    ]
    outsider = PersonFactory(organisation=None)
    response = manager.post(
        url, {"person_id": outsider.pk, "position": P.KETUA}, content_type="application/json"
    )
    assert "di luar unsur pentahelix" in response.json()["error"]["details"]["organisation"][0]
    assert (CouncilMembership.objects.count(), AuditEvent.objects.count()) == before
    busy = CouncilMembership.objects.filter(commission=eco).first().person
    response = manager.post(
        url,
        {"person_id": busy.pk, "position": P.KETUA, "organisation_id": OrganisationFactory().pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert (
        "sudah menjabat sebagai Anggota Komisi" in response.json()["error"]["details"]["person"][0]
    )
    org = OrganisationFactory(helix=Helix.MASYARAKAT)
    response = manager.post(
        url,
        {"person_id": PersonFactory().pk, "position": P.KETUA, "organisation_id": org.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["helix"] == "masyarakat"


def test_membership_end_and_replace_keep_history(manager, reader):
    term = CouncilTermFactory(decree=DecreeFactory())
    m = MembershipFactory(term=term, position=P.SEKRETARIS)
    newcomer = PersonFactory()
    response = reader.post(
        f"{API}/memberships/{m.pk}/replace",
        {"person_id": newcomer.pk, "date": "2026-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = manager.post(
        f"{API}/memberships/{m.pk}/replace",
        {"person_id": newcomer.pk, "date": "2026-07-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    new = response.json()
    assert new["replaces_id"] == m.pk and new["position"] == "sekretaris"
    history = reader.get(f"{API}/terms/{term.pk}/memberships").json()
    assert history["total"] == 2
    old = next(i for i in history["items"] if i["id"] == m.pk)
    assert (old["end_date"], old["end_reason"]) == ("2026-06-30", "replaced")
    on = reader.get(f"{API}/terms/{term.pk}/memberships?active_on=2026-07-01").json()
    assert [i["id"] for i in on["items"]] == [new["id"]]
    response = manager.post(
        f"{API}/memberships/{new['id']}/end",
        {"end_date": "2026-01-01", "reason": MembershipEnd.RESIGNED},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = manager.post(
        f"{API}/memberships/{new['id']}/end",
        {"end_date": "2026-12-31", "reason": MembershipEnd.RESIGNED},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["end_reason"] == "resigned"


def test_resource_persons(manager, reader):
    person = PersonFactory()
    response = reader.post(
        f"{API}/resource-persons",
        {"person_id": person.pk, "expertise": "IoT"},
        content_type="application/json",
    )
    assert response.status_code == 403
    response = manager.post(
        f"{API}/resource-persons",
        {"person_id": person.pk, "expertise": "IoT"},
        content_type="application/json",
    )
    assert response.status_code == 201
    rid = response.json()["id"]
    response = manager.patch(
        f"{API}/resource-persons/{rid}", {"is_active": False}, content_type="application/json"
    )
    assert response.json()["is_active"] is False and response.json()["expertise"] == "IoT"
    assert reader.get(f"{API}/resource-persons").json()["total"] == 1
    assert ResourcePerson.objects.count() == 1


@pytest.mark.parametrize("path", ["/terms", "/resource-persons"])
def test_officer_is_refused_institution_reads(path):
    response = api_client(OfficerFactory()).get(f"{API}{path}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_people_directory_open_to_any_signed_in_user():
    term = complete_term()
    officer = api_client(OfficerFactory())
    data = officer.get(f"{API}/people?limit=10").json()
    assert data["total"] == 33 and len(data["items"]) == 10
    ketua = term.memberships.get(position=P.KETUA).person
    roles = officer.get(f"{API}/people/{ketua.pk}/roles").json()
    assert roles["person"]["name"] == ketua.name
    assert roles["roles"][0]["title"] == "Ketua" and roles["roles"][0]["is_current"] is True
    assert officer.get(f"{API}/people/{PersonFactory().pk}/roles").status_code == 404
    filtered = officer.get(f"{API}/people?helix=dunia_usaha").json()
    assert filtered["total"] and all(i["helix"] == "dunia_usaha" for i in filtered["items"])


def test_anonymous_is_refused():
    response = Client().get(f"{API}/people")
    assert response.status_code == 401


def test_openapi_documents_every_council_endpoint(client):
    spec = client.get("/api/v1/openapi.json").json()
    paths = {p: ops for p, ops in spec["paths"].items() if p.startswith(API)}
    assert f"{API}/terms/{{term_id}}/activate" in paths
    assert f"{API}/people/{{person_id}}/roles" in paths
    for path, ops in paths.items():
        for method, op in ops.items():
            assert op.get("summary"), (path, method)
