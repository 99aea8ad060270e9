"""Issue #4 "Done when", without a browser (Django test client; SQLite and PostgreSQL).

With the demo loaded as `make run` loads it, the demo secretariat (`sekretariat`) signs in with
its demo password, sees the current council (Ketua, six komisi) and the Tim Pelaksana on the
organisation chart, notes a komisi whose current three-month window is not met yet, schedules
an internal meeting of that komisi that started an hour ago, issues the invitation letter,
records attendance and minutes (one decision, one action item), distributes the minutes to the
members, and then the cadence table shows the window met, no cadence alert goes out for it, and
the election reminder of the current term (deadline about two weeks away) reaches the
secretariat with its countdown, and its red flag once the deadline has passed. Every page in
Indonesian.

The browser test (`test_institutions_browser.py`) walks the same flow and imports the helpers
below.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.util import find_spec

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kotacerdas.core.demo.accounts import DEMO_PASSWORD
from kotacerdas.core.models import Notification, User
from kotacerdas.institutions import rules
from kotacerdas.institutions.models import (
    ActionItem,
    Attendance,
    Commission,
    CouncilPosition,
    CouncilTerm,
    Letter,
    Meeting,
    MeetingStatus,
    MinutesDistribution,
    TermStatus,
)
from kotacerdas.institutions.selectors import cadence as cadence_selectors
from kotacerdas.institutions.selectors.elections import election_status
from kotacerdas.institutions.services.alerts import run_alerts

pytestmark = pytest.mark.django_db

# Demos of apps the institutions flow does not touch, left out to keep the test fast (the
# complaints demo alone takes about a minute). Everything else loads through load_demo().
UNRELATED_DEMOS = frozenset({"kotacerdas.complaints.demo"})
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEETING_TITLE = "Rapat internal komisi uji selesai"
SUMMARY = "Komisi membahas kemajuan program prioritas triwulan ini."
DECISION = "Komisi menyetujui usulan peta jalan layanan data terpadu."
ACTION = "Susun kerangka acuan kerja peta jalan"


def load_institutions_demo(settings, monkeypatch) -> None:
    """`kotacerdas.core.demo.load_demo()` as `make run` calls it, minus UNRELATED_DEMOS, with a
    fast password hasher for the demo accounts (test only)."""
    from kotacerdas.core import demo

    settings.PASSWORD_HASHERS = FAST_HASHER
    monkeypatch.setattr(
        demo, "find_spec", lambda name: None if name in UNRELATED_DEMOS else find_spec(name)
    )
    demo.load_demo()


def current_term() -> CouncilTerm:
    return CouncilTerm.objects.get(status=TermStatus.ACTIVE)


def komisi_to_meet(term: CouncilTerm) -> tuple[Commission, rules.Window, str]:
    """The first komisi (chart order) whose current window has no held meeting yet."""
    today = timezone.localdate()
    window = rules.window_for(term.start_date, term.end_date, today)
    assert window is not None, "the demo term must contain today"
    cells = cadence_selectors.cadence_cells(term, today)
    for commission in term.commissions.order_by("dimension__order"):
        state = cells[commission.pk][window.index - 1].state
        if state != cadence_selectors.CellState.MET:
            return commission, window, state
    pytest.fail("the demo should leave a komisi with its current window not met yet")


def meeting_times() -> tuple[dt.datetime, dt.datetime]:
    """Started an hour ago, but today (whole minutes, as the datetime-local field sends them),
    so it falls in the window `komisi_to_meet` looked at even just after midnight."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = max(now - dt.timedelta(hours=1), midnight).replace(second=0, microsecond=0)
    return start, start + dt.timedelta(hours=2)


def serving_members(commission: Commission) -> list[int]:
    return list(
        commission.memberships.filter(end_date__isnull=True)
        .order_by("pk")
        .values_list("person_id", flat=True)
    )


def cadence_row(html: str, commission: Commission) -> list[tuple[str, str]]:
    """(data-state, Indonesian label) of each window cell in the komisi's cadence row."""
    start = html.index(f'?komisi={commission.pk}"')
    row = html[start : html.index("</tr>", start)]
    return re.findall(r'data-state="(\w+)" title="([^"]*)"', row)


def election_deadline_days(term: CouncilTerm) -> int:
    return election_status(term).days_left


def _text(response) -> str:
    return response.content.decode()


@pytest.fixture
def demo(settings, monkeypatch):
    load_institutions_demo(settings, monkeypatch)


@pytest.fixture
def secretariat_client(demo, client):
    response = client.post(
        reverse("core:login"), {"username": "sekretariat", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, "the demo secretariat signs in without TOTP"
    assert "verifikasi" not in response["Location"] and "otp" not in response["Location"]
    return client


def test_secretariat_sees_council_and_team_on_the_org_chart(secretariat_client):
    term = current_term()
    response = secretariat_client.get(reverse("institutions:org_chart"))
    assert response.status_code == 200
    html = _text(response)
    assert 'lang="id"' in html
    assert "Struktur organisasi Kota Cerdas Bekasi" in html
    assert f"periode {term.number}" in html
    ketua = term.memberships.get(position=CouncilPosition.KETUA, end_date__isnull=True)
    assert ketua.person.name in html
    assert html.count('data-testid="chart-commission"') == 6
    for commission in term.commissions.all():
        assert commission.name in html
    assert "belum ditetapkan" not in html.split('data-testid="team-chart"')[0]
    team = html.split('data-testid="team-chart"')[1]
    assert "Tim Pelaksana" in html and "Kelompok Kerja (Pokja)" in team
    assert team.count('data-testid="chart-pokja"') == 6
    assert team.count('data-testid="chart-support"') == 4


def test_done_when_schedule_attend_minutes_distribute_cadence_and_reminders(
    secretariat_client,
):
    client = secretariat_client
    term = current_term()
    komisi, window, state_before = komisi_to_meet(term)

    # The cadence table before: the komisi's current window is not met.
    response = client.get(reverse("institutions:cadence"))
    assert response.status_code == 200
    assert "Kepatuhan jadwal rapat komisi" in _text(response)
    assert cadence_row(_text(response), komisi)[window.index - 1][0] == state_before

    # Schedule the komisi meeting (it started an hour ago) through the form.
    assert client.get(reverse("institutions:meeting_schedule")).status_code == 200
    start, end = meeting_times()
    response = client.post(
        reverse("institutions:meeting_schedule"),
        {
            "term": term.pk,
            "kind": "commission",
            "commissions": [komisi.pk],
            "title": MEETING_TITLE,
            "agenda": "Kemajuan program prioritas",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "location": "Ruang rapat Diskominfostandi",
        },
    )
    assert response.status_code == 302, _text(response)
    meeting = Meeting.objects.get(title=MEETING_TITLE)
    assert response["Location"] == reverse("institutions:meeting_detail", args=[meeting.pk])
    members = serving_members(komisi)
    assert len(members) == 5
    assert set(meeting.attendances.values_list("person_id", flat=True)) == set(members)
    page = _text(client.get(response["Location"]))
    assert "Rapat dijadwalkan dan undangan disiapkan." in page
    assert "Simpan daftar hadir" in page and "Buat surat undangan" in page

    # The invitation letter, numbered in the correspondence register.
    letters_before = Letter.objects.count()
    response = client.post(reverse("institutions:meeting_invitation", args=[meeting.pk]))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert Letter.objects.count() == letters_before + 1
    assert re.fullmatch(r"005/\d{3}/DKC/\d{4}", meeting.invitation.number)
    page = _text(client.get(reverse("institutions:meeting_detail", args=[meeting.pk])))
    assert f"Surat undangan {meeting.invitation.number} dicatat." in page
    assert f"Nomor {meeting.invitation.number}" in page

    # Attendance: all but one present, the absent one with a note.
    absent = members[-1]
    response = client.post(
        reverse("institutions:attendance_save", args=[meeting.pk]),
        {"present": members[:-1], f"note-{absent}": "Izin: tugas luar kota"},
    )
    assert response.status_code == 302
    rows = {a.person_id: a for a in Attendance.objects.filter(meeting=meeting)}
    assert [rows[p].present for p in members] == [True, True, True, True, False]
    assert rows[absent].note == "Izin: tugas luar kota"

    # Minutes with one decision and one action item: the meeting is held.
    response = client.post(
        reverse("institutions:minutes_save", args=[meeting.pk]),
        {
            "summary": SUMMARY,
            "decisions": DECISION,
            "ai-description-0": ACTION,
            "ai-owner_name-0": "Sekretariat Dewan",
            "ai-due_date-0": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "ai-description-1": "",
            "ai-description-2": "",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert meeting.minutes.decisions == DECISION
    assert list(ActionItem.objects.filter(minutes__meeting=meeting).values_list(
        "description", flat=True
    )) == [ACTION]  # fmt: skip
    page = _text(client.get(reverse("institutions:meeting_detail", args=[meeting.pk])))
    assert "Notulen disimpan; rapat ditandai terlaksana." in page
    assert "Terlaksana" in page and DECISION in page and ACTION in page

    # Distribution to the komisi members: who and when.
    response = client.post(
        reverse("institutions:minutes_distribute", args=[meeting.pk]), {"person": members}
    )
    assert response.status_code == 302
    sent = MinutesDistribution.objects.filter(minutes__meeting=meeting).select_related("person")
    assert sorted(d.person_id for d in sent) == sorted(members)
    assert all(d.sent_at <= timezone.now() for d in sent)
    page = _text(client.get(reverse("institutions:meeting_detail", args=[meeting.pk])))
    assert "Notulen dikirim kepada 5 orang." in page
    table = page.split('data-testid="distribution"')[1].split("</table>")[0]
    for row in sent:
        assert row.person.name in table
        assert timezone.localtime(row.sent_at).strftime("%H:%M") in table

    # The cadence table now shows the window met.
    html = _text(client.get(reverse("institutions:cadence")))
    assert cadence_row(html, komisi)[window.index - 1] == ("met", "Terpenuhi")
    assert not any(
        c.commission_id == komisi.pk
        for c in cadence_selectors.commissions_at_risk(term, window.end - dt.timedelta(days=1))
    )

    # Alerts: the election reminder reaches the secretariat (once); never a cadence alert for
    # the komisi's window; the red flag once the election deadline has passed.
    status = election_status(term)
    assert not status.started and 0 <= status.days_left <= 30
    sekretariat = User.objects.get(username="sekretariat")
    run_alerts()
    run_alerts()
    reminder = Notification.objects.get(user=sekretariat, event_key__startswith="election-")
    assert f"periode {term.number}" in reminder.title
    assert date_format(status.deadline, "j F Y") in reminder.body
    run_alerts(today=status.deadline + dt.timedelta(days=1))
    run_alerts(today=window.end - dt.timedelta(days=1))
    late = Notification.objects.get(user=sekretariat, event_key=f"election-late:term-{term.pk}")
    assert late.level == "danger"
    assert not Notification.objects.filter(
        event_key=f"cadence:commission-{komisi.pk}:window-{window.index}"
    ).exists()

    html = _text(client.get(reverse("core:notification_list")))
    assert reminder.title in html
    assert f"Terlambat: pemilihan Dewan setelah periode {term.number} belum dimulai" in html
    assert "list-group-item-danger" in html

    response = client.get(reverse("institutions:election_list"))
    assert response.status_code == 200
    html = _text(response)
    assert "Pemilihan anggota Dewan" in html
    row = html.split(f'data-testid="election-row-{term.number}"')[1].split("</tr>")[0]
    assert f"{status.days_left} hari lagi" in row
    assert "Segera mulai pemilihan" in row and "late-flag" not in row
    assert status.deadline.strftime("%Y") in row


@pytest.mark.parametrize(
    ("days_to_deadline", "shown", "hidden"),
    [
        (-3, ['data-testid="late-flag"', "Terlambat: pemilihan belum dimulai"], []),
        (14, ["Segera mulai pemilihan", "14 hari lagi"], ["late-flag"]),
    ],
)
def test_election_list_flags_an_election_row_not_started_yet(
    client, days_to_deadline, shown, hidden
):
    """An election row of the current term that exists but has not started (older data): the
    list shows its countdown and, once the deadline has passed, the red flag (as for a term
    without an election row)."""
    from kotacerdas.core.models import Role
    from kotacerdas.core.tests.factories import UserFactory
    from kotacerdas.institutions.models import Election, ElectionStage
    from kotacerdas.institutions.tests.factories import CouncilTermFactory

    end = rules.add_months(timezone.localdate() + dt.timedelta(days=days_to_deadline), 1)
    term = CouncilTermFactory(
        start_date=rules.anniversary(end + dt.timedelta(days=1), -3),
        end_date=end,
        status=TermStatus.ACTIVE,
    )
    Election.objects.create(ending_term=term, stage=ElectionStage.TEAM)
    client.force_login(UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value]))
    html = _text(client.get(reverse("institutions:election_list")))
    row = html.split(f'data-testid="election-row-{term.number}"')[1].split("</tr>")[0]
    assert all(text in row for text in shown), row
    assert not any(text in row for text in hidden), row
