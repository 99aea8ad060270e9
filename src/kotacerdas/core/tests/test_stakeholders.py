import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.demo import stakeholders as demo
from kotacerdas.core.models import Agency, AuditEvent, Helix, Organisation, Person, Role
from kotacerdas.core.selectors.stakeholders import organisation_list, person_list
from kotacerdas.core.services.stakeholders import (
    organisation_create,
    organisation_update,
    person_create,
    person_update,
)
from kotacerdas.core.tests.factories import (
    AdminFactory,
    OfficerFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_organisation_create_by_secretariat_is_audited():
    secretariat = UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])
    organisation = organisation_create(
        actor=secretariat,
        name="  Politeknik Uji  ",
        helix=Helix.AKADEMISI,
        kind="Perguruan tinggi",
        website="https://politeknik.contoh.invalid",
    )
    assert organisation.name == "Politeknik Uji"
    event = AuditEvent.objects.get(action="create", object_type="core.Organisation")
    assert event.actor_id == secretariat.pk
    assert event.changes["helix"] == "akademisi"


def test_organisation_create_by_officer_is_denied_and_writes_nothing():
    count = Organisation.objects.count()
    with pytest.raises(PermissionDenied):
        organisation_create(actor=OfficerFactory(), name="X", helix=Helix.MASYARAKAT)
    assert Organisation.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_organisation_create_bad_input_and_duplicate_write_nothing():
    admin = AdminFactory()
    count = Organisation.objects.count()
    with pytest.raises(ValidationError) as error:
        organisation_create(actor=admin, name="N" * 201, helix="bukan", email="salah")
    assert set(error.value.message_dict) == {"name", "helix", "email"}
    with pytest.raises(ValidationError) as error:
        organisation_create(actor=admin, name="Dinas Perhubungan", helix=Helix.PEMERINTAH)
    assert "__all__" in error.value.message_dict  # unique (name, helix)
    assert Organisation.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_organisation_update_records_diff():
    organisation = OrganisationFactory(helix=Helix.DUNIA_USAHA)
    organisation_update(
        actor=AdminFactory(), organisation=organisation, data={"phone": "021-5", "kind": "PT"}
    )
    organisation.refresh_from_db()
    assert (organisation.phone, organisation.kind) == ("021-5", "PT")
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"kind": ["", "PT"], "phone": ["", "021-5"]}


def test_government_organisation_name_follows_its_agency():
    organisation = Organisation.objects.get(agency__code="DISHUB")
    with pytest.raises(ValidationError):
        organisation_update(actor=AdminFactory(), organisation=organisation, data={"name": "X"})
    organisation.refresh_from_db()
    assert organisation.name == "Dinas Perhubungan"
    assert not AuditEvent.objects.exists()


def test_organisation_update_by_outsider_changes_nothing():
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        organisation_update(actor=UserFactory(), organisation=organisation, data={"kind": "X"})
    organisation.refresh_from_db()
    assert organisation.kind == ""
    assert not AuditEvent.objects.exists()


def test_person_create_and_update_are_audited():
    admin = AdminFactory()
    organisation = OrganisationFactory()
    person = person_create(
        actor=admin, name="Narasumber Uji", organisation=organisation, email="n@contoh.invalid"
    )
    person_update(actor=admin, person=person, data={"title": "Peneliti"})
    person.refresh_from_db()
    assert person.title == "Peneliti"
    assert list(
        AuditEvent.objects.filter(object_type="core.Person").values_list("action", flat=True)
    ) == ["create", "update"]
    assert AuditEvent.objects.get(action="update").changes == {"title": ["", "Peneliti"]}


def test_person_bad_input_and_denied_write_nothing():
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        person_update(actor=AdminFactory(), person=person, data={"email": "bukan-surel"})
    assert error.value.message_dict == {"email": ["Masukkan alamat email yang valid."]}
    with pytest.raises(PermissionDenied):
        person_create(actor=OfficerFactory(), name="X")
    person.refresh_from_db()
    assert person.email == ""
    assert Person.objects.count() == 1
    assert not AuditEvent.objects.exists()


def test_demo_stakeholders_are_marked_and_idempotent():
    demo.load()
    organisations = Organisation.objects.filter(is_demo=True)
    people = Person.objects.filter(is_demo=True)
    assert organisations.count() == 6
    assert people.count() == 4
    assert all("(Contoh)" in o.name for o in organisations)
    assert all("(Contoh)" in p.name for p in people)
    assert set(organisations.values_list("helix", flat=True)) == {
        Helix.AKADEMISI,
        Helix.MASYARAKAT,
        Helix.DUNIA_USAHA,
    }
    assert people.get(name="Agus Pratama (Contoh)").organisation.agency == Agency.objects.get(
        code="DISKOMINFOSTANDI"
    )
    events = AuditEvent.objects.count()
    assert events == 10
    demo.load()
    assert (Organisation.objects.filter(is_demo=True).count(), people.count()) == (6, 4)
    assert AuditEvent.objects.count() == events


def test_organisation_and_person_selectors_filter_by_helix():
    demo.load()
    assert organisation_list(helix=Helix.PEMERINTAH).count() == 44
    assert organisation_list(helix=Helix.AKADEMISI).count() == 2
    assert [p.name for p in person_list(helix=Helix.PEMERINTAH)] == ["Agus Pratama (Contoh)"]
    assert [p.name for p in person_list(search="banjir")] == ["Budi Santoso (Contoh)"]


def test_stakeholder_page_lists_by_helix_and_hides_contacts_from_anonymous(client):
    demo.load()
    response = client.get("/pemangku-kepentingan/?unsur=masyarakat")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Komunitas Peduli Kali Bekasi (Contoh)" in body
    assert "Universitas Bekasi Raya (Contoh)" not in body
    assert "Budi Santoso (Contoh)" in body
    assert "budi.santoso@contoh.invalid" not in body
    assert "0812-0000-0002" not in body
    assert "Surel dan telepon hanya tampil untuk petugas yang sudah masuk." in body


def test_stakeholder_page_shows_contacts_to_signed_in_staff(client):
    demo.load()
    client.force_login(OfficerFactory())
    body = client.get("/pemangku-kepentingan/?unsur=masyarakat").content.decode()
    assert "budi.santoso@contoh.invalid" in body
    assert "0812-0000-0002" in body


def test_stakeholder_page_government_helix_links_agencies_and_paginates(client):
    response = client.get("/pemangku-kepentingan/?unsur=pemerintah")
    assert response.status_code == 200
    assert response.context["organisations"].paginator.count == 44
    assert len(response.context["organisations"].object_list) == 25
    body = response.content.decode()
    assert 'href="/perangkat-daerah/BAPENDA/"' in body
    assert "Halaman 1 dari 2" in body
    second = client.get("/pemangku-kepentingan/?unsur=pemerintah&halaman=2")
    assert len(second.context["organisations"].object_list) == 19
