from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import SessionAuth
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from kotacerdas.core.permissions import requires_two_factor


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


class VerifiedSessionAuth(SessionAuth):
    """A browser session, CSRF-checked for writes, and past TOTP when the role requires it
    (EnforceTwoFactorMiddleware lets /api/ through, so the check is made here).

    A session that still owes its TOTP code is treated as anonymous: `request.user` is
    reset so no endpoint can act on the half-signed-in account.
    """

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None  # anonymous: answered 401 where needed, not a CSRF failure
        if check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal. Muat ulang halaman lalu coba lagi."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = request.user
        if not user.is_authenticated:
            return None
        if requires_two_factor(user) and not user.is_verified():
            request.user = AnonymousUser()
            return None
        return user
