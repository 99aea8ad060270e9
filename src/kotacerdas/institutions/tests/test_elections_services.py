"""Election services (Pasal 11(2)-(4)): start, team, candidates, screening and selection, the
proposal (refused with the list of missing positions) and the decree that creates the next term.
Bad input gives a clear message and writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kotacerdas.core.models import AuditEvent, Helix, Role
from kotacerdas.core.tests.factories import OrganisationFactory, PersonFactory, UserFactory
from kotacerdas.institutions.models import (
    Candidate,
    CandidateStatus,
    CouncilMembership,
    CouncilPosition,
    CouncilTerm,
    Election,
    ElectionStage,
    ElectionTeamMember,
    ElectionTeamRole,
    Letter,
    TermStatus,
)
from kotacerdas.institutions.selectors import elections as selectors
from kotacerdas.institutions.services import elections as services
from kotacerdas.institutions.tests.factories import (
    CouncilTermFactory,
    DecreeFactory,
    MembershipFactory,
)
from kotacerdas.masterplan.models import Dimension

pytestmark = pytest.mark.django_db

P = CouncilPosition


@pytest.fixture
def actor():
    return UserFactory(roles=[Role.COUNCIL_SECRETARIAT])


@pytest.fixture
def term():
    return CouncilTermFactory(number=1, start_date=dt.date(2026, 1, 5), status=TermStatus.ACTIVE)


@pytest.fixture
def election(actor, term):
    return services.election_start(actor=actor, ending_term=term, started_on=dt.date(2028, 9, 1))


def _world():
    return (
        Election.objects.count(),
        ElectionTeamMember.objects.count(),
        list(Candidate.objects.order_by("pk").values_list("pk", "status")),
        CouncilTerm.objects.count(),
        CouncilMembership.objects.count(),
        Letter.objects.count(),
        AuditEvent.objects.count(),
    )


def _candidate(actor, election, position, dimension=None, **kwargs):
    organisation = kwargs.pop("organisation", None) or OrganisationFactory(helix=Helix.AKADEMISI)
    return services.candidate_add(
        actor=actor,
        election=election,
        person=kwargs.pop("person", None) or PersonFactory(),
        organisation=organisation,
        position=position,
        dimension=dimension,
    )


def _selected(actor, election, position, dimension=None):
    candidate = _candidate(actor, election, position, dimension)
    services.candidate_screen(actor=actor, candidate=candidate, passed=True)
    return services.candidate_select(actor=actor, candidate=candidate)


def _full_slate(actor, election, *, skip=()):
    for slot in selectors.needed_slots():
        for _i in range(slot.capacity):
            if (slot.position, slot.dimension.code if slot.dimension else None) in skip:
                skip = tuple(
                    s for s in skip if s != (slot.position, slot.dimension and slot.dimension.code)
                )
                continue
            _selected(actor, election, slot.position, slot.dimension)


def test_start_records_the_election(actor, term):
    election = services.election_start(
        actor=actor, ending_term=term, started_on=dt.date(2028, 9, 1)
    )
    assert election.stage == ElectionStage.TEAM
    assert AuditEvent.objects.filter(action="election.start").count() == 1


def test_start_twice_refused(actor, term, election):
    before = _world()
    with pytest.raises(ValidationError, match="sudah dimulai"):
        services.election_start(actor=actor, ending_term=term, started_on=dt.date(2028, 9, 2))
    assert _world() == before


def test_start_of_a_draft_term_refused(actor):
    draft = CouncilTermFactory(status=TermStatus.DRAFT)
    with pytest.raises(ValidationError, match="belum aktif"):
        services.election_start(actor=actor, ending_term=draft, started_on=dt.date(2026, 2, 1))
    assert not Election.objects.exists()


def test_start_needs_manager(term):
    with pytest.raises(PermissionDenied):
        services.election_start(
            actor=UserFactory(roles=[Role.COUNCIL_MEMBER]),
            ending_term=term,
            started_on=dt.date(2028, 9, 1),
        )
    assert not Election.objects.exists()


def test_previous_chair_is_suggested(term):
    ketua = MembershipFactory(term=term, position=P.KETUA)
    assert selectors.previous_chair(term) == ketua.person


def test_team_member_cannot_be_candidate(actor, election):
    person = PersonFactory(name="Budi Tim")
    services.election_team_add(
        actor=actor, election=election, person=person, role=ElectionTeamRole.GOVERNMENT
    )
    before = _world()
    with pytest.raises(ValidationError) as info:
        _candidate(actor, election, P.KETUA, person=person)
    assert info.value.message_dict["person"] == [
        "Budi Tim adalah anggota tim pemilihan dan tidak dapat menjadi calon."
    ]
    assert _world() == before


def test_candidate_cannot_join_the_team(actor, election):
    candidate = _candidate(actor, election, P.KETUA)
    before = _world()
    with pytest.raises(ValidationError, match="calon tidak boleh menjadi anggota tim"):
        services.election_team_add(
            actor=actor, election=election, person=candidate.person, role="other"
        )
    assert _world() == before


def test_only_one_previous_chair(actor, election):
    services.election_team_add(
        actor=actor, election=election, person=PersonFactory(), role="previous_chair"
    )
    with pytest.raises(ValidationError, match="sudah tercatat"):
        services.election_team_add(
            actor=actor, election=election, person=PersonFactory(), role="previous_chair"
        )


def test_person_is_candidate_for_one_position_only(actor, election):
    candidate = _candidate(actor, election, P.KETUA)
    before = _world()
    with pytest.raises(ValidationError, match="satu jabatan dalam satu pemilihan"):
        _candidate(actor, election, P.SEKRETARIS, person=candidate.person)
    assert _world() == before


def test_commission_position_needs_its_dimension(actor, election):
    with pytest.raises(ValidationError) as info:
        _candidate(actor, election, P.ANGGOTA_KOMISI)
    assert "dimension" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        _candidate(actor, election, P.KETUA, Dimension.objects.first())
    assert "dimension" in info.value.message_dict


def test_stages_move_forward_only(actor, election):
    candidate = _candidate(actor, election, P.KETUA)
    election.refresh_from_db()
    assert election.stage == ElectionStage.SCREENING
    services.candidate_screen(actor=actor, candidate=candidate, passed=True)
    services.candidate_select(actor=actor, candidate=candidate)
    election.refresh_from_db()
    assert election.stage == ElectionStage.SELECTION
    _candidate(actor, election, P.WAKIL_KETUA)  # a late registration does not go back
    election.refresh_from_db()
    assert election.stage == ElectionStage.SELECTION


def test_screening_rejection_needs_a_reason(actor, election):
    candidate = _candidate(actor, election, P.KETUA)
    with pytest.raises(ValidationError):
        services.candidate_screen(actor=actor, candidate=candidate, passed=False)
    services.candidate_screen(actor=actor, candidate=candidate, passed=False, note="Tidak hadir")
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REJECTED
    with pytest.raises(ValidationError, match="Hanya calon yang lolos"):
        services.candidate_select(actor=actor, candidate=candidate)


def test_selection_respects_capacity(actor, election):
    _selected(actor, election, P.KETUA)
    second = _candidate(actor, election, P.KETUA)
    services.candidate_screen(actor=actor, candidate=second, passed=True)
    with pytest.raises(ValidationError, match="sudah terisi"):
        services.candidate_select(actor=actor, candidate=second)


def test_propose_refused_with_the_missing_list(actor, election):
    economy = Dimension.objects.get(code="ECO")
    _full_slate(actor, election, skip=((P.KETUA, None), (P.ANGGOTA_KOMISI, "ECO")))
    before = _world()
    with pytest.raises(ValidationError) as info:
        services.election_propose(actor=actor, election=election, proposed_on=dt.date(2028, 11, 1))
    assert info.value.messages == [
        "Ketua Dewan: belum ada calon terpilih",
        f"Anggota Komisi — Komisi {economy.name_id}: 1 calon terpilih kurang",
    ]
    assert _world() == before


def test_propose_registers_the_letter_and_decree_creates_the_next_term(actor, election, term):
    _full_slate(actor, election)
    spare = _candidate(actor, election, P.KETUA)
    services.candidate_screen(actor=actor, candidate=spare, passed=True)
    election = services.election_propose(
        actor=actor, election=election, proposed_on=dt.date(2028, 11, 1)
    )
    assert election.stage == ElectionStage.PROPOSED
    letter = election.proposal_letter
    assert letter.direction == "out" and letter.recipient == services.MAYOR
    spare.refresh_from_db()
    assert spare.status == CandidateStatus.NOT_SELECTED
    with pytest.raises(ValidationError):  # no more candidates once proposed
        _candidate(actor, election, P.WAKIL_KETUA)

    decree = DecreeFactory(date=dt.date(2029, 1, 5), kind="election")
    new_term = services.election_decree(actor=actor, election=election, decree=decree)
    assert new_term.number == 2 and new_term.start_date == dt.date(2029, 1, 5)
    assert new_term.status == TermStatus.DRAFT
    assert new_term.memberships.count() == 33
    assert new_term.memberships.filter(position=P.ANGGOTA_KOMISI).count() == 18
    assert set(new_term.memberships.values_list("decree", flat=True)) == {decree.pk}
    election.refresh_from_db()
    assert election.stage == ElectionStage.DECREED and election.next_term == new_term
    from kotacerdas.institutions.selectors.council import term_composition_problems

    composition = term_composition_problems(new_term, new_term.start_date)
    assert not [p for p in composition if "kurang" in p or "belum ada" in p]


def test_decree_before_proposal_refused(actor, election):
    before = _world()
    with pytest.raises(ValidationError, match="setelah usulan"):
        services.election_decree(actor=actor, election=election, decree=DecreeFactory())
    assert _world() == before


def test_decree_with_a_used_decree_writes_nothing(actor, election, term):
    _full_slate(actor, election)
    services.election_propose(actor=actor, election=election, proposed_on=dt.date(2028, 11, 1))
    used = DecreeFactory()
    term.decree = used
    term.save()
    before = _world()
    with pytest.raises(ValidationError):
        services.election_decree(actor=actor, election=election, decree=used)
    assert _world() == before
