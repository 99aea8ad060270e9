"""/api/v1/institutions/elections: council elections (Pasal 11(2)-(4)).

`GET /status` gives every term with its election deadline, reminder dates, countdown and late
flag. The election endpoints follow the stages: start, team, candidates, screening, selection,
proposal (422 with the list of missing positions), decree (creates the next term). Reading needs
a council, team, secretariat or executive role; writing needs the secretariat or an administrator.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Organisation, Person
from kotacerdas.institutions.models import (
    Candidate,
    CandidateStatus,
    CouncilPosition,
    CouncilTerm,
    Decree,
    Election,
    ElectionStage,
    ElectionTeamRole,
)
from kotacerdas.institutions.permissions import require_read
from kotacerdas.institutions.selectors import elections as selectors
from kotacerdas.institutions.services import elections as services
from kotacerdas.masterplan.models import Dimension

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class StatusOut(Schema):
    term_id: int
    term_number: int
    term_status: str
    end_date: dt.date
    deadline: dt.date = Field(description="Hari terakhir pemilihan boleh dimulai")
    reminder_3m: dt.date
    reminder_1m: dt.date
    days_left: int = Field(description="Hari menuju batas mulai (negatif bila lewat)")
    started: bool
    started_late: bool
    is_late: bool = Field(description="Bendera merah: belum dimulai dan batas sudah lewat")
    needs_start: bool
    state: str
    election_id: int | None


def _status_out(s: selectors.ElectionStatus) -> dict[str, Any]:
    return {
        "term_id": s.term.pk,
        "term_number": s.term.number,
        "term_status": s.term.status,
        "end_date": s.end_date,
        "deadline": s.deadline,
        "reminder_3m": s.reminder_3m,
        "reminder_1m": s.reminder_1m,
        "days_left": s.days_left,
        "started": s.started,
        "started_late": s.started_late,
        "is_late": s.is_late,
        "needs_start": s.needs_start,
        "state": s.state,
        "election_id": s.election.pk if s.election else None,
    }


class TeamMemberOut(Schema):
    id: int
    person_id: int
    person_name: str
    role: ElectionTeamRole

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.name


class CandidateOut(Schema):
    id: int
    person_id: int
    person_name: str
    organisation_id: int
    helix: str
    position: CouncilPosition
    dimension_id: int | None
    status: CandidateStatus
    score: Decimal | None
    note: str

    @staticmethod
    def resolve_person_name(obj: Candidate) -> str:
        return obj.person.name


class ElectionOut(Schema):
    id: int
    ending_term_id: int
    stage: ElectionStage
    started_on: dt.date | None
    team_decree_id: int | None
    proposal_letter_id: int | None
    proposed_on: dt.date | None
    result_decree_id: int | None
    next_term_id: int | None
    note: str


class ElectionDetailOut(ElectionOut):
    team: list[TeamMemberOut]
    candidates: list[CandidateOut]
    missing_positions: list[str] = Field(description="Jabatan yang belum punya calon terpilih")

    @staticmethod
    def resolve_team(obj: Election) -> list[Any]:
        return list(selectors.election_team(obj))

    @staticmethod
    def resolve_candidates(obj: Election) -> list[Any]:
        return list(obj.candidates.select_related("person").order_by("position", "id"))

    @staticmethod
    def resolve_missing_positions(obj: Election) -> list[str]:
        return selectors.election_missing_positions(obj)


class StartIn(Schema):
    ending_term_id: int
    started_on: dt.date
    team_decree_id: int | None = None
    note: str = ""


class TeamIn(Schema):
    person_id: int
    role: ElectionTeamRole


class CandidateIn(Schema):
    person_id: int
    organisation_id: int
    position: CouncilPosition
    dimension_id: int | None = Field(None, description="Wajib untuk jabatan komisi")
    note: str = ""


class ScreenIn(Schema):
    passed: bool
    note: str = ""


class SelectIn(Schema):
    score: Decimal | None = None


class ProposeIn(Schema):
    proposed_on: dt.date


class DecreeIn(Schema):
    decree_id: int


def _election(request: HttpRequest, election_id: int) -> Election:
    return selectors.election_get(actor=request.user, pk=election_id)


def _candidate(request: HttpRequest, candidate_id: int) -> Candidate:
    return selectors.candidate_get(actor=request.user, pk=candidate_id)


def _optional(model, pk: int | None):
    return model.objects.filter(pk=pk).first() if pk is not None else None


@router.get(
    "/status",
    response=list[StatusOut],
    summary="Status pemilihan per masa jabatan",
    description="Setiap masa jabatan dengan batas mulai pemilihan berikutnya (satu bulan sebelum "
    "berakhir), tanggal pengingat, hitung mundur dan bendera terlambat. Berhalaman.",
)
@paginate(LimitOffsetPagination)
def election_status_list(request: HttpRequest) -> Any:
    require_read(request.user)
    return [_status_out(s) for s in selectors.election_overview()]


@router.get("", response=list[ElectionOut], summary="Daftar pemilihan")
@paginate(LimitOffsetPagination)
def election_list(request: HttpRequest) -> Any:
    require_read(request.user)
    return Election.objects.order_by("-ending_term__number")


@router.get("/{int:election_id}", response=ElectionDetailOut, summary="Rincian pemilihan")
def election_detail(request: HttpRequest, election_id: int) -> Any:
    return _election(request, election_id)


@router.post("", response={201: ElectionDetailOut}, summary="Mulai pemilihan")
def election_start(request: HttpRequest, payload: StartIn) -> Any:
    require_read(request.user)
    election = services.election_start(
        actor=request.user,
        ending_term=get_object_or_404(CouncilTerm, pk=payload.ending_term_id),
        started_on=payload.started_on,
        team_decree=_optional(Decree, payload.team_decree_id),
        note=payload.note,
    )
    return Status(201, election)


@router.post("/{int:election_id}/team", response={201: TeamMemberOut}, summary="Tambah anggota tim")
def election_team_add(request: HttpRequest, election_id: int, payload: TeamIn) -> Any:
    member = services.election_team_add(
        actor=request.user,
        election=_election(request, election_id),
        person=_optional(Person, payload.person_id),
        role=payload.role,
    )
    return Status(201, member)


@router.post(
    "/{int:election_id}/candidates",
    response={201: CandidateOut},
    summary="Daftarkan calon",
    description="Anggota tim pemilihan tidak dapat menjadi calon; satu orang satu jabatan.",
)
def candidate_add(request: HttpRequest, election_id: int, payload: CandidateIn) -> Any:
    candidate = services.candidate_add(
        actor=request.user,
        election=_election(request, election_id),
        person=_optional(Person, payload.person_id),
        organisation=_optional(Organisation, payload.organisation_id),
        position=payload.position,
        dimension=_optional(Dimension, payload.dimension_id),
        note=payload.note,
    )
    return Status(201, candidate)


@router.post(
    "/candidates/{int:candidate_id}/screen", response=CandidateOut, summary="Hasil penjaringan"
)
def candidate_screen(request: HttpRequest, candidate_id: int, payload: ScreenIn) -> Any:
    return services.candidate_screen(
        actor=request.user,
        candidate=_candidate(request, candidate_id),
        passed=payload.passed,
        note=payload.note,
    )


@router.post("/candidates/{int:candidate_id}/select", response=CandidateOut, summary="Pilih calon")
def candidate_select(request: HttpRequest, candidate_id: int, payload: SelectIn) -> Any:
    return services.candidate_select(
        actor=request.user, candidate=_candidate(request, candidate_id), score=payload.score
    )


@router.post(
    "/{int:election_id}/propose",
    response=ElectionDetailOut,
    summary="Usulkan kepada Wali Kota",
    description="Mencatat surat usulan keluar. 422 dengan daftar jabatan yang belum terisi bila "
    "belum lengkap.",
)
def election_propose(request: HttpRequest, election_id: int, payload: ProposeIn) -> Any:
    return services.election_propose(
        actor=request.user,
        election=_election(request, election_id),
        proposed_on=payload.proposed_on,
    )


@router.post(
    "/{int:election_id}/decree",
    response=ElectionDetailOut,
    summary="Catat Keputusan Wali Kota penetapan",
    description="Membentuk masa jabatan berikutnya (disusun) dengan calon terpilih sebagai "
    "anggota.",
)
def election_decree(request: HttpRequest, election_id: int, payload: DecreeIn) -> Any:
    election = _election(request, election_id)
    services.election_decree(
        actor=request.user,
        election=election,
        decree=get_object_or_404(Decree, pk=payload.decree_id),
    )
    election.refresh_from_db()
    return election
