"""Writes of the Tim Pelaksana (Pasal 13-14): the team set by decree, its Ketua, Wakil Ketua,
Sekretaris, six pokja (one per dimension) and four support teams; masterplan programs assigned to
pokja; the log of assistance to agencies before Musrenbang (Pasal 13d).

Every function checks `permissions.require_manage_team`, validates before writing (bad input
writes nothing) and records an audit event in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record, diff, snapshot
from kotacerdas.core.models import Agency, Person
from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import (
    Assistance,
    Decree,
    DecreeKind,
    ImplementationTeam,
    SupportTeam,
    SupportTeamKind,
    TeamMembership,
    TeamPosition,
    WorkingGroup,
)
from kotacerdas.masterplan.models import Activity, Dimension, Program

DEFAULT_TEAM_NAME = "Tim Pelaksana Kota Cerdas Kota Bekasi"

LEADERSHIP_POSITIONS = (TeamPosition.KETUA, TeamPosition.WAKIL_KETUA, TeamPosition.SEKRETARIS)
POKJA_POSITIONS = (TeamPosition.KOORDINATOR_POKJA, TeamPosition.ANGGOTA_POKJA)
SUPPORT_POSITIONS = (TeamPosition.KOORDINATOR_PENUNJANG, TeamPosition.ANGGOTA_PENUNJANG)
MAX_TEXT = 5000


def _tracked(obj: Any) -> dict[str, Any]:
    return {k: v for k, v in snapshot(obj).items() if k not in {"created_at", "updated_at"}}


def pokja_name(dimension: Dimension) -> str:
    """Pasal 14(2): "Pokja Smart Governance", ... (the names the city uses)."""
    return f"Pokja {dimension.name_en}"


@transaction.atomic
def team_create(
    *,
    actor: Any,
    decree: Decree | None,
    start_date: dt.date | None = None,
    name: str = DEFAULT_TEAM_NAME,
    is_demo: bool = False,
) -> ImplementationTeam:
    """Pasal 14(6): a team set by a Keputusan Wali Kota, with its six pokja and four support
    teams. The team active until then ends the day before the new one starts."""
    permissions.require_manage_team(actor)
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Nama tim wajib diisi.")
    if decree is None:
        errors["decree"] = _(
            "Tim Pelaksana ditetapkan dengan Keputusan Wali Kota; pilih keputusannya."
        )
    elif decree.kind != DecreeKind.TEAM:
        errors["decree"] = _("Keputusan ini bukan keputusan tentang Tim Pelaksana.")
    start_date = start_date or (decree.date if decree is not None else None)
    if start_date is None:
        errors["start_date"] = _("Tanggal mulai wajib diisi.")
    previous = list(
        ImplementationTeam.objects.select_for_update().filter(is_active=True).order_by("start_date")
    )
    if start_date is not None:
        for team in previous:
            if team.start_date >= start_date:
                errors["start_date"] = _(
                    "Tim aktif %(team)s mulai %(date)s; tim baru harus mulai sesudahnya."
                ) % {"team": team.name, "date": team.start_date.strftime("%d-%m-%Y")}
    dimensions = list(Dimension.objects.order_by("order"))
    if not dimensions:
        errors["__all__"] = _("Dimensi rencana induk belum dimuat; pokja tidak dapat dibentuk.")
    if errors:
        raise ValidationError(errors)
    for team in previous:
        before = _tracked(team)
        team.is_active = False
        team.end_date = start_date - dt.timedelta(days=1)
        team.save(update_fields=["is_active", "end_date", "updated_at"])
        audit_record(actor=actor, action="update", obj=team, changes=diff(before, _tracked(team)))
    team = ImplementationTeam.objects.create(
        name=name, decree=decree, start_date=start_date, is_active=True, is_demo=is_demo
    )
    WorkingGroup.objects.bulk_create(
        [WorkingGroup(team=team, dimension=d, name=pokja_name(d)) for d in dimensions]
    )
    SupportTeam.objects.bulk_create([SupportTeam(team=team, kind=k) for k in SupportTeamKind])
    changes = _tracked(team)
    changes["working_groups"] = [pokja_name(d) for d in dimensions]
    changes["support_teams"] = list(SupportTeamKind.values)
    audit_record(actor=actor, action="create", obj=team, changes=changes)
    return team


def _position_label(position: str) -> str:
    return str(TeamPosition(position).label)


def _holder_text(membership: TeamMembership) -> str:
    label = _position_label(membership.position)
    if membership.working_group_id:
        return f"{label} {membership.working_group.name}"
    if membership.support_team_id:
        return f"{label} {membership.support_team.get_kind_display()}"
    return label


def _membership_errors(
    *,
    team: ImplementationTeam,
    person: Person | None,
    position: str,
    working_group: WorkingGroup | None,
    support_team: SupportTeam | None,
    start_date: dt.date,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not team.is_active:
        errors["__all__"] = _("Tim ini sudah tidak aktif; anggotanya tidak dapat diubah.")
        return errors
    if person is None:
        errors["person"] = _("Pilih orangnya.")
    if position not in TeamPosition.values:
        errors["position"] = _("Pilih jabatan yang sah.")
        return errors
    if position in POKJA_POSITIONS:
        if working_group is None:
            errors["working_group"] = _("Jabatan pokja harus menyebut pokjanya.")
        elif working_group.team_id != team.pk:
            errors["working_group"] = _("Pokja ini bukan bagian dari tim ini.")
        if support_team is not None:
            errors["support_team"] = _("Jabatan pokja tidak berada di tim penunjang.")
    elif position in SUPPORT_POSITIONS:
        if support_team is None:
            errors["support_team"] = _("Jabatan tim penunjang harus menyebut tim penunjangnya.")
        elif support_team.team_id != team.pk:
            errors["support_team"] = _("Tim penunjang ini bukan bagian dari tim ini.")
        if working_group is not None:
            errors["working_group"] = _("Jabatan tim penunjang tidak berada di pokja.")
    else:
        if working_group is not None or support_team is not None:
            errors["position"] = _(
                "Ketua, Wakil Ketua dan Sekretaris tidak berada di pokja atau tim penunjang."
            )
    if start_date < team.start_date:
        errors["start_date"] = _("Tanggal mulai tidak boleh sebelum tim dibentuk (%(date)s).") % {
            "date": team.start_date.strftime("%d-%m-%Y")
        }
    if errors:
        return errors
    serving = TeamMembership.objects.select_related("person", "working_group", "support_team")
    serving = serving.filter(team=team, end_date__isnull=True)
    held = serving.filter(person=person).first()
    if held is not None:
        errors["person"] = _(
            "%(person)s sudah menjabat %(held)s di tim ini; satu orang memegang satu jabatan. "
            "Akhiri dulu jabatan itu."
        ) % {"person": person.name, "held": _holder_text(held)}
        return errors
    single = None
    if position in LEADERSHIP_POSITIONS:
        single = serving.filter(position=position).first()
    elif position == TeamPosition.KOORDINATOR_POKJA:
        single = serving.filter(position=position, working_group=working_group).first()
    elif position == TeamPosition.KOORDINATOR_PENUNJANG:
        single = serving.filter(position=position, support_team=support_team).first()
    if single is not None:
        errors["position"] = _(
            "%(held)s sudah dijabat %(person)s; akhiri dulu jabatan itu sebelum menunjuk "
            "penggantinya."
        ) % {"held": _holder_text(single), "person": single.person.name}
    return errors


@transaction.atomic
def team_member_add(
    *,
    actor: Any,
    team: ImplementationTeam,
    person: Person | None,
    position: str,
    working_group: WorkingGroup | None = None,
    support_team: SupportTeam | None = None,
    agency: Agency | None = None,
    start_date: dt.date | None = None,
    is_demo: bool = False,
) -> TeamMembership:
    """Pasal 14(1)-(4): one Ketua, one Wakil Ketua, one Sekretaris; one coordinator per pokja
    and per support team; a person holds one position in the team at a time."""
    permissions.require_manage_team(actor)
    team = ImplementationTeam.objects.select_for_update().get(pk=team.pk)
    start_date = start_date or timezone.localdate()
    errors = _membership_errors(
        team=team,
        person=person,
        position=position,
        working_group=working_group,
        support_team=support_team,
        start_date=start_date,
    )
    if errors:
        raise ValidationError(errors)
    membership = TeamMembership.objects.create(
        team=team,
        person=person,
        position=position,
        working_group=working_group,
        support_team=support_team,
        agency=agency,
        start_date=start_date,
        is_demo=is_demo,
    )
    audit_record(actor=actor, action="create", obj=membership, changes=_tracked(membership))
    return membership


@transaction.atomic
def team_member_end(
    *, actor: Any, membership: TeamMembership, end_date: dt.date | None = None
) -> TeamMembership:
    """End a position (resignation, transfer...): the row stays, so history is kept."""
    permissions.require_manage_team(actor)
    membership = TeamMembership.objects.select_for_update().get(pk=membership.pk)
    end_date = end_date or timezone.localdate()
    if membership.end_date is not None:
        raise ValidationError(
            _("Jabatan ini sudah berakhir pada %(date)s.")
            % {"date": membership.end_date.strftime("%d-%m-%Y")}
        )
    if end_date < membership.start_date:
        raise ValidationError(
            {"end_date": _("Tanggal berakhir tidak boleh sebelum tanggal mulai jabatan.")}
        )
    before = _tracked(membership)
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    audit_record(
        actor=actor, action="update", obj=membership, changes=diff(before, _tracked(membership))
    )
    return membership


@transaction.atomic
def pokja_assign_programs(
    *, actor: Any, working_group: WorkingGroup, program_ids: Iterable[int]
) -> WorkingGroup:
    """Set the masterplan programs of a pokja: only programs of the pokja's dimension, and a
    program sits in at most one pokja of a team."""
    permissions.require_manage_team(actor)
    working_group = (
        WorkingGroup.objects.select_for_update()
        .select_related("dimension")
        .get(pk=working_group.pk)
    )
    try:
        wanted = {int(pk) for pk in program_ids}
    except (TypeError, ValueError) as exc:
        raise ValidationError({"programs": _("Daftar program tidak valid.")}) from exc
    programs = {p.pk: p for p in Program.objects.filter(pk__in=wanted)}
    errors: list[str] = []
    missing = sorted(wanted - programs.keys())
    if missing:
        errors.append(
            _("Program tidak ditemukan: %(ids)s.") % {"ids": ", ".join(map(str, missing))}
        )
    wrong = [p for p in programs.values() if p.dimension_id != working_group.dimension_id]
    for program in sorted(wrong, key=lambda p: p.code):
        errors.append(
            _("Program %(program)s bukan program dimensi %(dimension)s.")
            % {"program": f"{program.code} {program.name}", "dimension": working_group.dimension}
        )
    elsewhere = (
        WorkingGroup.programs.through.objects.filter(
            workinggroup__team_id=working_group.team_id, program_id__in=programs.keys()
        )
        .exclude(workinggroup_id=working_group.pk)
        .select_related("workinggroup", "program")
    )
    for row in elsewhere:
        errors.append(
            _("Program %(program)s sudah ditugaskan ke %(pokja)s.")
            % {"program": f"{row.program.code} {row.program.name}", "pokja": row.workinggroup.name}
        )
    if errors:
        raise ValidationError({"programs": errors})
    before = sorted(working_group.programs.values_list("pk", flat=True))
    working_group.programs.set(programs.values())
    after = sorted(programs.keys())
    if before != after:
        audit_record(
            actor=actor, action="update", obj=working_group, changes={"programs": [before, after]}
        )
    return working_group


def _assistance_clean(
    *,
    team: ImplementationTeam | None,
    agency: Agency | None,
    date: dt.date | None,
    musrenbang_year: int | None,
    activity_ids: Iterable[int],
    follow_ups: str,
    discussion: str,
) -> tuple[dict[str, Any], list[Activity]]:
    """The validated fields of an assistance record (texts stripped) and its activities; raises
    ValidationError with every problem at once."""
    discussion = (discussion or "").strip()
    follow_ups = (follow_ups or "").strip()
    errors: dict[str, Any] = {}
    if team is None:
        errors["team"] = _("Belum ada Tim Pelaksana yang aktif.")
    if agency is None:
        errors["agency"] = _("Pilih Perangkat Daerah yang didampingi.")
    if date is None:
        errors["date"] = _("Tanggal pendampingan wajib diisi.")
    elif date > timezone.localdate():
        errors["date"] = _("Pendampingan dicatat setelah terlaksana; tanggalnya belum tiba.")
    if musrenbang_year is None:
        errors["musrenbang_year"] = _("Tahun Musrenbang wajib diisi.")
    elif date is not None and musrenbang_year not in (date.year, date.year + 1):
        errors["musrenbang_year"] = _(
            "Pendampingan pra-Musrenbang berlaku untuk Musrenbang tahun %(a)s atau %(b)s."
        ) % {"a": date.year, "b": date.year + 1}
    if not follow_ups:
        errors["follow_ups"] = _("Tindak lanjut yang disepakati wajib diisi.")
    if len(follow_ups) > MAX_TEXT or len(discussion) > MAX_TEXT:
        errors["discussion"] = _("Teks terlalu panjang (paling banyak %(n)s karakter).") % {
            "n": MAX_TEXT
        }
    try:
        wanted = {int(pk) for pk in activity_ids}
    except (TypeError, ValueError):
        errors["activities"] = _("Daftar butir peta jalan tidak valid.")
        raise ValidationError(errors) from None
    activities = list(Activity.objects.select_related("program").filter(pk__in=wanted))
    missing = wanted - {a.pk for a in activities}
    if missing:
        errors["activities"] = _("Butir peta jalan tidak ditemukan: %(ids)s.") % {
            "ids": ", ".join(map(str, sorted(missing)))
        }
    elif agency is not None:
        foreign = [a for a in activities if agency.pk not in (a.agency_id, a.program.agency_id)]
        if foreign:
            errors["activities"] = _(
                "Butir peta jalan berikut bukan program %(agency)s: %(items)s."
            ) % {
                "agency": agency.name,
                "items": "; ".join(f"{a.code} {a.name}" for a in foreign),
            }
    if errors:
        raise ValidationError(errors)
    fields = {
        "agency": agency,
        "date": date,
        "musrenbang_year": musrenbang_year,
        "discussion": discussion,
        "follow_ups": follow_ups,
    }
    return fields, activities


@transaction.atomic
def assistance_record(
    *,
    actor: Any,
    team: ImplementationTeam | None,
    agency: Agency | None,
    date: dt.date | None,
    musrenbang_year: int | None,
    activity_ids: Iterable[int] = (),
    discussion: str = "",
    follow_ups: str = "",
    is_demo: bool = False,
) -> Assistance:
    """Pasal 13d: the team's assistance to an agency before Musrenbang — the roadmap items
    (activities of that agency's programs) discussed and the follow-ups agreed."""
    permissions.require_manage_team(actor)
    fields, activities = _assistance_clean(
        team=team,
        agency=agency,
        date=date,
        musrenbang_year=musrenbang_year,
        activity_ids=activity_ids,
        follow_ups=follow_ups,
        discussion=discussion,
    )
    assistance = Assistance.objects.create(
        team=team,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        is_demo=is_demo,
        **fields,
    )
    assistance.activities.set(activities)
    changes = _tracked(assistance)
    changes["activities"] = sorted(a.pk for a in activities)
    audit_record(actor=actor, action="create", obj=assistance, changes=changes)
    return assistance


@transaction.atomic
def assistance_update(
    *,
    actor: Any,
    assistance: Assistance,
    agency: Agency | None,
    date: dt.date | None,
    musrenbang_year: int | None,
    activity_ids: Iterable[int] = (),
    discussion: str = "",
    follow_ups: str = "",
) -> Assistance:
    permissions.require_manage_team(actor)
    assistance = Assistance.objects.select_for_update().get(pk=assistance.pk)
    fields, activities = _assistance_clean(
        team=assistance.team,
        agency=agency,
        date=date,
        musrenbang_year=musrenbang_year,
        activity_ids=activity_ids,
        follow_ups=follow_ups,
        discussion=discussion,
    )
    before = _tracked(assistance)
    before["activities"] = sorted(assistance.activities.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(assistance, name, value)
    assistance.save()
    assistance.activities.set(activities)
    after = _tracked(assistance)
    after["activities"] = sorted(a.pk for a in activities)
    changes = diff(before, after)
    if changes:
        audit_record(actor=actor, action="update", obj=assistance, changes=changes)
    return assistance
