"""Open311 GeoReport v2 endpoints (issue #5 item 9). Thin: parse, call selectors or
`case_submit`, render in the format named by the path's extension."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.complaints.models import Category
from kotacerdas.core.models import Region, RegionLevel
from kotacerdas.core.services.tokens import token_authenticate

from . import selectors, serializers
from .formats import iso, render, render_errors
from .parsing import Open311Error, parse_request_filters, parse_request_form
from .services import MEDIA_URL_KEY, open311_request_create
from .tokens import request_token

# Case fields named as the client sent them, for error descriptions.
OPEN311_FIELD_NAMES = {
    "category": "service_code",
    "location": "lat/long",
    "lat": "lat",
    "lng": "long",
    "address": "address_string",
    "kecamatan_code": "address_id",
    "kelurahan_code": "address_id",
    "kecamatan": "address_id",
    "kelurahan": "address_id",
    "reporter_name": "first_name",
    "reporter_phone": "phone",
    "reporter_email": "email",
    "attributes": "attribute",
    "uploads": "media_url",
}


def open311_endpoint(*methods: str) -> Callable:
    """CSRF-exempt (clients authenticate by api_key), method-checked, errors as the list."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            if request.method not in methods:
                response = render_errors(
                    fmt, 405, [_("Metode %(method)s tidak didukung.") % {"method": request.method}]
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, fmt, **kwargs)
            except Open311Error as error:
                return render_errors(fmt, error.status, error.descriptions)

        return wrapper

    return decorate


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("open311:discovery", args=["json"])).rsplit("/", 1)[0]


def _changeset():
    latest = Category.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return iso(latest)


@open311_endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    changeset = _changeset()
    data = {
        "changeset": changeset,
        "contact": _(
            "Call Center 1500444 Pemerintah Kota Bekasi (24 jam), atau kanal SP4N-LAPOR!."
        ),
        "key_service": _(
            "api_key adalah token API akun Anda; buat di %(url)s setelah masuk, atau minta "
            "kepada administrator platform."
        )
        % {"url": request.build_absolute_uri(reverse("core:token_list"))},
        "endpoints": [
            {
                "specification": serializers.SPECIFICATION_URL,
                "url": _base_url(request),
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, "discovery", data)


@open311_endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    services = [serializers.service_item(category) for category in selectors.service_list()]
    return render(fmt, "services", services)


@open311_endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, service_code: str) -> HttpResponse:
    category = selectors.service_get(code=service_code)
    if category is None:
        raise Open311Error(
            404, [_("service_code tidak dikenal: %(code)s") % {"code": service_code}]
        )
    return render(fmt, "service_definition", serializers.service_definition(category))


def _media_url(request: HttpRequest, case) -> str | None:
    """The first public photo of the reporter, else the link the Open311 client sent."""
    if case.public_media:
        return request.build_absolute_uri(case.public_media[0].file.url)
    if case.media_links:
        return case.media_links[0].data.get(MEDIA_URL_KEY)
    return None


def _request_items(request: HttpRequest, cases) -> list[dict]:
    return [serializers.request_item(case, media_url=_media_url(request, case)) for case in cases]


@open311_endpoint("GET", "POST")
def requests_endpoint(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _request_create(request, fmt)
    filters = parse_request_filters(request.GET)
    cases = selectors.request_list(
        tracking_numbers=filters.tracking_numbers,
        service_codes=filters.service_codes,
        start=filters.start,
        end=filters.end,
        statuses=filters.statuses,
    )
    return render(fmt, "service_requests", _request_items(request, cases))


@open311_endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, service_request_id: str) -> HttpResponse:
    case = selectors.request_get(tracking_number=service_request_id)
    if case is None:
        raise Open311Error(
            404,
            [_("service_request_id tidak ditemukan: %(id)s") % {"id": service_request_id}],
        )
    return render(fmt, "service_requests", _request_items(request, [case]))


@open311_endpoint("GET")
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    tracking_number = selectors.request_id_for_token(token=token)
    if tracking_number is None:
        raise Open311Error(404, [_("Token tidak ditemukan: %(token)s") % {"token": token}])
    return render(fmt, "service_requests", [serializers.token_item(tracking_number, token)])


def _region_codes(address_id: str) -> dict[str, str]:
    """address_id = the Kemendagri code of a kelurahan or kecamatan of Kota Bekasi."""
    if not address_id:
        return {}
    level = Region.objects.filter(code=address_id).values_list("level", flat=True).first()
    if level == RegionLevel.KELURAHAN:
        return {"kelurahan_code": address_id}
    if level == RegionLevel.KECAMATAN:
        return {"kecamatan_code": address_id}
    raise Open311Error(
        400,
        [_("address_id tidak dikenal: gunakan kode Kemendagri kecamatan atau kelurahan "
           "Kota Bekasi (mis. 32.75.01).")],
    )  # fmt: skip


def validation_descriptions(error: ValidationError) -> list[str]:
    """A service's ValidationError as one description per message, prefixed by the Open311
    name of the parameter at fault."""
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    descriptions = []
    for field, messages in error.message_dict.items():
        name = OPEN311_FIELD_NAMES.get(field, field)
        for message in messages:
            descriptions.append(message if field == "__all__" else f"{name}: {message}")
    return descriptions


def _request_create(request: HttpRequest, fmt: str) -> HttpResponse:
    api_key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    user = token_authenticate(raw=api_key) if api_key else None
    if user is None:
        raise Open311Error(
            403,
            [_("api_key tidak ada atau tidak valid; laporan tidak dibuat.")]
            if api_key
            else [_("api_key wajib diisi untuk membuat laporan.")],
        )
    form = parse_request_form(request.POST)
    category = selectors.service_get(code=form.service_code, with_attributes=False)
    if category is None:
        raise Open311Error(
            400, [_("service_code tidak dikenal: %(code)s") % {"code": form.service_code}]
        )
    try:
        case = open311_request_create(
            actor=user,
            category=category,
            form=form,
            region_codes=_region_codes(form.address_id),
        )
    except ValidationError as error:
        raise Open311Error(400, validation_descriptions(error)) from None
    item = serializers.created_item(case, token=request_token(case.tracking_number))
    return render(fmt, "service_requests", [item])


@csrf_exempt
def not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Any other path under /open311/v2/: a 404 error list (never a slash redirect)."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return render_errors(fmt, 404, [_("Sumber daya Open311 tidak ditemukan.")])
