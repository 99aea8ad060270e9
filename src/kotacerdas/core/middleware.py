"""Request logging, the user's language, and two-factor enforcement."""

from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

request_logger = logging.getLogger("kotacerdas.request")


class RequestLogMiddleware:
    """One structured line per request: method, path, status, duration, user id, request id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_logger.info(
            "request",
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,  # never the query string: it may carry secrets
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        response["X-Request-ID"] = request.request_id
        return response


class UserLanguageMiddleware:
    """A signed-in user's saved language wins when the request has no language cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.preferred_language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class EnforceTwoFactorMiddleware:
    """Accounts whose roles require 2FA reach nothing but the 2FA pages until verified."""

    ALLOWED_URL_NAMES = (
        "core:login",
        "core:logout",
        "core:otp_verify",
        "core:otp_setup",
        "set_language",
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from kotacerdas.core.permissions import requires_two_factor

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and requires_two_factor(user)
            and not user.is_verified()
            and not self._is_allowed(request.path)
        ):
            if request.path.startswith("/api/"):
                return self.get_response(request)  # API uses tokens, checked there
            return redirect(reverse("core:otp_verify") + "?next=" + request.path)
        return self.get_response(request)

    def _is_allowed(self, path: str) -> bool:
        if path.startswith((settings.STATIC_URL, "/healthz", "/readyz", "/i18n/")):
            return True
        return any(path == reverse(name) for name in self.ALLOWED_URL_NAMES)
