"""Open311 tokens: the tracking number signed with the secret key.

Stored nowhere, so creating a request writes nothing beyond the case, and `tokens/<token>`
only verifies the signature. Not guessable without the key; the id it reveals is public.
"""

from __future__ import annotations

from django.core import signing

SALT = "kotacerdas.open311.token"


def request_token(tracking_number: str) -> str:
    """The Open311 token of a request: its tracking number, signed (not guessable)."""
    return signing.Signer(salt=SALT).sign(tracking_number)


def request_token_unsign(token: str) -> str | None:
    """The tracking number inside a token this server issued, or None."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
