"""Issue #4 "Done when" in a real browser, with the demo loaded as `make run` loads it.

The demo secretariat signs in, sees the current council (Ketua, six komisi) and the Tim
Pelaksana on the organisation chart, notes a komisi whose current three-month window is not
met, schedules an internal meeting of that komisi (started an hour ago) with the form, issues
the invitation letter, records attendance, minutes with one decision and one action item,
distributes them to the members and sees who received them and when; the cadence table then
shows the window met; after the alerts run, the notifications page carries the election
reminder and the red flag, and the election list its countdown. Everything in Indonesian;
screenshots of each step in test-artifacts/; no script errors; no serious axe violations on
the pages of the flow.

One test: the live server needs a transactional database, emptied after each test, so the
demo (about five seconds) is loaded once, in the test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.demo.accounts import DEMO_PASSWORD
from kotacerdas.core.models import Notification
from kotacerdas.institutions.models import (
    ActionItem,
    Attendance,
    CouncilPosition,
    Meeting,
    MeetingStatus,
    MinutesDistribution,
)
from kotacerdas.institutions.selectors.elections import election_status
from kotacerdas.institutions.services.alerts import run_alerts
from kotacerdas.institutions.tests.test_done_when import (
    ACTION,
    DECISION,
    MEETING_TITLE,
    SUMMARY,
    current_term,
    komisi_to_meet,
    load_institutions_demo,
    meeting_times,
    serving_members,
)
from kotacerdas.institutions.tests.test_meetings_browser import dimensions  # noqa: F401
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    axe_violations,
    browser,
    page,
    reference_data,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(dimensions, settings, monkeypatch):  # noqa: F811
    """The demo, after the migrations' regions, agencies and masterplan dimensions (emptied by
    the transactional flush)."""
    load_institutions_demo(settings, monkeypatch)


def cell(page, commission, window):  # noqa: F811
    return page.locator(
        f"[data-testid=cadence-table] tr:has(a[href$='?komisi={commission.pk}']) td"
    ).nth(window.index - 1)


def test_done_when_in_the_browser(page, screenshot, demo):  # noqa: F811
    term = current_term()
    komisi, window, state_before = komisi_to_meet(term)
    members = serving_members(komisi)

    # Sign in as the demo secretariat (no TOTP for this role).
    page.goto("/masuk/")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=login-form]").count() == 0, "still on the login page"
    assert page.locator("html").get_attribute("lang") == "id"

    # The organisation chart: the council of the current term and the Tim Pelaksana.
    page.goto("/kelembagaan/struktur/")
    assert page.locator("h1").inner_text() == "Struktur organisasi Kota Cerdas Bekasi"
    council = page.locator("[data-testid=council-chart]")
    ketua = term.memberships.get(position=CouncilPosition.KETUA, end_date__isnull=True)
    assert f"periode {term.number}" in council.locator("h2").inner_text()
    assert ketua.person.name in council.locator(".org-lead").first.inner_text()
    assert council.locator("[data-testid=chart-commission]").count() == 6
    assert council.locator("text=belum ditetapkan").count() == 0
    team = page.locator("[data-testid=team-chart]")
    assert "Tim Pelaksana" in team.locator("h2").inner_text()
    assert team.locator("[data-testid=chart-pokja]").count() == 6
    assert team.locator("[data-testid=chart-support]").count() == 4
    assert team.locator("text=Kelompok Kerja (Pokja)").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "1-struktur")

    # The cadence table: the komisi's current window is not met yet.
    page.goto("/kelembagaan/rapat/kepatuhan/")
    assert page.locator("h1").inner_text() == "Kepatuhan jadwal rapat komisi"
    before = cell(page, komisi, window)
    assert before.get_attribute("data-state") == state_before
    assert before.get_attribute("title") != "Terpenuhi"
    screenshot(page, "2-kepatuhan-sebelum")

    # Schedule the komisi meeting through the form; it started an hour ago.
    page.goto("/kelembagaan/rapat/jadwalkan/")
    start, end = meeting_times()
    page.select_option("#id_term", str(term.pk))
    page.select_option("#id_kind", "commission")
    page.select_option("#id_commissions", [str(komisi.pk)])
    page.fill("#id_title", MEETING_TITLE)
    page.fill("#id_agenda", "Kemajuan program prioritas")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", end.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_location", "Ruang rapat Diskominfostandi")
    screenshot(page, "3-jadwalkan")
    page.click("form button[type=submit]:has-text('Simpan')")
    page.wait_for_selector("text=Rapat dijadwalkan dan undangan disiapkan.")
    meeting = Meeting.objects.get(title=MEETING_TITLE)
    assert page.url.endswith(f"/kelembagaan/rapat/{meeting.pk}/")
    assert page.locator("[data-testid=attendance] tbody tr").count() == len(members) == 5

    # The invitation letter from the correspondence register.
    page.click("button:has-text('Buat surat undangan')")
    page.wait_for_selector("[data-testid=invitation]")
    meeting.refresh_from_db()
    number = meeting.invitation.number
    assert f"Nomor {number}" in page.inner_text("[data-testid=invitation]")
    assert page.locator(f"text=Surat undangan {number} dicatat.").is_visible()

    # Attendance: everyone but the last member, who sends apologies.
    for person_id in members[:-1]:
        page.check(f"#hadir-{person_id}")
    page.fill(f"input[name=note-{members[-1]}]", "Izin: tugas luar kota")
    page.click("button:has-text('Simpan daftar hadir')")
    page.wait_for_selector("text=Daftar hadir disimpan.")
    present = dict(Attendance.objects.filter(meeting=meeting).values_list("person_id", "present"))
    assert [present[p] for p in members] == [True, True, True, True, False]
    screenshot(page, "4-undangan-kehadiran")

    # Minutes: a summary, one decision and one action item.
    page.fill("#mn-summary", SUMMARY)
    page.fill("#mn-decisions", DECISION)
    page.fill("#ai-description-0", ACTION)
    page.fill("#ai-owner_name-0", "Sekretariat Dewan")
    page.fill("#ai-due_date-0", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page.click("form button[type=submit]:has-text('Simpan notulen')")
    page.wait_for_selector("text=Notulen disimpan; rapat ditandai terlaksana.")
    assert page.inner_text("[data-testid=status]") == "Terlaksana"
    minutes = page.locator("[data-testid=minutes]")
    assert DECISION in minutes.inner_text()
    assert ACTION in page.inner_text("[data-testid=action-items]")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert list(
        ActionItem.objects.filter(minutes__meeting=meeting).values_list("description", flat=True)
    ) == [ACTION]

    # Distribution to the komisi's members: who received them and when.
    for person_id in members:
        page.check(f"#kirim-{person_id}")
    page.click("button:has-text('Kirim notulen')")
    page.wait_for_selector("text=Notulen dikirim kepada 5 orang.")
    rows = page.locator("[data-testid=distribution] tbody tr")
    assert rows.count() == 5
    sent = MinutesDistribution.objects.filter(minutes__meeting=meeting).select_related("person")
    table = page.inner_text("[data-testid=distribution]")
    for row in sent:
        assert row.person.name in table
        assert timezone.localtime(row.sent_at).strftime("%H:%M") in table
    assert sorted(row.person_id for row in sent) == sorted(members)
    assert axe_violations(page) == []
    screenshot(page, "5-notulen-distribusi")

    # The cadence table now shows the komisi's window met.
    page.goto("/kelembagaan/rapat/kepatuhan/")
    after = cell(page, komisi, window)
    assert after.get_attribute("data-state") == "met"
    assert after.inner_text().startswith("Terpenuhi")
    assert "1 terlaksana" in after.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "6-kepatuhan-sesudah")

    # The alerts run (as the scheduler would): the election reminder now, and the red flag
    # the day after the deadline; no cadence alert for the komisi's window.
    status = election_status(term)
    assert not status.started and 0 <= status.days_left <= 30
    run_alerts()
    run_alerts(today=status.deadline + dt.timedelta(days=1))
    assert not Notification.objects.filter(
        event_key=f"cadence:commission-{komisi.pk}:window-{window.index}"
    ).exists()
    page.goto("/notifikasi/")
    notifications = page.locator("[data-testid=notification-list]")
    assert notifications.locator(f"text=periode {term.number}").count() == 2
    late = notifications.locator(
        ".list-group-item-danger",
        has_text=f"Terlambat: pemilihan Dewan setelah periode {term.number} belum dimulai",
    )
    assert late.count() == 1
    page.wait_for_selector("[data-testid=notification-count]")
    assert axe_violations(page) == []
    screenshot(page, "7-notifikasi")

    page.goto("/kelembagaan/pemilihan/")
    row = page.locator(f"[data-testid=election-row-{term.number}]")
    assert f"{status.days_left} hari lagi" in row.inner_text()
    assert row.locator("text=Segera mulai pemilihan").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "8-pemilihan")
    assert page.js_errors == []
