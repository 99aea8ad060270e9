"""The member directory: people who hold or held an institutional role, and every role of one
person over time (council, Tim Pelaksana, elections, narasumber, meetings attended)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kotacerdas.core.models import Person
from kotacerdas.institutions.models import (
    Attendance,
    Candidate,
    CouncilMembership,
    ElectionStage,
    ElectionTeamMember,
    ResourcePerson,
    TeamMembership,
)


class RoleKind:
    COUNCIL = "council"
    TEAM = "team"
    CANDIDATE = "candidate"
    ELECTION_TEAM = "election_team"
    RESOURCE_PERSON = "resource_person"
    MEETING = "meeting"


@dataclass(frozen=True)
class PersonRole:
    kind: str
    kind_label: str
    title: str  # the position, e.g. "Ketua Komisi"
    body: str  # where, e.g. "Komisi Ekonomi Cerdas — Dewan Kota Cerdas periode 2"
    start: dt.date | None
    end: dt.date | None  # None: still running (or a one-day event when start is set)
    detail: str = ""
    term_id: int | None = None
    meeting_id: int | None = None

    @property
    def is_current(self) -> bool:
        return self.end is None and self.kind not in (RoleKind.MEETING, RoleKind.CANDIDATE)


def _council_roles(person: Person) -> list[PersonRole]:
    roles = []
    for m in CouncilMembership.objects.filter(person=person).select_related(
        "term", "commission", "organisation"
    ):
        body = _("Dewan Kota Cerdas periode %(n)s") % {"n": m.term.number}
        if m.commission is not None:
            body = f"{m.commission.name} — {body}"
        detail = _("mewakili %(org)s (unsur %(unsur)s)") % {
            "org": m.organisation.name,
            "unsur": m.get_helix_display().lower(),
        }
        if m.end_reason:
            detail += "; " + _("berakhir: %(reason)s") % {"reason": m.get_end_reason_display()}
        roles.append(
            PersonRole(
                RoleKind.COUNCIL,
                _("Dewan Kota Cerdas"),
                m.get_position_display(),
                body,
                m.start_date,
                m.end_date,
                detail,
                term_id=m.term_id,
            )
        )
    return roles


def _team_roles(person: Person) -> list[PersonRole]:
    roles = []
    for m in TeamMembership.objects.filter(person=person).select_related(
        "team", "working_group", "support_team", "agency"
    ):
        body = m.team.name
        if m.working_group is not None:
            body = f"{m.working_group.name} — {body}"
        elif m.support_team is not None:
            body = f"{m.support_team.get_kind_display()} — {body}"
        roles.append(
            PersonRole(
                RoleKind.TEAM,
                _("Tim Pelaksana"),
                m.get_position_display(),
                body,
                m.start_date,
                m.end_date or m.team.end_date,
                m.agency.name if m.agency else "",
            )
        )
    return roles


def _election_roles(person: Person) -> list[PersonRole]:
    roles = []
    for seat in ElectionTeamMember.objects.filter(person=person).select_related(
        "election__ending_term"
    ):
        election = seat.election
        finished = election.stage in (ElectionStage.DECREED, ElectionStage.CANCELLED)
        roles.append(
            PersonRole(
                RoleKind.ELECTION_TEAM,
                _("Tim pemilihan"),
                seat.get_role_display(),
                str(election),
                election.started_on,
                (election.proposed_on or election.updated_at.date()) if finished else None,
                election.get_stage_display(),
            )
        )
    for c in Candidate.objects.filter(person=person).select_related(
        "election__ending_term", "dimension", "organisation"
    ):
        title = c.get_position_display()
        if c.dimension is not None:
            title = f"{title} ({c.dimension.name_id})"
        roles.append(
            PersonRole(
                RoleKind.CANDIDATE,
                _("Calon anggota Dewan"),
                title,
                str(c.election),
                c.election.started_on,
                c.election.proposed_on,
                c.get_status_display(),
            )
        )
    return roles


def _resource_roles(person: Person) -> list[PersonRole]:
    resource = ResourcePerson.objects.filter(person=person).first()
    if resource is None:
        return []
    return [
        PersonRole(
            RoleKind.RESOURCE_PERSON,
            _("Narasumber"),
            _("Narasumber") if resource.is_active else _("Narasumber (tidak aktif)"),
            resource.expertise,
            resource.created_at.date(),
            None if resource.is_active else resource.updated_at.date(),
            resource.note,
        )
    ]


def _meeting_roles(person: Person) -> list[PersonRole]:
    roles = []
    for a in (
        Attendance.objects.filter(person=person, present=True)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    ):
        day = a.meeting.starts_at.date()
        roles.append(
            PersonRole(
                RoleKind.MEETING,
                _("Rapat yang dihadiri"),
                a.get_role_display(),
                a.meeting.title,
                day,
                day,
                a.meeting.get_kind_display(),
                meeting_id=a.meeting_id,
            )
        )
    return roles


def person_roles(person: Person) -> list[PersonRole]:
    """Every institutional role of `person` over time, newest first (meetings last by date)."""
    roles = (
        _council_roles(person)
        + _team_roles(person)
        + _election_roles(person)
        + _resource_roles(person)
        + _meeting_roles(person)
    )
    return sorted(roles, key=lambda r: (r.start or dt.date.min, r.kind), reverse=True)


def _has_role() -> Q:
    return (
        Q(Exists(CouncilMembership.objects.filter(person=OuterRef("pk"))))
        | Q(Exists(TeamMembership.objects.filter(person=OuterRef("pk"))))
        | Q(Exists(ResourcePerson.objects.filter(person=OuterRef("pk"))))
        | Q(Exists(Candidate.objects.filter(person=OuterRef("pk"))))
        | Q(Exists(ElectionTeamMember.objects.filter(person=OuterRef("pk"))))
    )


def directory(
    q: str | None = None, helix: str | None = None, current_only: bool = False
) -> QuerySet[Person]:
    """People who hold or held an institutional role; `q` searches name, title, organisation
    and expertise; `helix` matches the person's organisation or a council seat of that helix."""
    queryset = (
        Person.objects.filter(_has_role())
        .select_related("organisation")
        .annotate(
            in_council=Exists(
                CouncilMembership.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
            ),
            in_team=Exists(
                TeamMembership.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
            ),
            is_resource=Exists(
                ResourcePerson.objects.filter(person=OuterRef("pk"), is_active=True)
            ),
        )
        .order_by("name", "pk")
    )
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q)
            | Q(title__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(expertise__icontains=q)
        )
    if helix:
        queryset = queryset.filter(
            Q(organisation__helix=helix)
            | Q(Exists(CouncilMembership.objects.filter(person=OuterRef("pk"), helix=helix)))
        )
    if current_only:
        queryset = queryset.filter(Q(in_council=True) | Q(in_team=True) | Q(is_resource=True))
    return queryset


def directory_person(pk: int) -> Person:
    """One person of the directory (404-able `Person.DoesNotExist` for anyone without a role)."""
    return directory().get(pk=pk)
