"""Demo Tim Pelaksana (Contoh): the team set by the demo decree, its leadership, a coordinator
and members for each pokja, the four support teams, masterplan demo programs assigned to the
pokja of their dimension, and about ten pre-Musrenbang assistance records for real agencies.

Written through the team services with the demo account `timpelaksana`, so every row is audited
like a real one. Idempotent: the team is found by its decree, members by person, assistance by
agency and date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count

from kotacerdas.core.models import Agency
from kotacerdas.institutions.demo import common
from kotacerdas.institutions.models import (
    Assistance,
    Decree,
    DecreeKind,
    ImplementationTeam,
    SupportTeamKind,
    TeamMembership,
    TeamPosition,
)
from kotacerdas.institutions.services import team as services
from kotacerdas.masterplan.models import Activity, Program

# (position, pokja dimension or support kind or "", name, title, agency code)
MEMBERS = [
    (TeamPosition.KETUA, "", "Hadi Kurniawan (Contoh)", "Sekretaris Daerah", "SETDA"),
    (TeamPosition.WAKIL_KETUA, "", "Sutrisno Wijaya (Contoh)", "Kepala Bappelitbangda",
     "BAPPELITBANGDA"),
    (TeamPosition.SEKRETARIS, "", "Ayu Pertiwi (Contoh)", "Kepala Diskominfostandi",
     "DISKOMINFOSTANDI"),
    (TeamPosition.KOORDINATOR_POKJA, "GOV", "Dimas Prakoso (Contoh)",
     "Kepala Bagian Organisasi Setda", "SETDA"),
    (TeamPosition.ANGGOTA_POKJA, "GOV", "Rina Marlina (Contoh)", "Sekretaris DPMPTSP",
     "DPMPTSP"),
    (TeamPosition.ANGGOTA_POKJA, "GOV", "Agung Setiabudi (Contoh)", "Kepala Bidang Dukcapil",
     "DISDUKCAPIL"),
    (TeamPosition.KOORDINATOR_POKJA, "BRA", "Melati Suryani (Contoh)", "Sekretaris Disbudpar",
     "DISBUDPAR"),
    (TeamPosition.ANGGOTA_POKJA, "BRA", "Yusuf Maulana (Contoh)", "Kepala Bidang Pariwisata",
     "DISBUDPAR"),
    (TeamPosition.KOORDINATOR_POKJA, "ECO", "Bagus Hermawan (Contoh)",
     "Sekretaris Diskop UKM", "DISKOPUKM"),
    (TeamPosition.ANGGOTA_POKJA, "ECO", "Lina Marlinda (Contoh)", "Kepala Bidang Perdagangan",
     "DISDAGPERIN"),
    (TeamPosition.KOORDINATOR_POKJA, "LIV", "Tri Wahyuni (Contoh)", "Sekretaris Dinas Kesehatan",
     "DINKES"),
    (TeamPosition.ANGGOTA_POKJA, "LIV", "Rudi Hartono (Contoh)", "Kepala Bidang Lalu Lintas",
     "DISHUB"),
    (TeamPosition.KOORDINATOR_POKJA, "SOC", "Nining Kurniasih (Contoh)",
     "Sekretaris Dinas Pendidikan", "DISDIK"),
    (TeamPosition.ANGGOTA_POKJA, "SOC", "Dedi Supriadi (Contoh)", "Kepala Bidang Dinas Sosial",
     "DINSOS"),
    (TeamPosition.KOORDINATOR_POKJA, "ENV", "Heru Susanto (Contoh)",
     "Sekretaris Dinas Lingkungan Hidup", "DLH"),
    (TeamPosition.ANGGOTA_POKJA, "ENV", "Fitriani Rahayu (Contoh)", "Kepala Seksi BPBD", "BPBD"),
    (TeamPosition.KOORDINATOR_PENUNJANG, SupportTeamKind.MIS, "Andi Saputra (Contoh)",
     "Kepala Bidang Aplikasi Informatika", "DISKOMINFOSTANDI"),
    (TeamPosition.KOORDINATOR_PENUNJANG, SupportTeamKind.INFRASTRUCTURE,
     "Wawan Gunawan (Contoh)", "Kepala Bidang Infrastruktur TIK", "DISKOMINFOSTANDI"),
    (TeamPosition.KOORDINATOR_PENUNJANG, SupportTeamKind.SATU_DATA, "Ratih Purwasih (Contoh)",
     "Kepala Bidang Statistik", "DISKOMINFOSTANDI"),
    (TeamPosition.ANGGOTA_PENUNJANG, SupportTeamKind.SATU_DATA, "Sigit Nugraha (Contoh)",
     "Perencana Ahli Muda", "BAPPELITBANGDA"),
    (TeamPosition.KOORDINATOR_PENUNJANG, SupportTeamKind.PUBLICATION,
     "Nova Anggraeni (Contoh)", "Kepala Bidang Informasi dan Komunikasi Publik",
     "DISKOMINFOSTANDI"),
]  # fmt: skip
PROGRAMS_PER_POKJA = 3
ASSISTANCE_COUNT = 10
PREFERRED_AGENCIES = ("DINKES", "DISHUB", "DLH", "DISDIK", "DPMPTSP", "DINSOS")


def _team(actor) -> tuple[ImplementationTeam | None, bool]:
    decree = Decree.objects.filter(kind=DecreeKind.TEAM, is_demo=True).order_by("-date").first()
    if decree is None:
        return None, False
    team = ImplementationTeam.objects.filter(decree=decree).first()
    if team is not None:
        return team, False
    team = services.team_create(
        actor=actor, decree=decree, name="Tim Pelaksana Kota Cerdas Kota Bekasi (Contoh)",
        is_demo=True,
    )  # fmt: skip
    return team, True


def _members(actor, team: ImplementationTeam) -> int:
    groups = {g.dimension.code: g for g in team.working_groups.select_related("dimension")}
    supports = {s.kind: s for s in team.support_teams.all()}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[m[4] for m in MEMBERS])}
    created = 0
    for position, unit, name, title, code in MEMBERS:
        agency = agencies.get(code)
        org = common.government_organisation(code)
        person = common.person(name, title, org)
        if TeamMembership.objects.filter(team=team, person=person).exists():
            continue
        services.team_member_add(
            actor=actor,
            team=team,
            person=person,
            position=position,
            working_group=groups.get(unit),
            support_team=supports.get(unit),
            agency=agency,
            start_date=team.start_date,
            is_demo=True,
        )
        created += 1
    common.link_user("timpelaksana", common.person(*MEMBERS[2][2:4], None))
    return created


def _programs(actor, team: ImplementationTeam) -> int:
    assigned = 0
    taken = set(
        team.working_groups.values_list("programs", flat=True).exclude(programs__isnull=True)
    )
    for group in team.working_groups.select_related("dimension"):
        if group.programs.exists():
            continue
        chosen = list(
            Program.objects.filter(is_demo=True, dimension=group.dimension)
            .exclude(pk__in=taken)
            .order_by("code", "id")
            .values_list("pk", flat=True)[:PROGRAMS_PER_POKJA]
        )
        if chosen:
            services.pokja_assign_programs(actor=actor, working_group=group, program_ids=chosen)
            assigned += len(chosen)
    return assigned


def _agencies_with_activities() -> list[Agency]:
    rows = (
        Activity.objects.filter(program__agency__isnull=False, program__is_demo=True)
        .values("program__agency")
        .annotate(n=Count("id"))
        .order_by("-n", "program__agency")
    )
    ids = [r["program__agency"] for r in rows]
    agencies = Agency.objects.in_bulk(ids)
    ordered = sorted(
        (agencies[i] for i in ids),
        key=lambda a: (a.code not in PREFERRED_AGENCIES, ids.index(a.pk)),
    )
    return ordered[:ASSISTANCE_COUNT]


def _assistance(actor, team: ImplementationTeam) -> int:
    today = common.today()
    created = 0
    for i, agency in enumerate(_agencies_with_activities()):
        day = today - dt.timedelta(days=12 + 27 * i)
        if Assistance.objects.filter(team=team, agency=agency, date=day).exists():
            continue
        if Assistance.objects.filter(team=team, agency=agency, is_demo=True).exists():
            continue  # loaded on an earlier day already
        activities = list(
            Activity.objects.filter(program__agency=agency)
            .order_by("code", "id")
            .values_list("pk", "name")[: 2 + i % 2]
        )
        items = "; ".join(name for _pk, name in activities)
        services.assistance_record(
            actor=actor,
            team=team,
            agency=agency,
            date=day,
            musrenbang_year=day.year if day.month <= 4 else day.year + 1,
            activity_ids=[pk for pk, _name in activities],
            discussion=(
                f"Contoh: Tim Pelaksana dan {agency.short_name or agency.name} membahas "
                f"keselarasan usulan Renja dengan peta jalan kota cerdas: {items}."
            ),
            follow_ups=(
                "Contoh: 1. Perangkat Daerah memasukkan kegiatan peta jalan ke usulan "
                "Musrenbang.\n2. Indikator kinerja diselaraskan dengan rencana induk.\n"
                "3. Data dukung dikirim ke Tim Satu Data dalam dua minggu."
            ),
            is_demo=True,
        )
        created += 1
    return created


@transaction.atomic
def load(*, stdout=None) -> None:
    actor = common.user("timpelaksana")
    if actor is None:
        common.say(stdout, "  Tim Pelaksana contoh dilewati: akun contoh timpelaksana tidak ada\n")
        return
    team, made = _team(actor)
    if team is None:
        common.say(stdout, "  Tim Pelaksana contoh dilewati: keputusan contoh tidak ada\n")
        return
    members = _members(actor, team)
    programs = _programs(actor, team)
    assistance = _assistance(actor, team)
    common.say(
        stdout,
        f"Tim Pelaksana contoh: {int(made)} tim, {members} anggota, {programs} program pokja, "
        f"{assistance} pendampingan dibuat.\n",
    )
