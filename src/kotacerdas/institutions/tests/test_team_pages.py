"""Tim Pelaksana pages and API: the team page with the chart, member add/end with confirmation,
pokja program checklist, the assistance log with CSV, and agency-officer scoping everywhere."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.services.tokens import token_create
from kotacerdas.core.tests.factories import (
    AgencyFactory,
    OfficerFactory,
    PersonFactory,
    UserFactory,
)
from kotacerdas.institutions.models import Assistance, DecreeKind, TeamMembership, TeamPosition
from kotacerdas.institutions.services import team as services
from kotacerdas.institutions.tests.factories import DecreeFactory
from kotacerdas.masterplan.models import Dimension
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    PriorityProgramFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/institutions/team"


def api_client(user) -> Client:
    _token, raw = token_create(actor=user, user=user, name="uji")
    return Client(headers={"Authorization": f"Token {raw}"})


@pytest.fixture
def manager():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


@pytest.fixture
def team(manager):
    decree = DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2025, 1, 6), number="KEP-TIM-1")
    return services.team_create(actor=manager, decree=decree)


@pytest.fixture
def two_agencies(manager, team):
    ours, theirs = AgencyFactory(name="Dinas Kami"), AgencyFactory(name="Dinas Mereka")
    today = timezone.localdate()
    for agency, text in ((ours, "Tindak lanjut kami"), (theirs, "Tindak lanjut mereka")):
        services.assistance_record(
            actor=manager,
            team=team,
            agency=agency,
            date=today,
            musrenbang_year=today.year,
            follow_ups=text,
        )
    return ours, theirs


def test_urls_reverse_without_arguments():
    assert reverse("institutions:team_detail") and reverse("institutions:assistance_list")


def test_team_page_shows_structure(client, manager, team):
    services.team_member_add(
        actor=manager, team=team, person=PersonFactory(name="Ketua Tim Uji"), position="ketua"
    )
    client.force_login(manager)
    page = client.get(reverse("institutions:team_detail")).content.decode()
    assert "Ketua Tim Uji" in page and "Pokja Smart Environment" in page
    assert "Tim Satu Data" in page and "KEP-TIM-1" in page
    assert "Tambah anggota" in page


def test_agency_officer_cannot_open_team_page(client, team):
    client.force_login(OfficerFactory())
    assert client.get(reverse("institutions:team_detail")).status_code == 403


def test_member_add_error_shown_and_nothing_written(client, manager, team):
    person = PersonFactory()
    services.team_member_add(actor=manager, team=team, person=person, position="sekretaris")
    client.force_login(manager)
    before = (TeamMembership.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("institutions:team_member_add"), {"person": person.pk, "position": "ketua"}
    )
    assert response.status_code == 400
    assert "satu orang memegang satu jabatan" in response.content.decode()
    assert (TeamMembership.objects.count(), AuditEvent.objects.count()) == before


def test_member_end_asks_confirmation_then_ends(client, manager, team):
    membership = services.team_member_add(
        actor=manager, team=team, person=PersonFactory(), position="ketua"
    )
    client.force_login(manager)
    url = reverse("institutions:team_member_end", args=[membership.pk])
    assert "Yakin mengakhiri" in client.get(url).content.decode()
    membership.refresh_from_db()
    assert membership.end_date is None
    today = timezone.localdate().isoformat()
    assert client.post(url, {"end_date": today}).status_code == 302
    membership.refresh_from_db()
    assert membership.end_date.isoformat() == today


def test_pokja_program_checklist(client, manager, team):
    gov = team.working_groups.get(dimension__code="GOV")
    dimension = Dimension.objects.get(code="GOV")
    program = ProgramFactory(
        priority_program=PriorityProgramFactory(dimension=dimension), name="Program Tata Uji"
    )
    other = ProgramFactory(
        priority_program=PriorityProgramFactory(dimension=Dimension.objects.get(code="ENV")),
        name="Program Lingkungan Uji",
    )
    client.force_login(manager)
    url = reverse("institutions:working_group_detail", args=[gov.pk])
    page = client.get(url).content.decode()
    assert "Program Tata Uji" in page and "Program Lingkungan Uji" not in page
    assert client.post(url, {"programs": [program.pk]}).status_code == 302
    assert list(gov.programs.all()) == [program]
    response = client.post(url, {"programs": [other.pk]})
    assert response.status_code == 400 and "bukan program dimensi" in response.content.decode()
    assert list(gov.programs.all()) == [program]


def test_assistance_list_scoped_for_officer_pages_and_csv(client, two_agencies):
    ours, _theirs = two_agencies
    client.force_login(OfficerFactory(agency=ours))
    page = client.get(reverse("institutions:assistance_list")).content.decode()
    assert "Tindak lanjut kami" in page and "Tindak lanjut mereka" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("institutions:assistance_export")).content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 2 and rows[1][2] == "Dinas Kami"
    theirs_pk = Assistance.objects.get(agency__name="Dinas Mereka").pk
    assert (
        client.get(reverse("institutions:assistance_detail", args=[theirs_pk])).status_code == 404
    )
    assert client.get(reverse("institutions:assistance_create")).status_code == 403


def test_team_sees_all_assistance(client, manager, two_agencies):
    client.force_login(manager)
    page = client.get(reverse("institutions:assistance_list")).content.decode()
    assert "Tindak lanjut kami" in page and "Tindak lanjut mereka" in page


def test_assistance_form_refuses_foreign_activity(client, manager, team):
    agency = AgencyFactory(name="Dinas Kami")
    foreign = ActivityFactory()
    client.force_login(manager)
    today = timezone.localdate()
    response = client.post(
        reverse("institutions:assistance_create"),
        {
            "agency": agency.pk,
            "date": today.isoformat(),
            "musrenbang_year": today.year,
            "activities": [foreign.pk],
            "follow_ups": "Susun KAK",
        },
    )
    assert response.status_code == 400
    assert "bukan program Dinas Kami" in response.content.decode()
    assert not Assistance.objects.exists()
    ActivityFactory(program=ProgramFactory(agency=agency), name="Kegiatan Kami")
    form = client.get(reverse("institutions:assistance_create") + f"?pd={agency.pk}")
    assert "Kegiatan Kami" in form.content.decode()


# --- API ----------------------------------------------------------------------------------------


def test_api_current_team(manager, team):
    response = api_client(manager).get(f"{API}/current")
    assert response.status_code == 200
    body = response.json()
    assert len(body["working_groups"]) == 6 and len(body["support_teams"]) == 4
    assert body["team"]["decree_number"] == "KEP-TIM-1"


def test_api_member_add_and_incompatibility(manager, team):
    person = PersonFactory()
    client = api_client(manager)
    created = client.post(
        f"{API}/members",
        {"person_id": person.pk, "position": TeamPosition.KETUA},
        content_type="application/json",
    )
    assert created.status_code == 201
    refused = client.post(
        f"{API}/members",
        {"person_id": person.pk, "position": TeamPosition.WAKIL_KETUA},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "validation_error"
    ended = client.post(
        f"{API}/members/{created.json()['id']}/end", {}, content_type="application/json"
    )
    assert ended.status_code == 200 and ended.json()["end_date"] is not None


def test_api_officer_scoped_and_cannot_write(two_agencies, team):
    ours, theirs = two_agencies
    client = api_client(OfficerFactory(agency=ours))
    body = client.get(f"{API}/assistance").json()
    assert body["total"] == 1 and body["items"][0]["agency_id"] == ours.pk
    other = Assistance.objects.get(agency=theirs)
    assert client.get(f"{API}/assistance/{other.pk}").status_code == 404
    today = timezone.localdate()
    response = client.post(
        f"{API}/assistance",
        {
            "agency_id": ours.pk,
            "date": today.isoformat(),
            "musrenbang_year": today.year,
            "follow_ups": "x",
        },
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert client.get(f"{API}/current").status_code == 403


def test_api_pokja_programs(manager, team):
    gov = team.working_groups.get(dimension__code="GOV")
    wrong = ProgramFactory(
        priority_program=PriorityProgramFactory(dimension=Dimension.objects.get(code="ENV"))
    )
    client = api_client(manager)
    response = client.put(
        f"{API}/working-groups/{gov.pk}/programs",
        {"program_ids": [wrong.pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "bukan program dimensi" in str(response.json()["error"]["details"])
    assert client.get(f"{API}/working-groups/{gov.pk}/programs").json() == []


def test_api_anonymous_401():
    assert Client().get(f"{API}/assistance").status_code == 401
