"""Tim Pelaksana services (Pasal 13-14): composition, incompatible positions, pokja programs of
the right dimension only, assistance activities of the assisted agency only. Every refusal gives
a clear message and writes nothing (no row, no audit event)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kotacerdas.core.models import AuditEvent, Role
from kotacerdas.core.tests.factories import AgencyFactory, PersonFactory, UserFactory
from kotacerdas.institutions.models import (
    Assistance,
    DecreeKind,
    ImplementationTeam,
    SupportTeamKind,
    TeamMembership,
    TeamPosition,
)
from kotacerdas.institutions.selectors.team import current_team, team_chart
from kotacerdas.institutions.services import team as services
from kotacerdas.institutions.tests.factories import DecreeFactory
from kotacerdas.masterplan.models import Dimension
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    PriorityProgramFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db

P = TeamPosition


@pytest.fixture
def actor():
    return UserFactory(roles=[Role.TEAM_MEMBER.value])


@pytest.fixture
def team(actor):
    decree = DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2025, 1, 6))
    return services.team_create(actor=actor, decree=decree)


def refused(call, **kwargs):
    """Run `call`, expect a ValidationError, and check nothing was written."""
    counts = (TeamMembership.objects.count(), Assistance.objects.count())
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        call(**kwargs)
    assert (TeamMembership.objects.count(), Assistance.objects.count()) == counts
    assert AuditEvent.objects.count() == audits
    return " ".join(info.value.messages)


def program_of(code):
    dimension = Dimension.objects.get(code=code)
    return ProgramFactory(priority_program=PriorityProgramFactory(dimension=dimension))


def test_team_create_makes_six_pokja_four_support_teams_and_ends_previous(actor, team):
    assert team.working_groups.count() == 6
    assert sorted(team.working_groups.values_list("name", flat=True))[0].startswith("Pokja Smart")
    assert set(team.support_teams.values_list("kind", flat=True)) == set(SupportTeamKind.values)
    decree = DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2026, 2, 1))
    newer = services.team_create(actor=actor, decree=decree)
    team.refresh_from_db()
    assert not team.is_active and team.end_date == dt.date(2026, 1, 31)
    assert current_team() == newer


def test_team_create_needs_a_team_decree(actor):
    with pytest.raises(ValidationError) as info:
        services.team_create(actor=actor, decree=DecreeFactory(kind=DecreeKind.COUNCIL))
    assert "bukan keputusan tentang Tim Pelaksana" in str(info.value)
    assert ImplementationTeam.objects.count() == 0


def test_team_create_refuses_a_start_before_the_active_team(actor, team):
    decree = DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.team_create(actor=actor, decree=decree)
    assert ImplementationTeam.objects.count() == 1


def test_one_ketua_at_a_time(actor, team):
    first = services.team_member_add(
        actor=actor, team=team, person=PersonFactory(), position=P.KETUA
    )
    message = refused(
        services.team_member_add, actor=actor, team=team, person=PersonFactory(), position=P.KETUA
    )
    assert "Ketua sudah dijabat" in message
    services.team_member_end(actor=actor, membership=first)
    services.team_member_add(actor=actor, team=team, person=PersonFactory(), position=P.KETUA)
    assert TeamMembership.objects.filter(position=P.KETUA).count() == 2  # history kept


def test_one_coordinator_per_pokja_but_several_pokja(actor, team):
    gov, bra = list(team.working_groups.order_by("dimension__order")[:2])
    services.team_member_add(
        actor=actor,
        team=team,
        person=PersonFactory(),
        position=P.KOORDINATOR_POKJA,
        working_group=gov,
    )
    services.team_member_add(
        actor=actor,
        team=team,
        person=PersonFactory(),
        position=P.KOORDINATOR_POKJA,
        working_group=bra,
    )
    message = refused(
        services.team_member_add,
        actor=actor,
        team=team,
        person=PersonFactory(),
        position=P.KOORDINATOR_POKJA,
        working_group=gov,
    )
    assert gov.name in message


def test_one_coordinator_per_support_team(actor, team):
    support = team.support_teams.first()
    kwargs = {"position": P.KOORDINATOR_PENUNJANG, "support_team": support}
    services.team_member_add(actor=actor, team=team, person=PersonFactory(), **kwargs)
    refused(services.team_member_add, actor=actor, team=team, person=PersonFactory(), **kwargs)


def test_person_holds_one_position_in_the_team(actor, team):
    person = PersonFactory(name="Budi Contoh")
    services.team_member_add(actor=actor, team=team, person=person, position=P.SEKRETARIS)
    message = refused(
        services.team_member_add,
        actor=actor,
        team=team,
        person=person,
        position=P.ANGGOTA_POKJA,
        working_group=team.working_groups.first(),
    )
    assert "Budi Contoh sudah menjabat Sekretaris" in message
    assert "satu orang memegang satu jabatan" in message


@pytest.mark.parametrize(
    ("position", "where", "expected"),
    [
        (P.ANGGOTA_POKJA, None, "harus menyebut pokjanya"),
        (P.ANGGOTA_PENUNJANG, None, "harus menyebut tim penunjangnya"),
        (P.ANGGOTA_POKJA, "support", "tidak berada di tim penunjang"),
        (P.WAKIL_KETUA, "pokja", "tidak berada di pokja atau tim penunjang"),
    ],
)
def test_position_needs_the_right_unit(actor, team, position, where, expected):
    kwargs = {}
    if where == "support":
        kwargs = {
            "working_group": team.working_groups.first(),
            "support_team": team.support_teams.first(),
        }
    elif where == "pokja":
        kwargs = {"working_group": team.working_groups.first()}
    message = refused(
        services.team_member_add,
        actor=actor,
        team=team,
        person=PersonFactory(),
        position=position,
        **kwargs,
    )
    assert expected in message


def test_pokja_of_another_team_refused(actor, team):
    other = services.team_create(
        actor=actor, decree=DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2026, 1, 1))
    )
    message = refused(
        services.team_member_add,
        actor=actor,
        team=other,
        person=PersonFactory(),
        position=P.ANGGOTA_POKJA,
        working_group=team.working_groups.first(),
    )
    assert "bukan bagian dari tim ini" in message


def test_inactive_team_members_frozen(actor, team):
    services.team_create(
        actor=actor, decree=DecreeFactory(kind=DecreeKind.TEAM, date=dt.date(2026, 1, 1))
    )
    team.refresh_from_db()
    message = refused(
        services.team_member_add, actor=actor, team=team, person=PersonFactory(), position=P.KETUA
    )
    assert "sudah tidak aktif" in message


def test_member_end_keeps_history_and_refuses_twice(actor, team):
    membership = services.team_member_add(
        actor=actor,
        team=team,
        person=PersonFactory(),
        position=P.KETUA,
        start_date=dt.date(2025, 2, 1),
    )
    with pytest.raises(ValidationError):
        services.team_member_end(actor=actor, membership=membership, end_date=dt.date(2025, 1, 1))
    services.team_member_end(actor=actor, membership=membership, end_date=dt.date(2025, 6, 1))
    membership.refresh_from_db()
    assert membership.end_date == dt.date(2025, 6, 1)
    with pytest.raises(ValidationError, match="sudah berakhir"):
        services.team_member_end(actor=actor, membership=membership)


def test_outsider_cannot_change_the_team(team):
    officer = UserFactory(roles=[Role.AGENCY_OFFICER.value])
    with pytest.raises(PermissionDenied):
        services.team_member_add(actor=officer, team=team, person=PersonFactory(), position=P.KETUA)
    assert not TeamMembership.objects.exists()


def test_pokja_programs_of_its_dimension_only(actor, team):
    gov = team.working_groups.get(dimension__code="GOV")
    own = program_of("GOV")
    wrong = program_of("ENV")
    wrong.name = "Program Lingkungan Uji"
    wrong.save()
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as info:
        services.pokja_assign_programs(
            actor=actor, working_group=gov, program_ids=[own.pk, wrong.pk]
        )
    assert "Program Lingkungan Uji bukan program dimensi" in " ".join(info.value.messages)
    assert gov.programs.count() == 0 and AuditEvent.objects.count() == audits
    services.pokja_assign_programs(actor=actor, working_group=gov, program_ids=[own.pk])
    assert list(gov.programs.all()) == [own]


def test_program_sits_in_one_pokja_of_a_team(actor, team):
    program = program_of("GOV")
    gov = team.working_groups.get(dimension__code="GOV")
    services.pokja_assign_programs(actor=actor, working_group=gov, program_ids=[program.pk])
    # The program moves to another dimension in the masterplan; the old pokja still holds it.
    program.dimension = Dimension.objects.get(code="ENV")
    program.save()
    env = team.working_groups.get(dimension__code="ENV")
    with pytest.raises(ValidationError) as info:
        services.pokja_assign_programs(actor=actor, working_group=env, program_ids=[program.pk])
    message = " ".join(info.value.messages)
    assert "sudah ditugaskan ke Pokja Smart Governance" in message
    assert env.programs.count() == 0


def test_chart_and_query_count(actor, team, django_assert_max_num_queries):
    services.team_member_add(
        actor=actor, team=team, person=PersonFactory(name="Ketua Uji"), position=P.KETUA
    )
    for group in team.working_groups.all():
        services.team_member_add(
            actor=actor,
            team=team,
            person=PersonFactory(),
            position=P.KOORDINATOR_POKJA,
            working_group=group,
        )
        for _ in range(3):
            services.team_member_add(
                actor=actor,
                team=team,
                person=PersonFactory(),
                position=P.ANGGOTA_POKJA,
                working_group=group,
            )
    for support in team.support_teams.all():
        services.team_member_add(
            actor=actor,
            team=team,
            person=PersonFactory(),
            position=P.ANGGOTA_PENUNJANG,
            support_team=support,
        )
    with django_assert_max_num_queries(3):
        chart = team_chart(team)
        names = [g["name"] for g in chart["working_groups"]]
        people = [p.name for g in chart["working_groups"] for p in g["members"]]
    assert chart["ketua"].name == "Ketua Uji" and chart["wakil_ketua"] is None
    assert len(names) == 6 and len(people) == 18
    assert all(g["coordinator"] is not None for g in chart["working_groups"])
    assert [len(s["members"]) for s in chart["support_teams"]] == [1, 1, 1, 1]
    assert team_chart(None)["working_groups"] == []


def test_assistance_activities_must_be_the_agencys(actor, team):
    agency = AgencyFactory(name="Dinas Uji")
    own = ActivityFactory(program=ProgramFactory(agency=agency))
    foreign = ActivityFactory(name="Kegiatan Dinas Lain")
    kwargs = {
        "actor": actor,
        "team": team,
        "agency": agency,
        "date": timezone.localdate(),
        "musrenbang_year": timezone.localdate().year,
        "follow_ups": "Susun KAK",
    }
    message = refused(services.assistance_record, activity_ids=[own.pk, foreign.pk], **kwargs)
    assert "bukan program Dinas Uji" in message and "Kegiatan Dinas Lain" in message
    assistance = services.assistance_record(activity_ids=[own.pk], **kwargs)
    assert list(assistance.activities.all()) == [own]
    assert AuditEvent.objects.filter(object_type__icontains="assistance").exists()


def test_assistance_bad_input(actor, team):
    agency = AgencyFactory()
    today = timezone.localdate()
    base = {"actor": actor, "team": team, "agency": agency, "musrenbang_year": today.year}
    assert "belum tiba" in refused(
        services.assistance_record, date=today + dt.timedelta(days=1), follow_ups="x", **base
    )
    assert "wajib diisi" in refused(services.assistance_record, date=today, follow_ups=" ", **base)
    base["musrenbang_year"] = today.year + 5
    assert "Musrenbang tahun" in refused(
        services.assistance_record, date=today, follow_ups="x", **base
    )


def test_assistance_update(actor, team):
    agency = AgencyFactory()
    activity = ActivityFactory(program=ProgramFactory(agency=agency))
    today = timezone.localdate()
    assistance = services.assistance_record(
        actor=actor,
        team=team,
        agency=agency,
        date=today,
        musrenbang_year=today.year,
        follow_ups="Awal",
    )
    services.assistance_update(
        actor=actor,
        assistance=assistance,
        agency=agency,
        date=today,
        musrenbang_year=today.year,
        activity_ids=[activity.pk],
        follow_ups="Diubah",
    )
    assistance.refresh_from_db()
    assert assistance.follow_ups == "Diubah" and list(assistance.activities.all()) == [activity]
