"""The one view of the Action API: read the request data as CKAN does (GET query string for
reads; POST JSON body, urlencoded JSON, form fields or multipart with files), authenticate
by API token, call the action and answer with CKAN's envelope and status code.

CSRF-exempt because it never uses the session: only an API token identifies the caller.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.opendata.selectors.search_cache import Encoded

from .actions import Context, load
from .auth import api_user
from .envelope import encode, help_url, success_body
from .errors import ActionError, BadRequest, ValidationFailed

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/json;charset=utf-8"


def _json(status: int, payload: Any) -> HttpResponse:
    return HttpResponse(encode(payload), status=status, content_type=CONTENT_TYPE)


def _bad_request(message: str) -> HttpResponse:
    return _json(400, f"Bad request - {message}")


def _mixed(multi) -> dict[str, Any]:
    """CKAN's `mixed`: a list where a key repeats, the single value otherwise."""
    return {key: values[0] if len(values) == 1 else values for key, values in multi.lists()}


def request_data(request, *, side_effect_free: bool) -> dict[str, Any]:
    if request.method == "GET":
        if not side_effect_free:
            raise BadRequest("JSON Error: Invalid request. Please use POST method for your request")
        return _mixed(request.GET)
    if request.method != "POST":
        raise BadRequest("JSON Error: Invalid request. Please use POST method for your request")
    content_type = request.content_type or ""
    data: Any = {}
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = request.POST
        values = [value for _key, value in form.items()]
        if len(values) == 1 and values[0] in ("1", "") and not request.FILES:
            try:  # a JSON body posted as a form key, as old clients do
                data = json.loads(next(iter(form.keys())))
            except ValueError as exc:
                raise BadRequest(f"JSON Error: Error decoding JSON data. Error: {exc!r}") from None
        else:
            data = _mixed(form)
    elif request.body:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BadRequest(f"JSON Error: Error decoding JSON data. Error: {exc!r}") from None
    if not isinstance(data, dict):
        raise BadRequest(
            f"JSON Error: Request data JSON decoded to {data!r} but it needs to be a dictionary."
        )
    for name, upload in request.FILES.items():
        data[name] = upload
    return data


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def refuse_nul(data: dict[str, Any]) -> None:
    """A NUL character (%00) cannot be stored nor compared by PostgreSQL: a Validation Error
    names the parameter instead of a server error."""
    bad = [key for key, value in data.items() if _has_nul(key) or _has_nul(value)]
    if bad:
        raise ValidationFailed({key: [_("Tidak boleh berisi karakter NUL")] for key in bad})


@csrf_exempt
def action(request, name: str) -> HttpResponse:
    found = load().get(name)
    if found is None:
        return _bad_request(f"Action name not known: {name}")
    try:
        data = request_data(request, side_effect_free=found.side_effect_free)
    except BadRequest as exc:
        return _bad_request(exc.message)
    data.pop("callback", None)
    ctx = Context(request=request, user=api_user(request))
    try:
        refuse_nul(data)
        if found.side_effect_free:
            result = found.function(ctx, data)
        else:
            with transaction.atomic():
                result = found.function(ctx, data)
    except ActionError as exc:
        return _failed(request, name, exc.status, exc.error_dict())
    except Exception:
        log.exception("CKAN action %s failed", name)
        error = {"__type": "Internal Server Error", "message": "Internal Server Error"}
        return _failed(request, name, 500, error)
    if isinstance(result, Encoded):  # the whole envelope, encoded once (a cached search)
        return HttpResponse(result, content_type=CONTENT_TYPE)
    return HttpResponse(success_body(request, name, result), content_type=CONTENT_TYPE)


def _failed(request, name: str, status: int, error: dict) -> HttpResponse:
    return _json(status, {"help": help_url(request, name), "success": False, "error": error})
