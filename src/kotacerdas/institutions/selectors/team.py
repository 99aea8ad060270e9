"""Reads of the Tim Pelaksana (Pasal 13-14) and its assistance log (Pasal 13d).

`current_team` and `team_chart` are public: the organisation chart of the council pages calls
them. The assistance log is scoped here: an agency officer sees only their own agency's
assistance; the team, the council, the secretariat, executives and administrators see all.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from kotacerdas.core import permissions as core_permissions
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    Assistance,
    ImplementationTeam,
    SupportTeam,
    TeamMembership,
    TeamPosition,
    WorkingGroup,
)
from kotacerdas.masterplan.models import Activity, Program


def current_team() -> ImplementationTeam | None:
    """The newest active team, or None."""
    return (
        ImplementationTeam.objects.select_related("decree")
        .filter(is_active=True)
        .order_by("-start_date", "-id")
        .first()
    )


def team_members(team: ImplementationTeam, *, serving_only: bool = True) -> QuerySet:
    """The team's memberships (serving ones only unless `serving_only` is False)."""
    queryset = TeamMembership.objects.filter(team=team).select_related(
        "person", "person__organisation", "agency", "working_group", "support_team"
    )
    if serving_only:
        queryset = queryset.filter(end_date__isnull=True)
    return queryset.order_by("position", "start_date", "id")


def team_chart(team: ImplementationTeam | None) -> dict[str, Any]:
    """The team's structure for an organisation chart, in three queries:

    {"team", "ketua", "wakil_ketua", "sekretaris" (Person or None),
     "working_groups": [{"id", "name", "dimension", "coordinator", "members", "programs_count"}],
     "support_teams": [{"id", "kind", "name", "coordinator", "members"}]}
    """
    chart: dict[str, Any] = {
        "team": team,
        "ketua": None,
        "wakil_ketua": None,
        "sekretaris": None,
        "working_groups": [],
        "support_teams": [],
    }
    if team is None:
        return chart
    coordinators: dict[tuple[str, int], Any] = {}
    members: dict[tuple[str, int], list] = defaultdict(list)
    for membership in team_members(team):
        person = membership.person
        position = membership.position
        if position in (TeamPosition.KETUA, TeamPosition.WAKIL_KETUA, TeamPosition.SEKRETARIS):
            chart[position] = person
        elif position == TeamPosition.KOORDINATOR_POKJA:
            coordinators[("wg", membership.working_group_id)] = person
        elif position == TeamPosition.ANGGOTA_POKJA:
            members[("wg", membership.working_group_id)].append(person)
        elif position == TeamPosition.KOORDINATOR_PENUNJANG:
            coordinators[("st", membership.support_team_id)] = person
        elif position == TeamPosition.ANGGOTA_PENUNJANG:
            members[("st", membership.support_team_id)].append(person)
    groups = (
        WorkingGroup.objects.filter(team=team)
        .select_related("dimension")
        .annotate(programs_count=Count("programs"))
        .order_by("dimension__order")
    )
    chart["working_groups"] = [
        {
            "id": group.pk,
            "name": group.name,
            "dimension": group.dimension,
            "coordinator": coordinators.get(("wg", group.pk)),
            "members": sorted(members[("wg", group.pk)], key=lambda p: p.name),
            "programs_count": group.programs_count,
        }
        for group in groups
    ]
    chart["support_teams"] = [
        {
            "id": support.pk,
            "kind": support.kind,
            "name": support.get_kind_display(),
            "coordinator": coordinators.get(("st", support.pk)),
            "members": sorted(members[("st", support.pk)], key=lambda p: p.name),
        }
        for support in SupportTeam.objects.filter(team=team).order_by("id")
    ]
    return chart


def working_group_get(pk: int) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.select_related("team", "dimension"), pk=pk)


def working_group_programs(group: WorkingGroup) -> QuerySet:
    return group.programs.select_related("agency", "organisation").order_by("code", "id")


def program_choices(group: WorkingGroup) -> list[dict[str, Any]]:
    """The masterplan programs of the pokja's dimension, each with the pokja of this team that
    holds it (None when free), for the assignment checklist."""
    held_by = dict(
        WorkingGroup.programs.through.objects.filter(
            workinggroup__team_id=group.team_id, program__dimension_id=group.dimension_id
        ).values_list("program_id", "workinggroup__name")
    )
    own = set(group.programs.values_list("pk", flat=True))
    programs = (
        Program.objects.filter(dimension_id=group.dimension_id)
        .select_related("agency", "organisation")
        .order_by("code", "id")
    )
    return [
        {
            "program": program,
            "checked": program.pk in own,
            "elsewhere": held_by.get(program.pk) if program.pk not in own else None,
        }
        for program in programs
    ]


# --- assistance (Pasal 13d) -------------------------------------------------------------------


def _assistance_scope(user: Any, queryset: QuerySet) -> QuerySet:
    if user is None or not user.is_authenticated:
        return queryset.none()
    if permissions.can_read(user):
        return queryset
    scope = core_permissions.agency_scope_ids(user)
    if scope is None:
        return queryset
    return queryset.filter(agency_id__in=scope)


def assistance_for(user: Any, filters: dict[str, Any] | None = None) -> QuerySet:
    """The assistance log the user may read, newest first. Filters: agency_id,
    musrenbang_year, team_id, search."""
    filters = filters or {}
    queryset = _assistance_scope(
        user,
        Assistance.objects.select_related("agency", "team", "recorded_by").annotate(
            activities_count=Count("activities")
        ),
    )
    if filters.get("agency_id"):
        queryset = queryset.filter(agency_id=filters["agency_id"])
    if filters.get("musrenbang_year"):
        queryset = queryset.filter(musrenbang_year=filters["musrenbang_year"])
    if filters.get("team_id"):
        queryset = queryset.filter(team_id=filters["team_id"])
    if filters.get("search"):
        term = filters["search"]
        queryset = queryset.filter(Q(discussion__icontains=term) | Q(follow_ups__icontains=term))
    return queryset.order_by("-date", "-id")


def assistance_get(user: Any, pk: int) -> Assistance:
    """404 when it does not exist or lies outside the user's scope."""
    return get_object_or_404(assistance_for(user), pk=pk)


def assistance_activities(assistance: Assistance) -> QuerySet:
    return assistance.activities.select_related("program").order_by("code", "id")


def assistance_years(user: Any) -> list[int]:
    return sorted(set(assistance_for(user).values_list("musrenbang_year", flat=True)), reverse=True)


def agency_activities(agency_id: int) -> QuerySet:
    """The roadmap items (activities) of an agency's programs, for the assistance form."""
    return (
        Activity.objects.filter(Q(program__agency_id=agency_id) | Q(agency_id=agency_id))
        .select_related("program")
        .order_by("code", "id")
    )
