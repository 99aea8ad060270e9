"""Fixtures shared by the tests of `sensing`."""

import pytest

from .sample import make_cases


@pytest.fixture(autouse=True)
def audit_key_and_checkpoints_in_tmp(settings, tmp_path):
    """No test touches the real audit signing key or checkpoint directory under var/."""
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit-ed25519.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


@pytest.fixture
def cases(db):
    """Three complaint cases standing in for Observations (see sample.py)."""
    return make_cases()
