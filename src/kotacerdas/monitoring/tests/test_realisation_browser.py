"""In a real browser: an officer enters a quarter's realisation (htmx form), submits it, and the
Tim Pelaksana verifies it from the queue; the pages pass axe-core."""

from __future__ import annotations

import decimal

import pytest

from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, OfficerFactory, UserFactory
from kotacerdas.masterplan.tests.factories import (
    ActivityFactory,
    BudgetAllocationFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)
from kotacerdas.monitoring.models import Realisation, RealisationStatus
from tests.browser.conftest import (  # noqa: F401 (fixtures used by name)
    axe_violations,
    browser,
    page,
    reference_data,
)

D = decimal.Decimal
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=login-form]").count() == 0, "still on the login page"


def test_officer_enters_and_submits_team_verifies(page):  # noqa: F811
    activity = ActivityFactory(name="Kegiatan Peramban")
    BudgetAllocationFactory(activity=activity, amount=D("100000000"))
    indicator = IndicatorFactory(activity=activity, name="Cakupan", unit="%", max_value=D("100"))
    IndicatorTargetFactory(indicator=indicator, year=2026, value=D("80"))
    officer = OfficerFactory(agency=activity.agency)
    team = UserFactory(roles=[Role.TEAM_MEMBER.value])

    sign_in(page, officer)
    page.goto("/monev/realisasi/?tahun=2026")
    assert "Kegiatan Peramban" in page.locator("[data-testid=realisation-grid]").inner_text()
    assert axe_violations(page) == []
    page.click("[data-testid=realisation-grid] a[data-quarter='1']")
    page.wait_for_load_state()

    # A value above 100 % is refused in place (htmx swap), nothing saved.
    page.fill("#progres", "120")
    page.click("text=Simpan draf")
    page.wait_for_selector("[data-testid=form-errors]")
    assert "Progres fisik harus antara 0 dan 100 %." in page.inner_text("#form-realisasi")
    assert not Realisation.objects.exists()

    page.fill("#progres", "30")
    page.fill("#anggaran", "25.000.000")
    page.fill(f"#indikator-{indicator.pk}", "40")
    page.fill("#penghambat", "Lelang ulang")
    page.click("text=Simpan draf")
    page.wait_for_selector("text=Draf realisasi disimpan.")
    realisation = Realisation.objects.get()
    assert (realisation.physical_progress, realisation.budget_realised) == (
        D("30.00"),
        D("25000000.00"),
    )
    assert axe_violations(page) == []

    page.click("text=Ajukan ke Tim Pelaksana")
    page.wait_for_load_state()
    page.click("text=Ya, lanjutkan")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=status]") == "Diajukan"

    page.click("button:has-text('" + str(officer) + "')")
    page.click("text=Keluar")
    page.wait_for_load_state()
    sign_in(page, team)
    page.goto("/monev/verifikasi/")
    assert "Kegiatan Peramban" in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("text=Verifikasi >> nth=-1")
    page.wait_for_load_state()
    page.click("text=Ya, lanjutkan")
    page.wait_for_load_state()
    assert "Realisasi diverifikasi." in page.inner_text("main")
    realisation.refresh_from_db()
    assert realisation.status == RealisationStatus.VERIFIED
    assert page.js_errors == []


def test_other_realisation_pages_pass_axe(page):  # noqa: F811
    from kotacerdas.monitoring.tests.factories import RealisationFactory, ReportingPeriodFactory

    realisation = RealisationFactory(
        period=ReportingPeriodFactory(year=2026, quarter=1, is_locked=True, lock_reason="Audit")
    )
    sign_in(
        page,
        UserFactory(
            roles=[Role.TEAM_MEMBER.value, Role.AGENCY_OFFICER.value],
            agency=realisation.activity.agency,
        ),
    )
    for url in (
        "/monev/realisasi/daftar/",
        "/monev/periode/?tahun=2026",
        "/monev/unggah/",
        f"/monev/realisasi/kegiatan/{realisation.activity_id}/2026/1/",
    ):
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert axe_violations(page) == [], url
    assert "Periode TW 1 2026 dikunci: Audit" in page.inner_text("[data-testid=lock-message]")
    assert page.js_errors == []
