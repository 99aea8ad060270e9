"""The main navbar with every menu group (an administrator sees them all): at 1280 px and wider
it fits on one line with the language switch and the account menu fully visible; below it
collapses behind the toggler, which reveals the menu, the language switch and the account."""

from __future__ import annotations

import pytest

from tests.browser.test_shell import sign_in_with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GROUPS = [
    "Beranda", "Rencana Induk", "Monev", "Kelembagaan", "Pengaduan", "Satu Data", "Sensor",
    "Referensi",
    "Audit",
]  # fmt: skip


@pytest.fixture
def admin_page(page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from kotacerdas.core.tests.factories import AdminFactory

    admin = AdminFactory(first_name="Administrator", last_name="Sistem Kota Cerdas Bekasi")
    device = TOTPDevice.objects.create(user=admin, name="uji", confirmed=True)
    sign_in_with_totp(page, admin, device)
    page.admin = admin
    return page


def _inside(box, width) -> bool:
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


@pytest.mark.parametrize("width", [1280, 1440])
def test_navbar_fits_on_one_line(admin_page, screenshot, width):
    page = admin_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/notifikasi/")
    assert page.locator(".navbar-toggler").is_hidden()
    labels = [
        t.strip()
        for t in page.locator("#nav-utama .navbar-nav > li > .nav-link").all_text_contents()
    ]
    assert labels == GROUPS
    navbar = page.locator("header nav.navbar").bounding_box()
    brand = page.locator(".navbar-brand").bounding_box()
    assert navbar["height"] < brand["height"] + 30, "the navbar wraps onto a second line"
    language = page.locator("[data-testid=language-select]").bounding_box()
    assert language["width"] >= 90, "the language select is squeezed"
    for selector in ("[data-testid=language-select]", "[data-testid=language-submit]",
                     "[data-testid=notification-bell]", "[data-testid=account-menu]"):  # fmt: skip
        assert _inside(page.locator(selector).bounding_box(), width), selector
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"{width}")
    page.locator("[data-testid=account-menu]").click()
    logout = page.get_by_role("button", name="Keluar")
    assert logout.is_visible() and _inside(logout.bounding_box(), width)
    page.locator("#nav-utama .nav-link", has_text="Referensi").click()
    assert page.get_by_role("link", name="Perangkat Daerah").is_visible()
    assert page.js_errors == []


def test_navbar_collapses_on_a_phone(admin_page, screenshot):
    page = admin_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/notifikasi/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("[data-testid=language-select]").is_hidden()
    screenshot(page, "390-tertutup")
    page.locator(".navbar-toggler").click()
    page.wait_for_selector("#nav-utama.show")
    for selector in ("[data-testid=language-select]", "[data-testid=language-submit]",
                     "[data-testid=notification-bell]", "[data-testid=account-menu]"):  # fmt: skip
        assert page.locator(selector).is_visible(), selector
        assert _inside(page.locator(selector).bounding_box(), 390), selector
    page.locator("#nav-utama .nav-link", has_text="Kelembagaan").click()
    assert page.get_by_role("link", name="Struktur organisasi").is_visible()
    screenshot(page, "390-terbuka")
    page.locator("[data-testid=account-menu]").click()
    assert page.get_by_role("button", name="Keluar").is_visible()
    assert page.js_errors == []
