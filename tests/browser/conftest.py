"""Playwright (sync API) driving Debian's /usr/bin/chromium against pytest-django's live_server.

No browser download: without /usr/bin/chromium the browser tests are skipped on a laptop and
fail in CI (KOTACERDAS_REQUIRE_SERVICES=1).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import services_required

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
AXE_JS = ROOT / "src" / "kotacerdas" / "static" / "vendor" / "axe-core" / "axe.min.js"


class _SharedBrowser:
    """One Playwright and one Chromium for the whole session, however many modules use them.

    Test modules outside tests/browser/ import these fixtures, which gives pytest a second
    session-scoped `browser` fixture; a second sync Playwright would refuse to start ("Sync API
    inside the asyncio loop"), so every copy shares this instance, counted by its users.
    """

    playwright = None
    browser = None
    users = 0
    previous_async_unsafe: str | None = None

    @classmethod
    def acquire(cls):
        if cls.users == 0:
            from playwright.sync_api import sync_playwright

            # Playwright's sync API runs an event loop in this thread; Django then refuses ORM
            # calls from "async context" unless told that this is on purpose (browser only).
            cls.previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            cls.playwright = sync_playwright().start()
            try:
                cls.browser = cls.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
            except Exception:
                cls._stop()
                raise
        cls.users += 1
        return cls.browser

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users == 0:
            cls.browser.close()
            cls._stop()

    @classmethod
    def _stop(cls) -> None:
        cls.playwright.stop()
        cls.playwright = cls.browser = None
        if cls.previous_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.previous_async_unsafe


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if services_required():
            pytest.fail(message + " and KOTACERDAS_REQUIRE_SERVICES is set")
        pytest.skip(message)
    shared = _SharedBrowser.acquire()
    try:
        yield shared
    finally:
        _SharedBrowser.release()


@pytest.fixture
def reference_data(transactional_db):
    """The reference data of the data migrations (regions, Perangkat Daerah, letter
    classifications and numbering scheme, Satu Data topics, geofences and flood ladders),
    loaded again.

    live_server needs a transactional database, which Django empties after each transactional
    test (the reference data of the migrations included); the loader is idempotent.
    """
    from importlib import import_module

    from django.apps import apps

    from kotacerdas.core import reference_data
    from kotacerdas.core.models import Agency, AgencyName, Organisation, Region

    reference_data.load_regions(Region)
    reference_data.load_agencies(Agency, AgencyName, Region, Organisation)
    # The letter classifications and the default numbering scheme (institutions 0002).
    import_module("kotacerdas.institutions.migrations.0002_letter_classifications").load(apps, None)
    import_module("kotacerdas.opendata.migrations.0002_topics").load(apps, None)
    # The kecamatan geofences and the flood gauges, ladders and places (sensing 0002, 0005).
    import_module("kotacerdas.sensing.migrations.0002_tracking").seed_kecamatan_geofences(
        apps, None
    )
    import_module("kotacerdas.sensing.migrations.0005_alerts_reference").load(apps, None)


@pytest.fixture
def page(browser, live_server, reference_data):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="id-ID"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, "name") saves test-artifacts/<test>-<name>.png (full page)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's violations of the given impacts on the current page (WCAG 2.x A and AA)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                            "best-practice"]},
            resultTypes: ["violations"],
        })"""
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]
