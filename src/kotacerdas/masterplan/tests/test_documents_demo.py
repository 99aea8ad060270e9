"""The demo Rencana Induk document (Contoh)."""

import hashlib

import pytest

from kotacerdas.masterplan.demo_document import DEMO_DECREE_NUMBER, load_document
from kotacerdas.masterplan.models import Masterplan, MasterplanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"


def test_demo_document_is_v1_approved_and_v2_draft_and_loads_once():
    from kotacerdas.core.demo import accounts

    accounts.load()
    load_document()
    load_document()
    first, second = Masterplan.objects.order_by("version")
    assert (first.status, first.decree_number) == (MasterplanStatus.APPROVED, DEMO_DECREE_NUMBER)
    assert first.decree_file_sha256 == hashlib.sha256(first.decree_file.read()).hexdigest()
    assert (second.status, second.based_on) == (MasterplanStatus.DRAFT, first)
    assert "(Contoh)" in first.title and "(Contoh)" in second.title
    assert "inklusif" in second.chapters.get(code="II").body
    assert "inklusif" not in first.chapters.get(code="II").body
    assert Masterplan.objects.count() == 2
