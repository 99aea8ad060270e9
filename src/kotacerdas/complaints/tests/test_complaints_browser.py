"""Issue #5 "Done when", in a real browser (Chromium): a citizen submits a complaint with a photo
on a phone, a call-center agent verifies it and dispatches it to a URC unit, a URC officer
resolves it on a phone with a camera photo and the device position, the citizen confirms it
from the secret link; the SLA clock and Open311 reflect it. Screenshots in test-artifacts/."""

from __future__ import annotations

import struct
import zlib

import pytest

from kotacerdas.complaints.models import Case, CaseOutcome, CaseState, SlaStage, UrcStatus
from kotacerdas.complaints.selectors.sla import sla_status
from kotacerdas.complaints.tests.factories import (
    BEKASI_TIMUR_POINT,
    CategoryFactory,
    UrcUnitFactory,
)
from kotacerdas.core.models import Role
from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, AgencyFactory, UserFactory
from tests.browser.conftest import (  # noqa: F401 (fixtures used by name)
    axe_violations,
    browser,
    reference_data,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def real_png(width: int = 24, height: int = 16, rgb: tuple = (200, 90, 40)) -> bytes:
    """A small valid PNG (one colour), so the browser can show it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PHOTO = {"name": "lubang.png", "mimeType": "image/png", "buffer": real_png()}


@pytest.fixture
def new_page(browser, live_server, reference_data):  # noqa: F811
    """new_page(viewport, **context options) -> a page of a fresh browser context."""
    contexts = []

    def make(viewport=PHONE, **options):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale="id-ID",
            is_mobile=viewport["width"] < 500,
            has_touch=viewport["width"] < 500,
            **options,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def sign_in(page, user) -> None:
    """The login form (tests/browser/test_shell.py's helper also looks for the account menu,
    which a phone keeps inside the collapsed navbar)."""
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=login-form]").count() == 0, "still on the login page"


def fits_the_screen(page) -> bool:
    """No horizontal scrolling on the phone."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_citizen_agent_urc_citizen_on_phones(new_page, screenshot):  # noqa: F811
    agency = AgencyFactory(name="Dinas Bina Marga dan Tata Air")
    category = CategoryFactory(name="Jalan berlubang", default_agency=agency)
    unit = UrcUnitFactory(name="URC Bina Marga", agency=agency)
    officer = UserFactory(username="petugas-urc", roles=[Role.URC_OFFICER.value])
    unit.members.add(officer)
    agent = UserFactory(username="agen-1500444", roles=[Role.CALL_CENTER_AGENT.value])

    # 1. The citizen reports on a phone: map tap, photo, privacy preview.
    citizen = new_page()
    citizen.goto("/pengaduan/lapor/")
    citizen.select_option("#id_category", label=category.name)
    citizen.fill(
        "#id_description", "Jalan berlubang dalam di depan SDN Duren Jaya, motor sering jatuh."
    )
    citizen.wait_for_selector("#peta-lapor[data-loaded='1']")
    box = citizen.locator("#peta-lapor").bounding_box()
    citizen.locator("#peta-lapor").scroll_into_view_if_needed()
    citizen.locator("#peta-lapor").click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    assert citizen.input_value("#id_lat") and citizen.input_value("#id_lng")
    citizen.fill("#id_address", "Jl. Raya Duren Jaya, depan SDN")
    citizen.set_input_files("#id_photo", PHOTO)
    citizen.check("input[name=privacy][value=confidential]")
    citizen.wait_for_selector("[data-testid=privacy-preview]:has-text('dirahasiakan')")
    citizen.check("input[name=privacy][value=name_hidden]")
    citizen.wait_for_selector("[data-testid=privacy-preview]:has-text('nama Anda tidak tampil')")
    citizen.fill("#id_reporter_name", "Siti Aminah")
    citizen.fill("#id_reporter_phone", "081298765432")
    assert fits_the_screen(citizen)
    screenshot(citizen, "1-lapor")
    assert axe_violations(citizen) == []
    citizen.click("text=Kirim laporan")
    citizen.wait_for_selector("[data-testid=tracking-number]")
    number = citizen.inner_text("[data-testid=tracking-number]").strip()
    manage_url = citizen.input_value("[data-testid=manage-url]")
    screenshot(citizen, "2-terkirim")
    case = Case.objects.get(tracking_number=number)
    if case.lat is None:  # the map's centre fell outside Bekasi: the form said so instead
        pytest.fail("the map tap did not give a point inside Kota Bekasi")
    assert case.attachments.count() == 1 and case.kecamatan is not None
    assert sla_status(case)["stage"] == SlaStage.VERIFY

    # 2. The agent verifies and dispatches it to the URC unit.
    desk = new_page(viewport={"width": 1280, "height": 900})
    sign_in(desk, agent)
    desk.goto("/pengaduan/kasus/verifikasi/")
    desk.click(f"text={number}")
    desk.wait_for_load_state()
    desk.click("#aksi-verify button[type=submit]")
    desk.wait_for_selector("text=Laporan diverifikasi.")
    desk.select_option("#s-urc", label=f"{unit.name} ({agency.short_name})")
    desk.click("#aksi-dispatch button[type=submit]")
    desk.wait_for_selector("text=Laporan diteruskan.")
    case.refresh_from_db()
    assert (case.state, case.assigned_urc, case.urc_status) == (
        CaseState.DISPATCHED,
        unit,
        UrcStatus.ASSIGNED,
    )

    # 3. The URC officer works it on a phone, with the device position and a camera photo.
    field = new_page(
        geolocation={"latitude": BEKASI_TIMUR_POINT[0], "longitude": BEKASI_TIMUR_POINT[1]},
        permissions=["geolocation"],
    )
    sign_in(field, officer)
    field.goto("/pengaduan/urc/")
    assert fits_the_screen(field)
    screenshot(field, "3-urc-daftar")
    field.click(f"[data-testid=urc-cases] a:has-text('{number}')")
    for label, status in (
        ("Terima tugas", "Diterima petugas"),
        ("Berangkat ke lokasi", "Dalam perjalanan"),
        ("Sudah di lokasi", "Di lokasi"),
    ):
        field.click(f"[data-testid=urc-next]:has-text('{label}')")
        field.wait_for_selector(f"[data-testid=urc-status]:has-text('{status}')")
    field.wait_for_function("document.getElementById('lat').value !== ''")
    assert float(field.input_value("#lat")) == pytest.approx(BEKASI_TIMUR_POINT[0])
    field.set_input_files(
        "#bukti", {**PHOTO, "name": "sudah-ditambal.png", "buffer": real_png(rgb=(60, 60, 60))}
    )
    field.fill("#catatan", "Lubang ditambal aspal dingin.")
    assert fits_the_screen(field)
    screenshot(field, "4-urc-selesai")
    assert axe_violations(field) == []
    field.click("[data-testid=urc-next]:has-text('Selesai ditangani')")
    field.wait_for_selector("text=Sudah ditangani")
    case.refresh_from_db()
    assert (case.state, case.urc_status) == (CaseState.RESOLVED, UrcStatus.DONE)
    evidence = case.attachments.get(role="evidence")
    assert evidence.lat == pytest.approx(BEKASI_TIMUR_POINT[0])
    assert sla_status(case)["stage"] == SlaStage.CONFIRM and case.autoclose_at is not None

    # 4. The citizen confirms from the secret link and rates the handling.
    citizen.goto(manage_url)
    assert "Foto penanganan" in citizen.inner_text("main")
    citizen.wait_for_function(
        "[...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    screenshot(citizen, "5-konfirmasi")
    citizen.click("text=Ya, sudah selesai")
    citizen.wait_for_selector("text=laporan Anda ditutup sebagai selesai")
    citizen.click("label[for=nilai-5]")
    citizen.fill("#komentar", "Cepat dan rapi.")
    citizen.click("text=Kirim penilaian")
    citizen.wait_for_selector("text=Terima kasih atas penilaian Anda.")
    assert fits_the_screen(citizen)
    screenshot(citizen, "6-selesai")
    assert axe_violations(citizen) == []
    page_text = citizen.inner_text("main")
    assert "081298765432" not in page_text and "Siti Aminah" not in page_text
    case.refresh_from_db()
    assert (case.state, case.outcome, case.rating) == (
        CaseState.CLOSED,
        CaseOutcome.CONFIRMED,
        5,
    )
    clock = sla_status(case)
    assert (clock["stage"], clock["state"]) == (SlaStage.NONE, "none")
    assert not case.is_overdue

    # 5. The same case through Open311.
    response = citizen.request.get(f"/open311/v2/requests/{number}.json")
    assert response.status == 200
    body = response.json()
    assert len(body) == 1
    assert body[0]["service_request_id"] == number and body[0]["status"] == "closed"
    assert "081298765432" not in response.text()
    for page in (citizen, desk, field):
        assert page.js_errors == []


def test_call_center_console_by_keyboard(new_page, screenshot):  # noqa: F811
    from kotacerdas.complaints.tests.factories import CaseFactory

    earlier = CaseFactory(reporter_phone="081234567890", title="Lampu jalan padam")
    category = CategoryFactory(name="Banjir")
    agent = UserFactory(username="agen-malam", roles=[Role.CALL_CENTER_AGENT.value])
    desk = new_page(viewport={"width": 1280, "height": 900})
    sign_in(desk, agent)
    desk.goto("/pengaduan/call-center/")
    assert desk.evaluate("document.activeElement.id") == "id_reporter_phone"
    desk.keyboard.type("0812 3456 7890")
    desk.wait_for_selector(f"[data-testid=caller-history] >> text={earlier.tracking_number}")
    desk.keyboard.press("Alt+K")
    assert desk.evaluate("document.activeElement.id") == "id_category"
    desk.keyboard.press("Escape")
    assert desk.input_value("#id_reporter_phone") == ""
    assert desk.evaluate("document.activeElement.id") == "id_reporter_phone"

    desk.keyboard.type("081299990000")
    desk.keyboard.press("Alt+K")
    desk.select_option("#id_category", label=category.name)
    desk.keyboard.press("Alt+U")
    desk.keyboard.type("Air masuk rumah setinggi lutut.")
    desk.keyboard.press("Alt+L")
    desk.select_option("#id_kelurahan", index=1)
    desk.focus("#id_address")
    desk.keyboard.type("Gang Mawar")
    screenshot(desk, "konsol")
    assert axe_violations(desk) == []
    desk.keyboard.press("Enter")
    desk.wait_for_selector("text=Bacakan nomor lacak ini kepada penelepon.")
    case = Case.objects.get(reporter_phone="081299990000")
    assert case.channel == "call_center" and case.calls.count() == 1
    assert desk.js_errors == []
