"""The institutions demo ("Contoh"): idempotent, a complete term #2 ending in about six weeks,
exactly one komisi out of cadence in the last closed window, an election about to be late
(not started: the secretariat starts it from the list),
letters numbered per the scheme, the team with pokja programs and scoped assistance."""

import datetime as dt
import re

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from kotacerdas.core.demo import stakeholders
from kotacerdas.core.models import Agency, AuditEvent, Organisation, Person, Role, User
from kotacerdas.core.tests.factories import UserFactory
from kotacerdas.institutions import demo, rules
from kotacerdas.institutions.models import (
    Assistance,
    BodyReport,
    BudgetLine,
    BudgetSpending,
    Commission,
    CouncilMembership,
    CouncilTerm,
    Decree,
    Election,
    ImplementationTeam,
    Letter,
    LetterDirection,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesDistribution,
    ReportRouting,
    RoutingStop,
    TeamMembership,
    TermStatus,
)
from kotacerdas.institutions.selectors import cadence
from kotacerdas.institutions.selectors.council import term_composition_problems
from kotacerdas.institutions.selectors.elections import election_status
from kotacerdas.institutions.selectors.team import assistance_for, current_team, team_chart
from kotacerdas.masterplan.models import Dimension
from kotacerdas.masterplan.tests.factories import ActivityFactory, ProgramFactory

pytestmark = pytest.mark.django_db

MODELS = (
    Decree, CouncilTerm, CouncilMembership, Election, Meeting, Minutes, MinutesDistribution,
    Letter, ImplementationTeam, TeamMembership, Assistance, BudgetLine, BudgetSpending,
    BodyReport, ReportRouting, Person, Organisation, Commission,
)  # fmt: skip


def _masterplan_programs():
    """A few demo programs per dimension for real agencies (the masterplan demo stands in)."""
    codes = ["DINKES", "DISHUB", "DLH", "DISDIK", "DPMPTSP", "DINSOS"]
    agencies = list(Agency.objects.filter(code__in=codes))
    for i, dimension in enumerate(Dimension.objects.order_by("order")):
        for j in range(4):
            agency = agencies[(i + j) % len(agencies)]
            program = ProgramFactory(
                agency=agency, dimension=dimension, is_demo=True, name=f"Contoh: Program {i}{j}"
            )
            ActivityFactory.create_batch(3, program=program, is_demo=True)


def _accounts():
    """The demo accounts the institutions demo uses (core.demo.accounts, without its slow
    password hashing)."""
    for username, role in (
        ("dewan", Role.COUNCIL_MEMBER),
        ("sekretariat", Role.COUNCIL_SECRETARIAT),
        ("timpelaksana", Role.TEAM_MEMBER),
    ):
        UserFactory(username=username, roles=[role.value])
    UserFactory(
        username="opd.dinkes",
        roles=[Role.AGENCY_OFFICER.value],
        agency=Agency.objects.get(code="DINKES"),
    )


@pytest.fixture
def loaded():
    stakeholders.load()
    _accounts()
    _masterplan_programs()
    demo.load()


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_second_run_creates_nothing(loaded):
    before, events = _counts(), AuditEvent.objects.count()
    assert before["Meeting"] > 60 and before["Letter"] > 30 and before["Assistance"] == 6
    demo.load()
    assert _counts() == before
    assert AuditEvent.objects.count() == events


def test_term_two_is_complete_active_and_ends_in_about_six_weeks(loaded):
    today = timezone.localdate()
    term = CouncilTerm.objects.get(number=2)
    assert term.status == TermStatus.ACTIVE
    assert term_composition_problems(term) == []
    assert 35 <= (term.end_date - today).days <= 50
    assert term.end_date == rules.term_end(term.start_date)
    serving = term.memberships.filter(end_date__isnull=True)
    assert serving.count() == 33
    assert set(serving.values_list("helix", flat=True)) == {
        "pemerintah",
        "akademisi",
        "masyarakat",
        "dunia_usaha",
    }
    replaced = term.memberships.get(replaces__isnull=False)
    assert replaced.replaces.end_date == replaced.start_date - dt.timedelta(days=1)
    ended = CouncilTerm.objects.get(number=1)
    assert ended.status == TermStatus.ENDED and ended.end_date < term.start_date
    ketua = term.memberships.get(position="ketua").person
    assert ketua.user == User.objects.get(username="dewan")
    assert Person.objects.get(user__username="sekretariat").title.startswith("Kepala Sekretariat")


def test_exactly_one_komisi_out_of_cadence_in_last_closed_window(loaded):
    today = timezone.localdate()
    term = CouncilTerm.objects.get(number=2)
    cells = cadence.cadence_cells(term, today)
    closed = [w for w in rules.cadence_windows(term.start_date, term.end_date) if w.end < today]
    last = closed[-1].index
    missed = [cid for cid, row in cells.items() for c in row if c.state == cadence.CellState.MISSED]
    assert len(missed) == 1
    late = Commission.objects.get(pk=missed[0])
    assert late.dimension.code == "ENV"
    assert cells[late.pk][last - 1].state == cadence.CellState.MISSED
    assert all(
        row[last - 1].state == cadence.CellState.MET for cid, row in cells.items() if cid != late.pk
    )


def test_election_about_to_be_late_and_not_started(loaded):
    """The election after term 2 has not started: no Election row (services create one only
    when it starts), its deadline about two weeks away."""
    today = timezone.localdate()
    term = CouncilTerm.objects.get(number=2)
    assert not Election.objects.filter(ending_term=term).exists()
    status = election_status(term, today)
    assert not status.started and status.needs_start and not status.is_late
    assert today <= status.deadline <= today + dt.timedelta(days=30)
    assert status.deadline == rules.election_deadline(term.end_date)
    done = Election.objects.get(ending_term__number=1)
    assert done.next_term.number == 2 and done.team.count() == 3


def test_secretariat_starts_the_demo_election_from_the_list(loaded, client):
    term = CouncilTerm.objects.get(number=2)
    client.force_login(User.objects.get(username="sekretariat"))
    html = client.get(reverse("institutions:election_list")).content.decode()
    row = html.split(f'data-testid="election-row-{term.number}"')[1].split("</tr>")[0]
    start_url = reverse("institutions:election_start", args=[term.pk])
    assert "Segera mulai pemilihan" in row and f'href="{start_url}"' in row
    assert client.get(start_url).status_code == 200
    today = timezone.localdate()
    response = client.post(start_url, {"started_on": today.isoformat(), "note": ""})
    election = Election.objects.get(ending_term=term)
    assert response.status_code == 302
    assert response["Location"] == reverse("institutions:election_detail", args=[election.pk])
    assert election.started_on == today and not election.is_demo
    html = client.get(reverse("institutions:election_list")).content.decode()
    row = html.split(f'data-testid="election-row-{term.number}"')[1].split("</tr>")[0]
    assert "Segera mulai pemilihan" not in row and start_url not in row


def test_a_stale_unstarted_demo_election_row_is_removed(loaded):
    term = CouncilTerm.objects.get(number=2)
    Election.objects.create(ending_term=term, stage="team", is_demo=True)
    demo.load()
    assert not Election.objects.filter(ending_term=term).exists()


def test_meetings_minutes_and_letters(loaded):
    today = timezone.localdate()
    held = Meeting.objects.filter(status=MeetingStatus.HELD)
    assert held.count() == Minutes.objects.count()
    assert not held.filter(starts_at__date__gt=today).exists()
    upcoming = Meeting.objects.filter(status=MeetingStatus.SCHEDULED)
    assert upcoming.count() >= 3
    assert upcoming.filter(invitation__isnull=False).count() == upcoming.count()
    kinds = set(held.values_list("kind", flat=True))
    assert kinds == {"commission", "cross", "plenary", "fgd"}
    fgd = held.filter(kind="fgd").annotate(n=Count("attendances")).first()
    assert fgd.attendances.filter(role="resource").exists()
    assert Minutes.objects.filter(distributions__isnull=True).count() == 2
    outgoing = Letter.objects.filter(direction=LetterDirection.OUTGOING).order_by("date", "id")
    for year in set(outgoing.values_list("year", flat=True)):
        rows = list(outgoing.filter(year=year))
        assert [r.sequence for r in rows] == list(range(1, len(rows) + 1))
        for r in rows:
            assert re.fullmatch(r"\d{3}/\d{3}/DKC/\d{4}", r.number), r.number
            assert r.number.split("/")[1] == f"{r.sequence:03d}"
    assert Letter.objects.filter(direction=LetterDirection.INCOMING).count() == 12


def test_everything_demo_flagged_and_marked_contoh(loaded):
    for model in (Decree, CouncilTerm, CouncilMembership, Election, Meeting, Letter,
                  ImplementationTeam, TeamMembership, Assistance, BudgetLine, BudgetSpending,
                  BodyReport):  # fmt: skip
        assert not model.objects.filter(is_demo=False).exists(), model.__name__
    assert all("Contoh" in s for s in Decree.objects.values_list("subject", flat=True))
    assert all("Contoh" in s for s in Meeting.objects.values_list("title", flat=True))
    assert all("Contoh" in s for s in Letter.objects.values_list("subject", flat=True))
    assert all("Contoh" in s for s in BudgetLine.objects.values_list("name", flat=True))
    assert all("Contoh" in s for s in BodyReport.objects.values_list("title", flat=True))
    people = Person.objects.filter(council_memberships__isnull=False).distinct()
    assert all("(Contoh)" in p.name for p in people)
    assert all("(Contoh)" in m.person.name for m in TeamMembership.objects.select_related("person"))


def test_team_chart_programs_and_assistance(loaded):
    team = current_team()
    assert team.is_demo and "Contoh" in team.name
    chart = team_chart(team)
    assert chart["ketua"] and chart["wakil_ketua"] and chart["sekretaris"]
    assert all(g["coordinator"] for g in chart["working_groups"])
    assert all(g["programs_count"] == 3 for g in chart["working_groups"])
    assert all(s["coordinator"] for s in chart["support_teams"])
    for group in team.working_groups.all():
        assert set(group.programs.values_list("dimension_id", flat=True)) == {group.dimension_id}
    for assistance in Assistance.objects.prefetch_related("activities__program"):
        assert assistance.activities.exists()
        assert {a.program.agency_id for a in assistance.activities.all()} == {assistance.agency_id}
    officer = User.objects.get(username="opd.dinkes")
    visible = assistance_for(officer)
    assert visible.count() == 1 and visible.get().agency_id == officer.agency_id
    assert Person.objects.get(user__username="timpelaksana") == chart["sekretaris"]


def test_reports_routed_team_to_council_then_mayor(loaded):
    report = BodyReport.objects.get(kind="team")
    assert list(report.routing.values_list("to", flat=True)) == [
        RoutingStop.COUNCIL,
        RoutingStop.MAYOR,
    ]
    assert report.routing.get(to=RoutingStop.MAYOR).letter is not None
    assert BudgetLine.objects.values("source").distinct().count() == 2
    assert BudgetLine.objects.values("body").distinct().count() == 3
