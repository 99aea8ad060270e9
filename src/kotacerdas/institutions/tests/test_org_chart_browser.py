"""The organisation chart of the demo at 1280 px and in print (A4 landscape): the six komisi and
the Tim Pelaksana's ten units wrap into rows under their parent, so nothing scrolls sideways or
falls off the page; the connectors still join every level."""

from __future__ import annotations

import pytest

from kotacerdas.core.demo.accounts import DEMO_PASSWORD
from kotacerdas.institutions.tests.test_institutions_browser import demo  # noqa: F401
from kotacerdas.institutions.tests.test_meetings_browser import dimensions  # noqa: F401
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    axe_violations,
    browser,
    page,
    reference_data,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A4 landscape (297 mm) less 10 mm margins on each side, at 96 px per inch.
A4_LANDSCAPE_PX = round((297 - 20) / 25.4 * 96)


def _fits(page, width: int) -> None:  # noqa: F811
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for scroller in page.locator(".org-scroll").all():
        assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth"), "the chart scrolls"
    boxes = page.locator(".org-box")
    assert boxes.count() >= 1 + 1 + 6 + 1 + 1 + 2 + 10
    for i in range(boxes.count()):
        box = boxes.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, i


@pytest.mark.parametrize("media", ["screen", "print"])
def test_org_chart_fits_without_scrolling(page, screenshot, demo, media):  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", "sekretariat")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()
    width = 1280 if media == "screen" else A4_LANDSCAPE_PX
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(media=media)
    page.goto("/kelembagaan/struktur/")
    council = page.locator("[data-testid=council-chart]")
    assert council.locator("[data-testid=chart-commission]").count() == 6
    team = page.locator("[data-testid=team-chart]")
    assert team.locator("[data-testid=chart-pokja], [data-testid=chart-support]").count() == 10
    _fits(page, width)
    # The tree still reads top-down: each level below the one it hangs from.
    ketua = council.locator(".org-lead").first.bounding_box()
    wakil = council.locator(".org-lead").nth(1).bounding_box()
    leaves = council.locator("[data-testid=chart-leaves]").bounding_box()
    assert ketua["y"] + ketua["height"] < wakil["y"] < wakil["y"] + wakil["height"] < leaves["y"]
    screenshot(page, media)
    if media == "screen":
        assert axe_violations(page) == []
    assert page.js_errors == []
