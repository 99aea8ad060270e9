from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security.base import AuthBase


class TokenAuth(AuthBase):
    """`Authorization: Token <token>`. A present but wrong or revoked token is a 401,
    never a silent fall back to anonymous."""

    openapi_type = "apiKey"
    openapi_in = "header"
    openapi_name = "Authorization"

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() not in {"token", "bearer"} or not raw.strip():
            raise AuthenticationError()
        from kotacerdas.core.services.tokens import token_authenticate

        user = token_authenticate(raw=raw.strip())
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user
