"""The platform's shell in a real browser: sign-in, language switch, region map, accessibility."""

from __future__ import annotations

import pytest
from django.utils import translation

from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, OfficerFactory
from tests.browser.conftest import axe_violations

# live_server needs a transactional database; the `page` fixture reloads the reference data.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user) -> None:
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=login-form]").count() == 0, "still on the login page"
    assert page.get_by_role("button", name=str(user)).count() == 1  # the account menu


def nav_labels(page) -> list[str]:
    """Top-level labels and the entries of the dropdown groups (closed menus included)."""
    items = page.locator("#nav-utama .nav-link, #nav-utama .dropdown-item")
    return [text.strip() for text in items.all_text_contents()]


def english(text: str) -> str:
    with translation.override("en"):
        return translation.gettext(text)


def test_sign_in_and_switch_language_to_english_and_back(page, screenshot):
    officer = OfficerFactory()
    sign_in(page, officer)
    page.goto("/hari-kerja/?year=2026&month=8")
    independence_day = page.locator("[data-testid=days-off] tr[data-date='2026-08-17']")
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Senin, 17 Agustus 2026" in independence_day.first.inner_text()
    assert "Hari Kemerdekaan" in independence_day.first.inner_text()
    assert "Beranda" in nav_labels(page)
    assert "Hari Kerja" in nav_labels(page)  # only for signed-in users
    screenshot(page, "id")

    page.select_option("[data-testid=language-select]", "en")
    page.click("[data-testid=language-submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith("/hari-kerja/?year=2026&month=8")  # back on the same page
    assert "Monday, 17 August 2026" in independence_day.first.inner_text()
    assert "Independence Day" in independence_day.first.inner_text()
    assert english("Beranda") != "Beranda"  # the English catalogue is compiled
    assert english("Beranda") in nav_labels(page)
    assert "Beranda" not in nav_labels(page)
    assert english("Hari Kerja") in nav_labels(page)
    screenshot(page, "en")

    page.select_option("[data-testid=language-select]", "id")
    page.click("[data-testid=language-submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Beranda" in nav_labels(page)
    assert page.js_errors == []


def test_region_map_draws_the_12_kecamatan(page, screenshot):
    page.goto("/wilayah/")
    shapes = page.locator("#peta-wilayah path.kecamatan-shape")
    page.wait_for_function(
        "document.querySelectorAll('#peta-wilayah path.kecamatan-shape').length >= 12"
    )
    assert shapes.count() == 12
    box = page.locator("#peta-wilayah").bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    screenshot(page, "map")
    assert page.js_errors == []


def test_help_terms_search_filters_in_place(page, screenshot):
    page.goto("/bantuan/istilah/")
    assert page.locator("dl dt").count() == 35
    page.fill("[data-testid=term-search]", "bandwidth")
    page.wait_for_function("document.querySelectorAll('#daftar-istilah dt').length === 1")
    assert page.locator("#istilah-32").is_visible()
    assert "q=bandwidth" in page.url  # the search can be bookmarked
    screenshot(page, "search")
    assert page.js_errors == []


PUBLIC_PAGES = [
    ("home", "/"),
    ("login", "/masuk/"),
    ("agencies", "/perangkat-daerah/"),
    ("regions", "/wilayah/"),
    ("terms", "/bantuan/istilah/"),
]


@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES, ids=[n for n, _ in PUBLIC_PAGES])
def test_public_pages_have_no_serious_accessibility_violations(page, screenshot, name, path):
    response = page.goto(path)
    assert response.status == 200
    if path == "/wilayah/":
        page.wait_for_selector("#peta-wilayah path.kecamatan-shape")
    screenshot(page, name)
    assert axe_violations(page) == []
    assert page.js_errors == []


def test_calendar_has_no_serious_accessibility_violations(page, screenshot):
    sign_in(page, OfficerFactory())
    response = page.goto("/hari-kerja/?year=2026&month=8")
    assert response.status == 200
    assert page.locator("td[data-date='2026-08-17'][data-working='0']").count() == 1
    screenshot(page, "calendar")
    assert axe_violations(page) == []


def totp_code(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_admin_adds_and_deletes_a_local_day_off(page, screenshot):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kotacerdas.core.models import AuditEvent, LocalDayOff
    from kotacerdas.core.tests.factories import AdminFactory

    admin = AdminFactory()
    device = TOTPDevice.objects.create(user=admin, name="uji", confirmed=True)
    sign_in_with_totp(page, admin, device)

    page.goto("/hari-kerja/?year=2026&month=7")
    page.fill("input[name=date]", "2026-07-07")
    page.fill("input[name=name]", "Libur daerah contoh")
    page.get_by_role("button", name="Tambah").click()
    page.wait_for_load_state()
    assert page.locator("td[data-date='2026-07-07'][data-working='0']").count() == 1
    assert page.get_by_text("Hari libur daerah ditambahkan.").is_visible()
    screenshot(page, "added")
    assert axe_violations(page) == []

    page.locator("[data-testid=days-off] tr[data-kind=local] a").click()
    page.wait_for_load_state()
    assert LocalDayOff.objects.count() == 1  # the confirmation page deletes nothing
    screenshot(page, "confirm")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ya, hapus").click()
    page.wait_for_load_state()
    assert page.locator("td[data-date='2026-07-07'][data-working='1']").count() == 1
    assert not LocalDayOff.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_type="core.LocalDayOff").values_list("action", flat=True)
    ) == ["create", "delete"]


def sign_in_with_totp(page, user, device) -> None:
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_selector("[data-testid=otp-verify-form]")
    page.fill("[data-testid=otp-verify-form] input[name=token]", totp_code(device))
    page.click("[data-testid=otp-verify-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=otp-verify-form]").count() == 0, "still asked for a code"
