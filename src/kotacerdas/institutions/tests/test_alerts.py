"""Alerts (issue #4 item 9): election reminders three months and one month before the term ends
and the red flag when late, only while no election has started; cadence alerts to the
secretariat and the komisi officers. Run twice: nothing is notified or e-mailed twice."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from kotacerdas.core.models import EmailStatus, Notification, Role
from kotacerdas.core.tasks import notification_email_task
from kotacerdas.core.tests.factories import PersonFactory, UserFactory
from kotacerdas.institutions.models import (
    CouncilPosition,
    Election,
    TermStatus,
)
from kotacerdas.institutions.services.alerts import run_alerts
from kotacerdas.institutions.tests.factories import CouncilTermFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# A term from 5 January 2026 ends 4 January 2029: reminders 4 October and 4 December 2028,
# late from 5 December 2028.
START = dt.date(2026, 1, 5)
REMINDER_3M = dt.date(2028, 10, 4)
REMINDER_1M = dt.date(2028, 12, 4)


@pytest.fixture
def term():
    return CouncilTermFactory(number=1, start_date=START, status=TermStatus.ACTIVE)


@pytest.fixture
def people():
    secretariat = UserFactory(roles=[Role.COUNCIL_SECRETARIAT])
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    UserFactory(roles=[Role.AGENCY_OFFICER])  # not told
    UserFactory(roles=[Role.COUNCIL_SECRETARIAT], is_active=False)  # not told
    return secretariat, admin


def _election_notes():
    # The cadence alerts of the same days are tested on their own below.
    return Notification.objects.filter(event_key__startswith="election-")


def _keys():
    return sorted(set(_election_notes().values_list("event_key", flat=True)))


def _email_all():
    ids = list(_election_notes().values_list("pk", flat=True))
    return notification_email_task.call(ids)


def test_nothing_before_the_three_month_reminder(term, people):
    assert run_alerts(REMINDER_3M - dt.timedelta(days=1))["election"] == 0
    assert not _election_notes().exists()


def test_reminders_at_the_right_dates_and_once(term, people):
    secretariat, admin = people
    assert run_alerts(REMINDER_3M)["election"] == 2
    assert _keys() == [f"election-3m:term-{term.pk}"]
    assert set(_election_notes().values_list("user", flat=True)) == {secretariat.pk, admin.pk}
    assert run_alerts(REMINDER_3M)["election"] == 0
    assert run_alerts(REMINDER_3M + dt.timedelta(days=20))["election"] == 0
    assert run_alerts(REMINDER_1M)["election"] == 2
    assert _keys() == [f"election-1m:term-{term.pk}", f"election-3m:term-{term.pk}"]
    assert run_alerts(REMINDER_1M)["election"] == 0
    assert run_alerts(REMINDER_1M + dt.timedelta(days=1))["election"] == 2
    late = Notification.objects.get(event_key=f"election-late:term-{term.pk}", user=secretariat)
    assert late.level == "danger" and late.title.startswith("Terlambat")
    assert run_alerts(REMINDER_1M + dt.timedelta(days=2))["election"] == 0
    assert _election_notes().count() == 6


@pytest.mark.parametrize("days_after", [0, 41])
def test_first_reminder_states_the_time_actually_left(term, people, days_after):
    """Sent on time (92 days before the end) or late (six weeks before it), the first reminder
    says when the term ends, how many days are left and the deadline to start the election."""
    day = REMINDER_3M + dt.timedelta(days=days_after)
    end, deadline = dt.date(2029, 1, 4), dt.date(2028, 12, 4)
    run_alerts(day)
    note = _election_notes().get(user=people[0])
    assert note.event_key == f"election-3m:term-{term.pk}"
    assert "Tiga bulan" not in note.title
    assert note.title == (
        f"Masa jabatan Dewan periode 1 berakhir 4 Januari 2029 ({(end - day).days} hari lagi); "
        "pemilihan harus dimulai paling lambat 4 Desember 2028"
    )
    assert f"4 Desember 2028 ({(deadline - day).days} hari lagi;" in note.body
    run_alerts(day + dt.timedelta(days=1))
    assert _election_notes().filter(user=people[0]).count() == 1


def test_emails_go_out_once_even_when_run_twice(term, people):
    run_alerts(REMINDER_3M)
    assert _email_all() == 2
    run_alerts(REMINDER_3M)
    assert _email_all() == 0
    assert len(mail.outbox) == 2
    assert set(_election_notes().values_list("email_status", flat=True)) == {EmailStatus.SENT}


def test_the_ketua_with_an_account_is_told(term, people):
    chair_user = UserFactory(roles=[Role.COUNCIL_MEMBER])
    MembershipFactory(
        term=term, position=CouncilPosition.KETUA, person=PersonFactory(user=chair_user)
    )
    run_alerts(REMINDER_3M)
    assert _election_notes().filter(user=chair_user).count() == 1


def test_no_reminder_once_the_election_started(term, people):
    Election.objects.create(ending_term=term, started_on=dt.date(2028, 9, 1))
    for day in (REMINDER_3M, REMINDER_1M, REMINDER_1M + dt.timedelta(days=5)):
        assert run_alerts(day)["election"] == 0
    assert not _election_notes().exists()


def test_draft_and_ended_terms_are_left_alone(people):
    CouncilTermFactory(number=5, start_date=START, status=TermStatus.DRAFT)
    CouncilTermFactory(number=6, start_date=START, status=TermStatus.ENDED)
    assert run_alerts(REMINDER_1M + dt.timedelta(days=3)) == {
        "election": 0,
        "cadence": 0,
        "terms": [],
    }


def test_cadence_alert_to_secretariat_and_komisi_officers(term, people):
    secretariat, _admin = people
    commission = term.commissions.order_by("dimension__order").first()
    ketua_user = UserFactory(roles=[Role.COUNCIL_MEMBER])
    MembershipFactory(
        term=term,
        position=CouncilPosition.KETUA_KOMISI,
        commission=commission,
        person=PersonFactory(user=ketua_user),
    )
    # The first window is 5 January - 4 April 2026; ten days before its end nothing was held.
    day = dt.date(2026, 3, 25)
    result = run_alerts(day)
    commissions = term.commissions.count()
    assert result["cadence"] == commissions * 2 + 1
    key = f"cadence:commission-{commission.pk}:window-1"
    assert set(Notification.objects.filter(event_key=key).values_list("user", flat=True)) == {
        secretariat.pk,
        _admin.pk,
        ketua_user.pk,
    }
    assert run_alerts(day)["cadence"] == 0
    assert run_alerts(day + dt.timedelta(days=2))["cadence"] == 0


def test_command_runs_and_reports(term, people, capsys):
    call_command("institutions_alerts", "--date", REMINDER_3M.isoformat())
    assert "Notifikasi baru: 2 pemilihan" in capsys.readouterr().out
    call_command("institutions_alerts", "--date", REMINDER_3M.isoformat())
    assert "Notifikasi baru: 0 pemilihan" in capsys.readouterr().out


def test_scheduler_runs_the_alerts_job():
    from kotacerdas.core.management.commands.scheduler import JOBS

    assert any(job.command == "institutions_alerts" for job in JOBS)
