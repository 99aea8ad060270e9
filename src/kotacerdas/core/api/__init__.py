"""Assembly of the /api/v1/ NinjaAPI: authentication, structured errors, routers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kotacerdas.core.api.auth import TokenAuth, VerifiedSessionAuth
from kotacerdas.core.api.errors import error_response


class OptionalAuth:
    """Lets anonymous requests through (public data); endpoints that need a user say so."""

    def __call__(self, request: HttpRequest):
        return True


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="Kota Cerdas Bekasi API",
        version="1",
        description=_(
            "API platform Kota Cerdas Bekasi (Perwal Bekasi 32/2021). Autentikasi: header "
            "`Authorization: Token <token>` (buat dengan `kotacerdas token create`) atau sesi "
            'peramban. Galat berbentuk {"error": {"code", "message"}}.'
        ),
        urls_namespace="api-1",
        auth=[TokenAuth(), VerifiedSessionAuth(), OptionalAuth()],
    )

    @api.exception_handler(NinjaValidationError)
    def on_validation_error(request, exc):
        return error_response(
            request, 422, "validation_error", _("Data yang dikirim tidak valid."), exc.errors
        )

    @api.exception_handler(AuthenticationError)
    def on_auth_error(request, exc):
        return error_response(
            request, 401, "not_authenticated", _("Token tidak valid, dicabut, atau belum masuk.")
        )

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        message = str(exc) or _("Anda tidak berwenang melakukan ini.")
        return error_response(request, 403, "permission_denied", message)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(request, 404, "not_found", _("Data tidak ditemukan."))

    @api.exception_handler(ValidationError)
    def on_django_validation_error(request, exc):
        details = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return error_response(
            request, 422, "validation_error", _("Data yang dikirim tidak valid."), details
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            return error_response(
                request, 400, "malformed_json", _("Isi permintaan bukan JSON yang sah.")
            )
        code = {
            400: "bad_request",
            401: "not_authenticated",
            403: "permission_denied",
            404: "not_found",
            409: "conflict",
        }.get(exc.status_code, "error")
        return error_response(request, exc.status_code, code, str(exc))

    from kotacerdas.core.api import routers

    routers.register(api)
    return api
