"""Member directory and person page: every role over time (council, team, elections,
narasumber, meetings), search, helix filter, pagination, CSV, visibility."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from kotacerdas.core.models import Helix, Role
from kotacerdas.core.tests.factories import (
    OfficerFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kotacerdas.institutions.models import (
    Attendance,
    AttendeeRole,
    Candidate,
    CouncilPosition,
    Election,
    ElectionTeamMember,
    ElectionTeamRole,
    MeetingStatus,
    MembershipEnd,
    ResourcePerson,
    TeamMembership,
    TeamPosition,
)
from kotacerdas.institutions.selectors import directory as selectors
from kotacerdas.institutions.tests.council_fixtures import complete_term
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    MeetingFactory,
    MembershipFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
P = CouncilPosition


@pytest.fixture
def officer(client):
    user = OfficerFactory()
    client.force_login(user)
    return user


def body(response):
    return response.content.decode()


def busy_person():
    """Someone with one role of every kind."""
    person = PersonFactory(name="Siti Serbabisa", email="siti@contoh.id")
    term = CouncilTermFactory(number=1, start_date=dt.date(2023, 1, 5))
    old = MembershipFactory(
        term=term, person=person, position=P.ANGGOTA_KOMISI, start_date=dt.date(2023, 1, 5)
    )
    old.end_date = dt.date(2024, 6, 30)
    old.end_reason = MembershipEnd.RESIGNED
    old.save()
    team = TeamFactory(name="Tim Pelaksana Uji")
    TeamMembership.objects.create(
        team=team, person=person, position=TeamPosition.SEKRETARIS, start_date=dt.date(2026, 1, 12)
    )
    election = Election.objects.create(ending_term=term, started_on=dt.date(2025, 10, 1))
    ElectionTeamMember.objects.create(
        election=election, person=person, role=ElectionTeamRole.PREVIOUS_CHAIR
    )
    Candidate.objects.create(
        election=election,
        person=person,
        helix=Helix.AKADEMISI,
        organisation=OrganisationFactory(),
        position=P.KETUA,
    )
    ResourcePerson.objects.create(person=person, expertise="Tata kelola data")
    meeting = MeetingFactory(
        term=term,
        title="FGD Satu Data",
        starts_at=timezone.make_aware(dt.datetime(2025, 3, 3, 9)),
        status=MeetingStatus.HELD,
    )
    Attendance.objects.create(
        meeting=meeting, person=person, role=AttendeeRole.RESOURCE, present=True
    )
    absent = MeetingFactory(term=term, title="Rapat yang dilewatkan")
    Attendance.objects.create(
        meeting=absent, person=person, role=AttendeeRole.MEMBER, present=False
    )
    return person


def test_person_roles_cover_every_kind():
    person = busy_person()
    roles = selectors.person_roles(person)
    kinds = {r.kind for r in roles}
    assert kinds == {
        selectors.RoleKind.COUNCIL,
        selectors.RoleKind.TEAM,
        selectors.RoleKind.ELECTION_TEAM,
        selectors.RoleKind.CANDIDATE,
        selectors.RoleKind.RESOURCE_PERSON,
        selectors.RoleKind.MEETING,
    }
    council = next(r for r in roles if r.kind == selectors.RoleKind.COUNCIL)
    assert (council.start, council.end) == (dt.date(2023, 1, 5), dt.date(2024, 6, 30))
    assert "Mengundurkan diri" in council.detail
    meetings = [r for r in roles if r.kind == selectors.RoleKind.MEETING]
    assert [m.body for m in meetings] == ["FGD Satu Data"]  # only meetings attended
    current = {r.kind for r in roles if r.is_current}
    # the election is still running (stage: team), so the election-team seat is current
    assert current == {
        selectors.RoleKind.TEAM,
        selectors.RoleKind.RESOURCE_PERSON,
        selectors.RoleKind.ELECTION_TEAM,
    }


def test_person_page_shows_roles_over_time(client, officer):
    person = busy_person()
    page = body(client.get(f"/kelembagaan/direktori/{person.pk}/"))
    assert "Siti Serbabisa" in page
    assert "Anggota Komisi" in page and "30 Jun 2024" in page
    assert "Tim Pelaksana Uji" in page
    assert "Ketua Dewan periode sebelumnya" in page
    assert "Calon anggota Dewan" in page
    assert "Tata kelola data" in page
    assert "FGD Satu Data" in page
    assert "Rapat yang dilewatkan" not in page
    assert "siti@contoh.id" not in page  # contacts only for council, team, secretariat


def test_person_page_for_complete_term_member(client):
    client.force_login(UserFactory(roles=[Role.COUNCIL_MEMBER]))
    term = complete_term()
    ketua = term.memberships.get(position=P.KETUA)
    page = body(client.get(f"/kelembagaan/direktori/{ketua.person_id}/"))
    assert "Ketua" in page and f"Dewan Kota Cerdas periode {term.number}" in page
    assert "menjabat" in page


def test_person_without_role_is_404(client, officer):
    assert client.get(f"/kelembagaan/direktori/{PersonFactory().pk}/").status_code == 404


def test_directory_lists_only_people_with_roles_and_filters(client, officer):
    busy_person()
    PersonFactory(name="Tanpa Peran")
    MembershipFactory(
        person=PersonFactory(name="Pak Usaha"),
        organisation=OrganisationFactory(helix=Helix.DUNIA_USAHA),
        position=P.KETUA,
        term=CouncilTermFactory(number=9, start_date=dt.date(2029, 1, 5)),
    )
    page = body(client.get("/kelembagaan/direktori/"))
    assert "Siti Serbabisa" in page and "Pak Usaha" in page
    assert "Tanpa Peran" not in page
    page = body(client.get("/kelembagaan/direktori/?unsur=dunia_usaha"))
    assert "Pak Usaha" in page and "Siti Serbabisa" not in page
    page = body(client.get("/kelembagaan/direktori/?q=serba"))
    assert "Siti Serbabisa" in page and "Pak Usaha" not in page
    page = body(client.get("/kelembagaan/direktori/?q=tata+kelola"))  # not a person field
    assert "Siti Serbabisa" not in page
    htmx = client.get("/kelembagaan/direktori/?q=serba", headers={"HX-Request": "true"})
    assert "<html" not in body(htmx) and "Siti Serbabisa" in body(htmx)


def test_directory_paginates(client, officer):
    term = CouncilTermFactory()
    for i in range(35):
        MembershipFactory(term=term, person=PersonFactory(name=f"Anggota {i:02d}"))
    page = body(client.get("/kelembagaan/direktori/"))
    assert "Halaman 1 dari 2" in page
    assert "Anggota 34" in body(client.get("/kelembagaan/direktori/?halaman=2"))


def test_directory_query_count(client, officer, django_assert_max_num_queries):
    complete_term()
    with django_assert_max_num_queries(12):
        assert client.get("/kelembagaan/direktori/").status_code == 200


def test_directory_csv(client):
    client.force_login(UserFactory(roles=[Role.COUNCIL_SECRETARIAT]))
    busy_person()
    content = client.get("/kelembagaan/direktori/ekspor.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == [
        "Nama",
        "Jabatan",
        "Organisasi",
        "Unsur",
        "Peran saat ini",
        "Surel",
        "Telepon",
    ]
    assert rows[1][0] == "Siti Serbabisa"
    assert rows[1][4] == "Tim Pelaksana; Narasumber"
    assert rows[1][5] == "siti@contoh.id"


def test_directory_csv_without_contacts_for_officer(client, officer):
    busy_person()
    content = client.get("/kelembagaan/direktori/ekspor.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["Nama", "Jabatan", "Organisasi", "Unsur", "Peran saat ini"]
    assert "siti@contoh.id" not in content


def test_directory_current_only(client, officer):
    busy_person()
    term = CouncilTermFactory(number=5)
    m = MembershipFactory(term=term, person=PersonFactory(name="Mantan"), position=P.KETUA)
    m.end_date = term.start_date
    m.save()
    page = body(client.get("/kelembagaan/direktori/?aktif=1"))
    assert "Siti Serbabisa" in page and "Mantan" not in page
