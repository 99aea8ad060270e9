"""The periodic report in a real browser: the request form, the progress fragment polling by
htmx while the worker generates, the download links once done; no script errors, no serious
axe violations."""

from __future__ import annotations

import pytest

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
def report_setup(reference_data, settings, tmp_path):  # noqa: F811
    from kotacerdas.masterplan import reference_data as masterplan_reference
    from kotacerdas.masterplan.models import Dimension, Element, PriorityArea, ReadinessQuestion

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    masterplan_reference.load_reference(Dimension, Element, PriorityArea, ReadinessQuestion)
    from kotacerdas.monitoring.tests.test_reports_services import report_data

    report_data()


def sign_in(page, user) -> None:  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()


def test_secretariat_requests_a_report_and_the_progress_bar_follows_the_worker(
    page,  # noqa: F811
    screenshot,  # noqa: F811
    report_setup,
):
    from kotacerdas.monitoring.models import PeriodicReport
    from kotacerdas.monitoring.tasks import report_generate

    sign_in(page, UserFactory(roles=[Role.COUNCIL_SECRETARIAT.value]))
    page.goto("/monev/laporan/")
    page.select_option("#id_kind", "semester")
    page.fill("#id_year", "2026")
    page.select_option("#id_semester", "1")
    page.click("form button[type=submit]:has-text('Buat laporan')")
    page.wait_for_selector("#kemajuan-laporan[data-status=queued]")
    assert page.get_attribute("#kemajuan-laporan", "hx-trigger") == "every 2s"
    assert axe_violations(page) == []

    # The worker (here: the test) generates the report; htmx polling picks the result up.
    report = PeriodicReport.objects.get()
    report_generate.call(report.pk)
    page.wait_for_selector("#kemajuan-laporan[data-status=done]", timeout=10_000)
    assert page.get_attribute("#kemajuan-laporan", "hx-trigger") is None  # polling stopped
    assert page.inner_text("#kemajuan-laporan .progress-bar") == "100%"
    assert "Kepala Dinas Kesehatan Uji" in page.inner_text("#kemajuan-laporan")  # copies
    with page.expect_download() as download:
        page.click("text=Unduh PDF")
    assert download.value.suggested_filename == f"laporan-kota-cerdas-semester-2026-{report.pk}.pdf"
    screenshot(page, "laporan")
    assert page.js_errors == []
    assert axe_violations(page) == []
