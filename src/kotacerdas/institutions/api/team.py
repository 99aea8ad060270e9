"""/api/v1/institutions/team/ — the Tim Pelaksana (Pasal 13-14) and its pre-Musrenbang
assistance log (Pasal 13d).

Reads of the team need the institutions read permission; writes need `can_manage_team`. The
assistance log is scoped in the selector: an agency officer reads only their agency's records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.models import Agency, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    SupportTeam,
    TeamMembership,
    TeamPosition,
    WorkingGroup,
)
from kotacerdas.institutions.selectors import team as selectors
from kotacerdas.institutions.services import team as services

router = Router(auth=[TokenAuth(), VerifiedSessionAuth()])


class PersonOut(Schema):
    id: int
    name: str
    title: str


class WorkingGroupOut(Schema):
    id: int
    name: str
    dimension_code: str
    coordinator: PersonOut | None
    members: list[PersonOut]
    programs_count: int


class SupportTeamOut(Schema):
    id: int
    kind: str
    name: str
    coordinator: PersonOut | None
    members: list[PersonOut]


class TeamOut(Schema):
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None
    is_active: bool
    decree_number: str | None
    is_demo: bool


class ChartOut(Schema):
    team: TeamOut
    ketua: PersonOut | None
    wakil_ketua: PersonOut | None
    sekretaris: PersonOut | None
    working_groups: list[WorkingGroupOut]
    support_teams: list[SupportTeamOut]


class MembershipOut(Schema):
    id: int
    person: PersonOut
    position: TeamPosition
    working_group_id: int | None
    support_team_id: int | None
    agency_id: int | None
    start_date: dt.date
    end_date: dt.date | None


class MembershipIn(Schema):
    person_id: int
    position: TeamPosition
    working_group_id: int | None = None
    support_team_id: int | None = None
    agency_id: int | None = None
    start_date: dt.date | None = Field(None, description="Kosong: hari ini")


class MembershipEndIn(Schema):
    end_date: dt.date | None = Field(None, description="Kosong: hari ini")


class ProgramOut(Schema):
    id: int
    code: str
    name: str
    agency_id: int | None


class ProgramsIn(Schema):
    program_ids: list[int] = Field(description="Program rencana induk dimensi pokja ini")


class AssistanceOut(Schema):
    id: int
    team_id: int
    agency_id: int
    agency_name: str
    date: dt.date
    musrenbang_year: int
    activity_ids: list[int]
    discussion: str
    follow_ups: str
    is_demo: bool

    @staticmethod
    def resolve_agency_name(obj: Any) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_activity_ids(obj: Any) -> list[int]:
        return sorted(a.pk for a in obj.activities.all())


class AssistancePage(Schema):
    total: int
    limit: int
    offset: int
    items: list[AssistanceOut]


class AssistanceFilter(Schema):
    agency: int | None = Field(None, description="id Perangkat Daerah")
    musrenbang_year: int | None = None
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0)


class AssistanceIn(Schema):
    agency_id: int
    date: dt.date
    musrenbang_year: int
    activity_ids: list[int] = []
    discussion: str = ""
    follow_ups: str


def _person(person: Person | None) -> dict | None:
    if person is None:
        return None
    return {"id": person.pk, "name": person.name, "title": person.title}


def _chart(chart: dict) -> dict:
    team = chart["team"]
    return {
        "team": {
            "id": team.pk,
            "name": team.name,
            "start_date": team.start_date,
            "end_date": team.end_date,
            "is_active": team.is_active,
            "decree_number": team.decree.number if team.decree else None,
            "is_demo": team.is_demo,
        },
        "ketua": _person(chart["ketua"]),
        "wakil_ketua": _person(chart["wakil_ketua"]),
        "sekretaris": _person(chart["sekretaris"]),
        "working_groups": [
            {
                "id": g["id"],
                "name": g["name"],
                "dimension_code": g["dimension"].code,
                "coordinator": _person(g["coordinator"]),
                "members": [_person(p) for p in g["members"]],
                "programs_count": g["programs_count"],
            }
            for g in chart["working_groups"]
        ],
        "support_teams": [
            {
                "id": s["id"],
                "kind": s["kind"],
                "name": s["name"],
                "coordinator": _person(s["coordinator"]),
                "members": [_person(p) for p in s["members"]],
            }
            for s in chart["support_teams"]
        ],
    }


def _membership(m: TeamMembership) -> dict:
    return {
        "id": m.pk,
        "person": _person(m.person),
        "position": m.position,
        "working_group_id": m.working_group_id,
        "support_team_id": m.support_team_id,
        "agency_id": m.agency_id,
        "start_date": m.start_date,
        "end_date": m.end_date,
    }


def _current_or_404():
    team = selectors.current_team()
    if team is None:
        raise Http404
    return team


@router.get(
    "/current",
    response=ChartOut,
    summary="Tim Pelaksana yang aktif dan bagannya",
    description="Pimpinan, enam pokja dan empat tim penunjang (Pasal 14). 404 bila belum ada.",
)
def team_current(request: HttpRequest) -> Any:
    permissions.require_read(request.user)
    return _chart(selectors.team_chart(_current_or_404()))


@router.get(
    "/members",
    response=list[MembershipOut],
    summary="Anggota Tim Pelaksana yang sedang menjabat",
)
def member_list(request: HttpRequest) -> Any:
    permissions.require_read(request.user)
    return [_membership(m) for m in selectors.team_members(_current_or_404())]


@router.post(
    "/members",
    response={201: MembershipOut},
    summary="Tambah anggota Tim Pelaksana",
    description=(
        "Satu Ketua, Wakil Ketua dan Sekretaris; satu koordinator per pokja dan per tim "
        "penunjang; satu jabatan per orang. 422 dengan pesan bila melanggar."
    ),
)
def member_add(request: HttpRequest, payload: MembershipIn) -> Any:
    permissions.require_manage_team(request.user)
    team = _current_or_404()
    membership = services.team_member_add(
        actor=request.user,
        team=team,
        person=get_object_or_404(Person, pk=payload.person_id),
        position=payload.position,
        working_group=get_object_or_404(WorkingGroup, pk=payload.working_group_id)
        if payload.working_group_id
        else None,
        support_team=get_object_or_404(SupportTeam, pk=payload.support_team_id)
        if payload.support_team_id
        else None,
        agency=get_object_or_404(Agency, pk=payload.agency_id) if payload.agency_id else None,
        start_date=payload.start_date,
    )
    return 201, _membership(membership)


@router.post(
    "/members/{membership_id}/end",
    response=MembershipOut,
    summary="Akhiri jabatan anggota (riwayat tetap tersimpan)",
)
def member_end(request: HttpRequest, membership_id: int, payload: MembershipEndIn) -> Any:
    permissions.require_manage_team(request.user)
    membership = get_object_or_404(
        TeamMembership.objects.select_related("person"), pk=membership_id
    )
    membership = services.team_member_end(
        actor=request.user, membership=membership, end_date=payload.end_date
    )
    return _membership(membership)


@router.get(
    "/working-groups/{group_id}/programs",
    response=list[ProgramOut],
    summary="Program rencana induk yang ditugaskan ke pokja",
)
def pokja_programs(request: HttpRequest, group_id: int) -> Any:
    permissions.require_read(request.user)
    return list(selectors.working_group_programs(selectors.working_group_get(group_id)))


@router.put(
    "/working-groups/{group_id}/programs",
    response=list[ProgramOut],
    summary="Tetapkan program pokja",
    description=(
        "Mengganti seluruh daftar. Hanya program dimensi pokja; satu program di satu pokja per tim."
    ),
)
def pokja_programs_set(request: HttpRequest, group_id: int, payload: ProgramsIn) -> Any:
    permissions.require_manage_team(request.user)
    group = services.pokja_assign_programs(
        actor=request.user,
        working_group=selectors.working_group_get(group_id),
        program_ids=payload.program_ids,
    )
    return list(selectors.working_group_programs(group))


@router.get(
    "/assistance",
    response=AssistancePage,
    summary="Pendampingan pra-Musrenbang (Pasal 13 huruf d)",
    description="Petugas Perangkat Daerah hanya melihat pendampingan Perangkat Daerahnya.",
)
def assistance_list(request: HttpRequest, filters: Query[AssistanceFilter]) -> Any:
    queryset = selectors.assistance_for(
        request.user, {"agency_id": filters.agency, "musrenbang_year": filters.musrenbang_year}
    ).prefetch_related("activities")
    total = queryset.count()
    items = list(queryset[filters.offset : filters.offset + filters.limit])
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get(
    "/assistance/{assistance_id}",
    response=AssistanceOut,
    summary="Satu catatan pendampingan",
)
def assistance_detail(request: HttpRequest, assistance_id: int) -> Any:
    return selectors.assistance_get(request.user, assistance_id)


@router.post(
    "/assistance",
    response={201: AssistanceOut},
    summary="Catat pendampingan pra-Musrenbang",
    description="Butir peta jalan harus kegiatan program Perangkat Daerah yang didampingi.",
)
def assistance_create(request: HttpRequest, payload: AssistanceIn) -> Any:
    permissions.require_manage_team(request.user)
    assistance = services.assistance_record(
        actor=request.user,
        team=selectors.current_team(),
        agency=get_object_or_404(Agency, pk=payload.agency_id),
        date=payload.date,
        musrenbang_year=payload.musrenbang_year,
        activity_ids=payload.activity_ids,
        discussion=payload.discussion,
        follow_ups=payload.follow_ups,
    )
    return 201, assistance
