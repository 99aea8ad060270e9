"""Who is writing through the SensorThings API.

`Authorization: Bearer <api token>` (the core API tokens) or HTTP Basic with a user's name and
password. The session cookie is deliberately not accepted: the API is exempt from CSRF, so a
browser's cookie must not authorise a write. Accounts whose roles require two-factor login
cannot use Basic (a password alone would bypass the second factor); they use a token. The role
check itself is `sensing.permissions.require_sensing_writer`, called by the services.
"""

from __future__ import annotations

import base64
import binascii

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kotacerdas.core.permissions import requires_two_factor
from kotacerdas.core.services.tokens import token_authenticate
from kotacerdas.sensing.errors import SensingError


class NotAuthenticated(SensingError):
    status = 401


def request_writer(request: HttpRequest):
    """The user behind the request's credentials; NotAuthenticated when absent or wrong."""
    header = request.headers.get("Authorization", "")
    scheme, _space, credentials = header.partition(" ")
    scheme = scheme.lower()
    credentials = credentials.strip()
    if scheme == "bearer" and credentials:
        user = token_authenticate(raw=credentials)
        if user is None:
            raise NotAuthenticated(_("Token API tidak dikenal, dicabut, atau tidak aktif."))
        return user
    if scheme == "basic" and credentials:
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        username, colon, password = decoded.partition(":")
        if not colon:
            raise NotAuthenticated(_("Kredensial Basic tidak dapat dibaca."))
        user = authenticate(request, username=username, password=password)
        if user is None or not user.is_active:
            raise NotAuthenticated(_("Nama pengguna atau kata sandi salah."))
        if requires_two_factor(user):
            raise NotAuthenticated(
                _(
                    "Akun ini wajib verifikasi dua langkah; gunakan token API "
                    "(Authorization: Bearer ...) untuk menulis lewat SensorThings API."
                )
            )
        return user
    raise NotAuthenticated(
        _(
            "Penulisan memerlukan autentikasi: token API (Authorization: Bearer ...) "
            "atau HTTP Basic."
        )
    )
