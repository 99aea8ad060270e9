"""The Rencana Induk document pages in a real browser: a chapter edited on a draft, the diff
against the approved version; no script errors, no serious axe violations."""

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
def documents(reference_data, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    from kotacerdas.masterplan.tests.test_documents_views import versions

    return versions()


def sign_in(page, user) -> None:  # noqa: F811
    page.goto("/masuk/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("[data-testid=login-form] button[type=submit]")
    page.wait_for_load_state()


def test_team_edits_a_draft_chapter_and_reads_the_diff(page, screenshot, documents):  # noqa: F811
    sign_in(page, UserFactory(roles=[Role.TEAM_MEMBER.value]))
    page.goto("/rencana-induk/dokumen/v2/")
    assert page.inner_text("[data-testid=status]") == "Draf"
    page.click("#bab-II a:has-text('Ubah')")
    page.fill("#id_body", "Visi: Bekasi kota cerdas yang inklusif.")
    page.click("form button[type=submit]:has-text('Simpan')")
    page.wait_for_url("**/rencana-induk/dokumen/v2/#bab-II")
    assert "Visi: Bekasi kota cerdas yang inklusif." in page.inner_text("#bab-II")
    assert axe_violations(page) == []
    page.click("text=lihat perubahan")
    page.wait_for_url("**/perbandingan/?lama=1&baru=2")
    assert page.inner_text("#diff-II + table ins") == "Visi: Bekasi kota cerdas yang inklusif."
    assert "baru" in page.inner_text("#diff-I + table ins")
    screenshot(page, "perbandingan")
    assert page.js_errors == []
    assert axe_violations(page) == []
