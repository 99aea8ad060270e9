"""The platform's Ed25519 key that signs audit checkpoints (Pasal 27(2)b).

The private key lives in a PEM file outside the database (settings.AUDIT_SIGNING_KEY_FILE),
so whoever can rewrite the database still cannot forge a checkpoint.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

KEY_ID_LENGTH = 32


class SigningKeyMissing(Exception):
    """The key file does not exist (verification never creates a new key)."""


def _key_path() -> Path:
    return Path(settings.AUDIT_SIGNING_KEY_FILE)


def key_id_for(public_key: Ed25519PublicKey) -> str:
    """Fingerprint of a public key: SHA-256 of its raw 32 bytes, hex, first 32 characters."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:KEY_ID_LENGTH]


def _read_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def signing_key_load_or_create() -> Ed25519PrivateKey:
    """The private key; created (mode 0600, directory 0700) the first time it is needed."""
    path = _key_path()
    if path.exists():
        return _read_private_key(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Written whole to a private temporary file, then hard-linked into place: link() fails if
    # another process created the key meanwhile, and nobody ever reads a half-written key.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp_name, path)
        except FileExistsError:
            return _read_private_key(path)
    finally:
        os.unlink(tmp_name)
    return key


def public_key_load() -> Ed25519PublicKey:
    """The platform's public key; raises SigningKeyMissing instead of creating a key."""
    path = _key_path()
    if not path.exists():
        raise SigningKeyMissing(str(path))
    return _read_private_key(path).public_key()


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
