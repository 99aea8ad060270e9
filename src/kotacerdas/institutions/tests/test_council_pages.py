"""Council pages: term list and detail, activation showing what is missing, member form with
field errors, end/replace with confirmation, resource persons, the organisation chart and the
permissions of each page."""

import datetime as dt

import pytest

from kotacerdas.core.models import AuditEvent, Helix, Role
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
    TeamMembership,
    TeamPosition,
    TermStatus,
    WorkingGroup,
)
from kotacerdas.institutions.tests.council_fixtures import complete_term
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    DecreeFactory,
    MembershipFactory,
    TeamFactory,
)
from kotacerdas.masterplan.models import Dimension

pytestmark = pytest.mark.django_db
P = CouncilPosition


@pytest.fixture
def manager(client):
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    client.force_login(user)
    return user


@pytest.fixture
def reader(client):
    user = UserFactory(roles=[Role.COUNCIL_MEMBER])
    client.force_login(user)
    return user


def body(response):
    return response.content.decode()


def test_term_list_and_create_button(client, manager):
    CouncilTermFactory(number=4)
    page = body(client.get("/kelembagaan/dewan/"))
    assert "Periode 4" in page and "Buat masa jabatan" in page


def test_reader_sees_terms_without_write_controls(client, reader):
    term = CouncilTermFactory()
    MembershipFactory(term=term, position=P.KETUA)
    assert "Buat masa jabatan" not in body(client.get("/kelembagaan/dewan/"))
    page = body(client.get(f"/kelembagaan/dewan/{term.pk}/"))
    assert "Tambah anggota" not in page and ">Aktifkan<" not in page
    assert client.get("/kelembagaan/dewan/baru/").status_code == 403
    assert client.post(f"/kelembagaan/dewan/{term.pk}/aktifkan/").status_code == 403


@pytest.mark.parametrize("roles", [[], [Role.AGENCY_OFFICER]])
def test_council_pages_refused_to_others_but_chart_and_directory_open(client, roles):
    user = OfficerFactory() if roles else UserFactory(roles=[])
    client.force_login(user)
    term = CouncilTermFactory()
    for url in (
        "/kelembagaan/dewan/",
        f"/kelembagaan/dewan/{term.pk}/",
        "/kelembagaan/narasumber/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/kelembagaan/struktur/").status_code == 200
    assert client.get("/kelembagaan/direktori/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    for url in ("/kelembagaan/struktur/", "/kelembagaan/direktori/", "/kelembagaan/dewan/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/masuk" in response["Location"] or "login" in response["Location"]


def test_term_create_page(client, manager):
    decree = DecreeFactory(date=dt.date(2024, 2, 29))
    response = client.post("/kelembagaan/dewan/baru/", {"number": 2, "decree": decree.pk})
    term = CouncilTerm.objects.get(number=2)
    assert response.status_code == 302
    assert term.end_date == dt.date(2027, 2, 28)
    response = client.post("/kelembagaan/dewan/baru/", {"number": 2, "decree": decree.pk})
    assert response.status_code == 400
    assert "Periode 2 sudah ada." in body(response)
    assert CouncilTerm.objects.count() == 1


def test_detail_lists_problems_and_activation_refusal(client, manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    page = body(client.get(f"/kelembagaan/dewan/{term.pk}/"))
    assert "Komisi Ekonomi Cerdas: 3 anggota kurang" in page
    assert "unsur dunia usaha belum terwakili" in page
    events = AuditEvent.objects.count()
    response = client.post(f"/kelembagaan/dewan/{term.pk}/aktifkan/")
    assert response.status_code == 400
    text = body(response)
    assert "Masa jabatan belum dapat diaktifkan" in text
    assert "Ketua Dewan belum ada" in text
    term.refresh_from_db()
    assert term.status == TermStatus.DRAFT
    assert AuditEvent.objects.count() == events


def test_complete_term_activates_from_page(client, manager):
    term = complete_term()
    page = body(client.get(f"/kelembagaan/dewan/{term.pk}/"))
    assert "Susunan lengkap" in page
    response = client.post(f"/kelembagaan/dewan/{term.pk}/aktifkan/")
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.status == TermStatus.ACTIVE


def test_member_form_shows_field_errors(client, manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    eco = term.commissions.get(dimension__code="ECO")
    for _ in range(3):
        MembershipFactory(term=term, commission=eco, position=P.ANGGOTA_KOMISI)
    person = PersonFactory()
    response = client.post(
        f"/kelembagaan/dewan/{term.pk}/anggota/",
        {"person": person.pk, "position": P.ANGGOTA_KOMISI, "commission": eco.pk},
    )
    assert response.status_code == 400
    assert "Komisi Ekonomi Cerdas sudah memiliki 3 anggota." in body(response)
    assert 'id="id_position_galat"' in body(response)
    assert CouncilMembership.objects.count() == 3
    outsider = PersonFactory(organisation=None)
    response = client.post(
        f"/kelembagaan/dewan/{term.pk}/anggota/", {"person": outsider.pk, "position": P.KETUA}
    )
    assert response.status_code == 400
    assert "di luar unsur pentahelix" in body(response)
    response = client.post(
        f"/kelembagaan/dewan/{term.pk}/anggota/",
        {"person": person.pk, "position": P.KETUA, "organisation": OrganisationFactory().pk},
    )
    assert response.status_code == 302
    assert CouncilMembership.objects.filter(person=person, position=P.KETUA).exists()


def test_end_membership_confirmation_then_history(client, manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    m = MembershipFactory(term=term, position=P.KETUA, person=PersonFactory(name="Bu Ketua"))
    page = body(client.get(f"/kelembagaan/dewan/anggota/{m.pk}/akhiri/"))
    assert "Anda akan mengakhiri keanggotaan Bu Ketua" in page
    m.refresh_from_db()
    assert m.end_date is None  # GET changes nothing
    response = client.post(
        f"/kelembagaan/dewan/anggota/{m.pk}/akhiri/",
        {"end_date": "2025-01-01", "reason": MembershipEnd.RESIGNED},
    )
    assert response.status_code == 400
    assert "tidak boleh sebelum tanggal mulai" in body(response)
    response = client.post(
        f"/kelembagaan/dewan/anggota/{m.pk}/akhiri/",
        {"end_date": "2026-04-30", "reason": MembershipEnd.RESIGNED},
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.end_date == dt.date(2026, 4, 30)
    page = body(client.get(f"/kelembagaan/dewan/{term.pk}/"))
    assert "Bu Ketua" in page and "Mengundurkan diri" in page


def test_replace_membership_page(client, manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    m = MembershipFactory(term=term, position=P.SEKRETARIS, person=PersonFactory(name="Lama"))
    newcomer = PersonFactory(name="Pengganti")
    assert "Lama (Sekretaris) akan diganti" in body(
        client.get(f"/kelembagaan/dewan/anggota/{m.pk}/ganti/")
    )
    response = client.post(
        f"/kelembagaan/dewan/anggota/{m.pk}/ganti/",
        {"person": newcomer.pk, "date": "2026-07-01", "reason": MembershipEnd.REPLACED},
    )
    assert response.status_code == 302
    new = CouncilMembership.objects.get(person=newcomer)
    assert new.replaces == m and new.position == P.SEKRETARIS
    assert "menggantikan Lama" in body(client.get(f"/kelembagaan/dewan/{term.pk}/"))


def test_reader_cannot_end_or_replace(client, reader):
    m = MembershipFactory(position=P.KETUA)
    assert client.get(f"/kelembagaan/dewan/anggota/{m.pk}/akhiri/").status_code == 403
    assert (
        client.post(
            f"/kelembagaan/dewan/anggota/{m.pk}/akhiri/",
            {"end_date": "2026-04-30", "reason": MembershipEnd.RESIGNED},
        ).status_code
        == 403
    )
    m.refresh_from_db()
    assert m.end_date is None


def test_resource_person_pages(client, manager):
    person = PersonFactory(name="Prof. Data")
    response = client.post(
        "/kelembagaan/narasumber/tambah/", {"person": person.pk, "expertise": ""}
    )
    assert response.status_code == 400
    assert ResourcePerson.objects.count() == 0
    response = client.post(
        "/kelembagaan/narasumber/tambah/", {"person": person.pk, "expertise": "Sains data"}
    )
    assert response.status_code == 302
    rp = ResourcePerson.objects.get()
    page = body(client.get("/kelembagaan/narasumber/?q=sains"))
    assert "Prof. Data" in page
    assert "Prof. Data" not in body(client.get("/kelembagaan/narasumber/?q=zzz"))
    response = client.post(
        f"/kelembagaan/narasumber/{rp.pk}/ubah/", {"expertise": "IoT", "note": "", "is_active": ""}
    )
    assert response.status_code == 302
    rp.refresh_from_db()
    assert (rp.expertise, rp.is_active) == ("IoT", False)


def test_resource_person_add_refused_to_reader(client, reader):
    assert client.get("/kelembagaan/narasumber/tambah/").status_code == 403
    assert client.get("/kelembagaan/narasumber/").status_code == 200


def _team_with_members():
    team = TeamFactory()
    ketua = PersonFactory(name="Ketua Tim Uji")
    TeamMembership.objects.create(
        team=team, person=ketua, position=TeamPosition.KETUA, start_date=team.start_date
    )
    dimension = Dimension.objects.get(code="ECO")
    group = WorkingGroup.objects.create(team=team, dimension=dimension, name="Pokja Ekonomi Cerdas")
    TeamMembership.objects.create(
        team=team,
        person=PersonFactory(name="Koordinator Pokja Uji"),
        position=TeamPosition.KOORDINATOR_POKJA,
        working_group=group,
        start_date=team.start_date,
    )
    return team


def test_org_chart_draws_current_term_and_team(client):
    user = OfficerFactory()
    client.force_login(user)
    page = body(client.get("/kelembagaan/struktur/"))
    assert "Belum ada masa jabatan Dewan yang aktif." in page
    assert "Tim Pelaksana belum ditetapkan." in page
    term = complete_term()
    term.status = TermStatus.ACTIVE
    term.save()
    _team_with_members()
    ketua = term.memberships.get(position=P.KETUA).person
    page = body(client.get("/kelembagaan/struktur/"))
    assert page.count('data-testid="chart-commission"') == 6
    assert ketua.name in page
    assert "Komisi Lingkungan Hidup yang Cerdas" in page
    assert "Ketua Tim Uji" in page and "Pokja Ekonomi Cerdas" in page
    assert "Koordinator Pokja Uji" in page
    assert 'class="orgtree"' in page
    assert "Cetak" in page


def test_org_chart_query_count(client, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.EXECUTIVE]))
    term = complete_term()
    term.status = TermStatus.ACTIVE
    term.save()
    _team_with_members()
    with django_assert_max_num_queries(15):
        assert client.get("/kelembagaan/struktur/").status_code == 200


def test_helix_label_shown_in_structure(client, manager):
    term = CouncilTermFactory(decree=DecreeFactory())
    MembershipFactory(
        term=term,
        position=P.KETUA,
        organisation=OrganisationFactory(name="Kadin Uji", helix=Helix.DUNIA_USAHA),
    )
    page = body(client.get(f"/kelembagaan/dewan/{term.pk}/"))
    assert "Kadin Uji · Dunia usaha" in page
