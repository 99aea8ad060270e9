"""The evaluation dashboards in a real browser: the chart draws (Chart.js from static/js),
the htmx filter swaps the figures and redraws, no script errors, no serious axe violations."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kotacerdas.core.tests.factories import DEFAULT_PASSWORD, ExecutiveFactory
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    axe_violations,
    browser,
    page,
    reference_data,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal


@pytest.fixture
def evaluation_data(reference_data):  # noqa: F811
    from kotacerdas.masterplan import reference_data as masterplan_reference
    from kotacerdas.masterplan.models import Dimension, Element, PriorityArea, ReadinessQuestion
    from kotacerdas.masterplan.tests.factories import ProgramFactory
    from kotacerdas.monitoring.tests.test_evaluation_rollup import YEAR, scored_activity

    masterplan_reference.load_reference(Dimension, Element, PriorityArea, ReadinessQuestion)
    program = ProgramFactory(dimension=Dimension.objects.get(code="GOV"))
    scored_activity(program=program, value=D("95"), quick_win=True)
    scored_activity(program=program, value=D("55"), quarter=1)
    scored_activity(program=program, value=None)
    return YEAR


def sign_in(page, user) -> None:  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()


def chart_values(page) -> list:  # noqa: F811
    return page.evaluate(
        "() => Chart.getChart(document.querySelector('canvas.kc-chart')).data.datasets[0].data"
    )


def test_dimension_dashboard_draws_chart_and_htmx_filter_redraws(page, screenshot, evaluation_data):  # noqa: F811
    year = evaluation_data
    sign_in(page, ExecutiveFactory())
    page.goto(f"/monev/evaluasi/dimensi/GOV/?tahun={year}")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas.kc-chart'))"
    )
    values = [v for v in chart_values(page) if v is not None]
    assert values == [75.0]  # (95 + 55) / 2, equal budgets
    assert "1 dari 3 kegiatan belum memiliki data terverifikasi" in page.inner_text("#hasil")
    page.select_option("#f-triwulan", "1")
    page.wait_for_function(
        "() => { const c = Chart.getChart(document.querySelector('canvas.kc-chart'));"
        " return c && document.location.search.includes('triwulan=1')"
        " && c.data.datasets[0].data.includes(55); }"
    )
    assert [v for v in chart_values(page) if v is not None] == [55.0]  # only Q1 is verified
    screenshot(page, "dimensi")
    assert page.js_errors == []
    assert axe_violations(page) == []


def test_public_page_in_the_browser_is_accessible(page, screenshot, evaluation_data):  # noqa: F811
    page.goto(f"/monev/evaluasi/publik/?tahun={evaluation_data}")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas.kc-chart'))"
    )
    assert "Quick Win" in page.inner_text("main")
    screenshot(page, "publik")
    assert page.js_errors == []
    assert axe_violations(page) == []
