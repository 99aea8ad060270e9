"""Fixtures shared by the tests of `sensing`."""

import pytest


@pytest.fixture(autouse=True)
def audit_key_and_checkpoints_in_tmp(settings, tmp_path):
    """No test touches the real audit signing key or checkpoint directory under var/."""
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit-ed25519.pem"
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
