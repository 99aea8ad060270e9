"""Council services and composition rules: term creation, members (capacity, incompatible
positions, helix), replacement with history, activation refused with every missing item."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Helix, Role
from kotacerdas.core.tests.factories import (
    AdminFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kotacerdas.institutions.models import (
    Commission,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    MembershipEnd,
    ResourcePerson,
    TermStatus,
)
from kotacerdas.institutions.selectors import council as selectors
from kotacerdas.institutions.services import council as services
from kotacerdas.institutions.tests.council_fixtures import complete_term
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    DecreeFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db
P = CouncilPosition


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def term():
    decree = DecreeFactory(date=dt.date(2026, 1, 5))
    return CouncilTermFactory(decree=decree, start_date=decree.date)


def org(helix=Helix.AKADEMISI):
    return OrganisationFactory(helix=helix)


def add(term, **kwargs):
    """membership_add by an administrator, a new person from an academia organisation unless
    given."""
    kwargs.setdefault("person", PersonFactory())
    kwargs.setdefault("organisation", org())
    return services.membership_add(actor=AdminFactory(), term=term, **kwargs)


def counts():
    return (
        CouncilMembership.objects.count(),
        AuditEvent.objects.count(),
        CouncilTerm.objects.count(),
    )


def commission(term, code="ECO"):
    return term.commissions.get(dimension__code=code)


# --- term_create --------------------------------------------------------------------------------


def test_term_create_dates_and_six_komisi(admin):
    decree = DecreeFactory(date=dt.date(2024, 2, 29))
    term = services.term_create(actor=admin, number=7, decree=decree)
    assert term.start_date == dt.date(2024, 2, 29)
    assert term.end_date == dt.date(2027, 2, 28)
    assert term.status == TermStatus.DRAFT
    names = list(term.commissions.order_by("dimension__order").values_list("name", flat=True))
    assert len(names) == 6
    assert "Komisi Ekonomi Cerdas" in names
    assert AuditEvent.objects.filter(object_type="institutions.CouncilTerm").count() == 1


def test_term_create_refuses_duplicate_number_and_missing_decree(admin):
    CouncilTermFactory(number=3)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.term_create(actor=admin, number=3, decree=None)
    assert "Periode 3 sudah ada." in exc.value.message_dict["number"]
    assert "decree" in exc.value.message_dict
    assert counts() == before


def test_term_create_requires_manager():
    with pytest.raises(PermissionDenied):
        services.term_create(
            actor=UserFactory(roles=[Role.COUNCIL_MEMBER]), number=1, decree=DecreeFactory()
        )
    assert CouncilTerm.objects.count() == 0


# --- membership_add ------------------------------------------------------------------------------


def test_member_outside_any_helix_is_refused(admin, term):
    person = PersonFactory(organisation=None)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.membership_add(
            actor=admin, term=term, person=person, organisation=None, position=P.KETUA
        )
    assert "di luar unsur pentahelix" in exc.value.message_dict["organisation"][0]
    assert counts() == before


def test_member_of_organisation_without_helix_is_refused(admin, term):
    organisation = OrganisationFactory(helix="")
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(term, organisation=organisation, position=P.KETUA)
    assert "di luar unsur pentahelix" in exc.value.message_dict["organisation"][0]
    assert counts() == before


def test_helix_is_taken_from_organisation(admin, term):
    m = add(term, organisation=org(Helix.DUNIA_USAHA), position=P.WAKIL_KETUA)
    assert m.helix == Helix.DUNIA_USAHA
    assert m.start_date == term.start_date
    assert AuditEvent.objects.filter(object_type="institutions.CouncilMembership").count() == 1


def test_organisation_defaults_to_persons_own(admin, term):
    own = org(Helix.MASYARAKAT)
    m = add(term, person=PersonFactory(organisation=own), organisation=None, position=P.KETUA)
    assert m.organisation == own and m.helix == Helix.MASYARAKAT


def test_commission_rules(admin, term):
    other = CouncilTermFactory()
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(term, position=P.ANGGOTA_KOMISI)
    assert "harus menyebut komisinya" in exc.value.message_dict["commission"][0]
    with pytest.raises(ValidationError) as exc:
        add(term, position=P.ANGGOTA_KOMISI, commission=commission(other))
    assert "bukan bagian dari masa jabatan ini" in exc.value.message_dict["commission"][0]
    with pytest.raises(ValidationError) as exc:
        add(term, position=P.KETUA, commission=commission(term))
    assert "kosongkan komisi" in exc.value.message_dict["commission"][0]
    assert counts() == before


def test_start_date_must_be_inside_term(admin, term):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(term, position=P.KETUA, start_date=term.end_date + dt.timedelta(days=1))
    assert "di dalam masa jabatan" in exc.value.message_dict["start_date"][0]
    assert counts() == before


def test_komisi_capacity_three_anggota(admin, term):
    eco = commission(term)
    for _ in range(3):
        add(term, position=P.ANGGOTA_KOMISI, commission=eco)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(term, position=P.ANGGOTA_KOMISI, commission=eco)
    assert exc.value.message_dict["position"] == ["Komisi Ekonomi Cerdas sudah memiliki 3 anggota."]
    assert counts() == before
    # another komisi still has room
    add(term, position=P.ANGGOTA_KOMISI, commission=commission(term, "GOV"))


@pytest.mark.parametrize(
    ("position", "in_komisi", "message"),
    [
        (P.KETUA, False, "Jabatan Ketua Dewan sudah terisi."),
        (P.WAKIL_KETUA, False, "Jabatan Wakil Ketua Dewan sudah terisi."),
        (P.SEKRETARIS, False, "Jabatan Sekretaris Dewan sudah terisi."),
        (P.KETUA_KOMISI, True, "Komisi Ekonomi Cerdas sudah memiliki ketua."),
        (P.SEKRETARIS_KOMISI, True, "Komisi Ekonomi Cerdas sudah memiliki sekretaris."),
    ],
)
def test_single_seat_capacity(admin, term, position, in_komisi, message):
    kom = commission(term) if in_komisi else None
    add(term, position=position, commission=kom)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(term, position=position, commission=kom)
    assert exc.value.message_dict["position"] == [message]
    assert counts() == before


def test_capacity_frees_up_after_a_member_ends(admin, term):
    eco = commission(term)
    first = add(term, position=P.KETUA_KOMISI, commission=eco)
    services.membership_end(
        actor=admin, membership=first, end_date=dt.date(2026, 6, 30), reason=MembershipEnd.RESIGNED
    )
    with pytest.raises(ValidationError):  # overlaps the first until 30 June
        add(term, position=P.KETUA_KOMISI, commission=eco, start_date=dt.date(2026, 6, 30))
    second = add(term, position=P.KETUA_KOMISI, commission=eco, start_date=dt.date(2026, 7, 1))
    assert second.start_date == dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("first", "second", "held"),
    [
        ((P.KETUA, None), (P.KETUA_KOMISI, "ECO"), "Ketua"),
        ((P.KETUA_KOMISI, "ECO"), (P.KETUA, None), "Ketua Komisi (Komisi Ekonomi Cerdas)"),
        ((P.ANGGOTA_KOMISI, "ECO"), (P.ANGGOTA_KOMISI, "GOV"), "Anggota Komisi (Komisi Ekonomi"),
        ((P.SEKRETARIS, None), (P.WAKIL_KETUA, None), "Sekretaris"),
    ],
)
def test_incompatible_positions(admin, term, first, second, held):
    person = PersonFactory(name="Budi Rangkap")
    add(
        term,
        person=person,
        position=first[0],
        commission=commission(term, first[1]) if first[1] else None,
    )
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add(
            term,
            person=person,
            position=second[0],
            commission=commission(term, second[1]) if second[1] else None,
        )
    message = exc.value.message_dict["person"][0]
    assert message.startswith(f"Budi Rangkap sudah menjabat sebagai {held}")
    assert "satu jabatan" in message
    assert counts() == before


def test_a_person_may_take_another_position_after_the_first_ended(admin, term):
    person = PersonFactory()
    m = services.membership_add(
        actor=admin, term=term, person=person, organisation=org(), position=P.SEKRETARIS
    )
    services.membership_end(
        actor=admin, membership=m, end_date=dt.date(2026, 3, 31), reason=MembershipEnd.MOVED
    )
    add(term, person=person, position=P.WAKIL_KETUA, start_date=dt.date(2026, 4, 1))
    assert person.council_memberships.count() == 2


def test_same_person_in_two_terms_is_fine(admin, term):
    person = PersonFactory()
    other = CouncilTermFactory(start_date=dt.date(2029, 1, 5))
    services.membership_add(
        actor=admin, term=term, person=person, organisation=org(), position=P.KETUA
    )
    services.membership_add(
        actor=admin, term=other, person=person, organisation=org(), position=P.KETUA
    )


def test_membership_add_requires_manager(term):
    for roles in ([Role.COUNCIL_MEMBER], [Role.TEAM_MEMBER], [Role.EXECUTIVE], []):
        with pytest.raises(PermissionDenied):
            services.membership_add(
                actor=UserFactory(roles=roles),
                term=term,
                person=PersonFactory(),
                organisation=org(),
                position=P.KETUA,
            )
    assert CouncilMembership.objects.count() == 0
    secretariat = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    services.membership_add(
        actor=secretariat, term=term, person=PersonFactory(), organisation=org(), position=P.KETUA
    )


# --- end / replace -----------------------------------------------------------------------------


def test_membership_end_validation_writes_nothing(admin, term):
    m = MembershipFactory(term=term, position=P.KETUA)
    before = counts()
    for end, reason, field in [
        (term.start_date - dt.timedelta(days=1), MembershipEnd.RESIGNED, "end_date"),
        (term.end_date + dt.timedelta(days=1), MembershipEnd.RESIGNED, "end_date"),
        (dt.date(2026, 5, 1), "bogus", "reason"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.membership_end(actor=admin, membership=m, end_date=end, reason=reason)
        assert field in exc.value.message_dict
    assert counts() == before
    m.refresh_from_db()
    assert m.end_date is None


def test_replacement_keeps_history(admin, term):
    eco = commission(term)
    old = add(term, person=PersonFactory(name="Lama"), position=P.ANGGOTA_KOMISI, commission=eco)
    newcomer = PersonFactory(name="Baru")
    new = services.membership_replace(
        actor=admin,
        membership=old,
        person=newcomer,
        organisation=org(Helix.MASYARAKAT),
        date=dt.date(2026, 9, 1),
    )
    old.refresh_from_db()
    assert old.end_date == dt.date(2026, 8, 31)
    assert old.end_reason == MembershipEnd.REPLACED
    assert new.replaces == old
    assert (new.position, new.commission, new.start_date) == (
        P.ANGGOTA_KOMISI,
        eco,
        dt.date(2026, 9, 1),
    )
    assert new.helix == Helix.MASYARAKAT
    assert term.memberships.count() == 2  # nothing deleted
    on_old = selectors.term_structure(term, dt.date(2026, 8, 31))["commissions"]
    on_new = selectors.term_structure(term, dt.date(2026, 9, 1))["commissions"]
    eco_old = next(c for c in on_old if c["commission"] == eco)
    eco_new = next(c for c in on_new if c["commission"] == eco)
    assert [m.person.name for m in eco_old["anggota"]] == ["Lama"]
    assert [m.person.name for m in eco_new["anggota"]] == ["Baru"]


def test_failed_replacement_writes_nothing(admin, term):
    busy = PersonFactory(name="Sibuk")
    services.membership_add(
        actor=admin, term=term, person=busy, organisation=org(), position=P.KETUA
    )
    old = services.membership_add(
        actor=admin, term=term, person=PersonFactory(), organisation=org(), position=P.SEKRETARIS
    )
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.membership_replace(
            actor=admin, membership=old, person=busy, organisation=org(), date=dt.date(2026, 5, 1)
        )
    assert "Sibuk sudah menjabat sebagai Ketua" in exc.value.message_dict["person"][0]
    old.refresh_from_db()
    assert old.end_date is None  # the ending was rolled back with the refused appointment
    assert counts() == before
    with pytest.raises(ValidationError):
        services.membership_replace(
            actor=admin,
            membership=old,
            person=PersonFactory(),
            organisation=org(),
            date=old.start_date,
        )
    assert counts() == before


# --- composition and activation --------------------------------------------------------------


def test_empty_term_lists_every_missing_item(term):
    problems = selectors.term_composition_problems(term)
    assert "Ketua Dewan belum ada" in problems
    assert "Wakil Ketua Dewan belum ada" in problems
    assert "Sekretaris Dewan belum ada" in problems
    for c in term.commissions.all():
        assert f"{c.name}: ketua belum ada" in problems
        assert f"{c.name}: sekretaris belum ada" in problems
        assert f"{c.name}: 3 anggota kurang" in problems
    for unsur in ("pemerintah", "akademisi", "masyarakat", "dunia usaha"):
        assert f"unsur {unsur} belum terwakili" in problems
    assert len(problems) == 3 + 6 * 3 + 4


def test_complete_term_has_no_problems():
    term = complete_term()
    assert term.memberships.count() == 33
    assert selectors.term_composition_problems(term) == []


def test_one_missing_anggota_and_one_helix():
    term = complete_term()
    eco = commission(term)
    leaving = term.memberships.filter(commission=eco, position=P.ANGGOTA_KOMISI).first()
    leaving.end_date = dt.date(2026, 6, 30)
    leaving.end_reason = MembershipEnd.RESIGNED
    leaving.save()
    assert selectors.term_composition_problems(term, dt.date(2026, 6, 30)) == []
    assert selectors.term_composition_problems(term, dt.date(2026, 7, 1)) == [
        "Komisi Ekonomi Cerdas: 1 anggota kurang"
    ]
    term.memberships.filter(helix=Helix.DUNIA_USAHA).update(helix=Helix.AKADEMISI)
    assert "unsur dunia usaha belum terwakili" in selectors.term_composition_problems(term)


def test_government_must_come_through_staf_ahli():
    term = complete_term()
    gov = term.memberships.filter(helix=Helix.PEMERINTAH).select_related("person")
    first = gov[0].person
    first.title = "Kepala Bidang"
    first.name = "Pak Kabid"
    first.save()
    problems = selectors.term_composition_problems(term)
    assert problems == [
        "Pak Kabid mewakili unsur pemerintah tetapi bukan Staf Ahli Wali Kota "
        "(jabatan: Kepala Bidang)"
    ]


def test_activating_incomplete_term_writes_nothing(admin, term):
    MembershipFactory(term=term, position=P.KETUA)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.term_activate(actor=admin, term=term)
    messages = exc.value.messages
    assert "Wakil Ketua Dewan belum ada" in messages
    assert "Komisi Ekonomi Cerdas: 3 anggota kurang" in messages
    assert "unsur dunia usaha belum terwakili" in messages
    term.refresh_from_db()
    assert term.status == TermStatus.DRAFT
    assert counts() == before


def test_activating_without_decree_is_refused(admin):
    term = complete_term(CouncilTermFactory(decree=None))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.term_activate(actor=admin, term=term)
    assert exc.value.messages == ["Keputusan Wali Kota yang menetapkan Dewan belum dicatat"]
    assert counts() == before


def test_complete_term_activates_and_ends_previous(admin):
    old = complete_term()
    services.term_activate(actor=admin, term=old)
    old.refresh_from_db()
    assert old.status == TermStatus.ACTIVE and old.activated_at is not None
    assert selectors.current_term(dt.date(2026, 6, 1)) == old
    decree = DecreeFactory(date=old.end_date + dt.timedelta(days=1))
    new = services.term_create(actor=admin, number=old.number + 1, decree=decree)
    complete_term(new)
    services.term_activate(actor=admin, term=new)
    old.refresh_from_db()
    assert old.status == TermStatus.ENDED
    assert not old.memberships.filter(end_date__isnull=True).exists()
    assert set(old.memberships.values_list("end_reason", flat=True)) == {MembershipEnd.TERM_ENDED}
    assert set(old.memberships.values_list("end_date", flat=True)) == {old.end_date}
    assert selectors.current_term(new.start_date) == new
    assert selectors.current_term(old.start_date) is None
    with pytest.raises(ValidationError):
        services.term_activate(actor=admin, term=new)  # already active


def test_activate_requires_manager():
    term = complete_term()
    with pytest.raises(PermissionDenied):
        services.term_activate(actor=UserFactory(roles=[Role.COUNCIL_MEMBER]), term=term)
    term.refresh_from_db()
    assert term.status == TermStatus.DRAFT


def test_term_structure_query_count(django_assert_max_num_queries):
    term = complete_term()
    with django_assert_max_num_queries(2):
        structure = selectors.term_structure(term)
    assert structure["ketua"] is not None
    assert all(
        c["ketua"] and c["sekretaris"] and len(c["anggota"]) == 3 for c in structure["commissions"]
    )
    assert Commission.objects.filter(term=term).count() == 6


# --- resource persons -------------------------------------------------------------------------


def test_resource_person_add_and_update(admin):
    person = PersonFactory(name="Dr. Narasumber")
    rp = services.resource_person_add(actor=admin, person=person, expertise="Tata kelola data")
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.resource_person_add(actor=admin, person=person, expertise="x")
    assert "sudah terdaftar sebagai narasumber" in exc.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as exc:
        services.resource_person_add(actor=admin, person=PersonFactory(), expertise="  ")
    assert "expertise" in exc.value.message_dict
    assert counts() == before
    assert ResourcePerson.objects.count() == 1
    services.resource_person_update(
        actor=admin, resource_person=rp, expertise="IoT", is_active=False
    )
    rp.refresh_from_db()
    assert (rp.expertise, rp.is_active) == ("IoT", False)
    with pytest.raises(PermissionDenied):
        services.resource_person_add(
            actor=UserFactory(roles=[Role.COUNCIL_MEMBER]), person=PersonFactory(), expertise="x"
        )
