"""Meetings in a real browser: the secretariat schedules a komisi meeting with the form, ticks
the preparation checklist (htmx), records minutes of a past meeting with an extra action-item
row (htmx), and the cadence table shows the komisi's window as met; no script errors, no
serious axe violations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    axe_violations,
    browser,
    page,
    reference_data,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dimensions(reference_data):  # noqa: F811
    from kotacerdas.masterplan import reference_data as masterplan_reference
    from kotacerdas.masterplan.models import Dimension, Element, PriorityArea, ReadinessQuestion

    masterplan_reference.load_reference(Dimension, Element, PriorityArea, ReadinessQuestion)


def sign_in(page, user) -> None:  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()


def test_secretariat_schedules_prepares_and_records_minutes(
    page,  # noqa: F811
    screenshot,  # noqa: F811
    dimensions,
):
    from kotacerdas.institutions.models import ActionItem, Meeting, MeetingStatus
    from kotacerdas.institutions.tests.meeting_helpers import past_meeting, term_with_members

    term = term_with_members()
    k1 = term.commissions.order_by("dimension__order").first()
    user = UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value])
    sign_in(page, user)

    page.goto("/kelembagaan/rapat/jadwalkan/")
    start = timezone.localtime() + dt.timedelta(days=3)
    page.select_option("#id_term", str(term.pk))
    page.select_option("#id_kind", "commission")
    page.select_option("#id_commissions", [str(k1.pk)])
    page.fill("#id_title", "Rapat komisi peramban")
    page.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_ends_at", (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form button[type=submit]:has-text('Simpan')")
    page.wait_for_selector("[data-testid=checklist]")
    meeting = Meeting.objects.get(title="Rapat komisi peramban")
    assert page.url.endswith(f"/kelembagaan/rapat/{meeting.pk}/")
    assert page.locator("[data-testid=attendance] tbody tr").count() == 2

    first = meeting.checklist.order_by("order").first()
    page.click(f"#persiapan-{first.pk} button")
    page.wait_for_selector(f"#persiapan-{first.pk} .text-decoration-line-through")
    first.refresh_from_db()
    assert first.done_at is not None
    assert axe_violations(page) == []
    screenshot(page, "rapat")

    held = past_meeting(term=term, title="Rapat yang sudah lewat")
    page.goto(f"/kelembagaan/rapat/{held.pk}/#notulen")
    assert page.locator("[data-testid=action-row]").count() == 3
    page.click("#baris-berikut button")
    page.wait_for_selector("#ai-description-3")
    page.fill("#mn-summary", "Pembahasan peta jalan")
    page.fill("#ai-description-3", "Susun kerangka acuan")
    page.fill("#ai-owner_name-3", "Sekretariat")
    page.click("form button[type=submit]:has-text('Simpan notulen')")
    page.wait_for_selector("[data-testid=minutes]")
    assert Meeting.objects.get(pk=held.pk).status == MeetingStatus.HELD
    assert list(ActionItem.objects.values_list("description", flat=True)) == [
        "Susun kerangka acuan"
    ]

    page.goto("/kelembagaan/rapat/kepatuhan/")
    assert page.locator("[data-testid=cadence-table] td[data-state=met]").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_schedule_form_komisi_follow_the_chosen_term(page, dimensions):  # noqa: F811
    """The Komisi list offers the current term's komisi; picking another term reloads it."""
    from kotacerdas.institutions.models import TermStatus
    from kotacerdas.institutions.tests.factories import CouncilTermFactory

    ended = CouncilTermFactory(start_date=dt.date(2020, 1, 6), status=TermStatus.ENDED)
    current = CouncilTermFactory(start_date=dt.date(2023, 1, 6), status=TermStatus.ACTIVE)
    sign_in(page, UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value]))
    page.goto("/kelembagaan/rapat/jadwalkan/")

    def offered():
        return {int(v) for v in page.locator("#id_commissions option").evaluate_all(
            "options => options.map(o => o.value)")}  # fmt: skip

    assert offered() == set(current.commissions.values_list("pk", flat=True))
    page.select_option("#id_term", str(ended.pk))
    first_old = ended.commissions.order_by("pk").first().pk
    page.wait_for_selector(f"#id_commissions option[value='{first_old}']", state="attached")
    assert offered() == set(ended.commissions.values_list("pk", flat=True))
    assert page.js_errors == []
