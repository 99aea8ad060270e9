"""Who calls the API: an API token only (never the session cookie, so no CSRF concern).

ckanapi sends the raw key in `Authorization` (and `X-CKAN-API-Key`); `Bearer <key>` and
`Token <key>` are accepted too. A missing or unknown token is the anonymous public.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from kotacerdas.core.services.tokens import token_authenticate


def raw_token(request) -> str:
    header = (request.headers.get("Authorization") or "").strip()
    if not header:
        header = (request.headers.get("X-CKAN-API-Key") or "").strip()
    scheme, _space, rest = header.partition(" ")
    if rest and scheme.lower() in ("bearer", "token"):
        header = rest.strip()
    return header


def api_user(request):
    raw = raw_token(request)
    user = token_authenticate(raw=raw) if raw else None
    return user or AnonymousUser()
