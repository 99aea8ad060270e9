"""The SensorThings API 1.1 at `/sta/v1.1/` (issue #7 item 1): thin views that parse the path and
the query options, read through `selectors.sta`, write through the services of
`sensing.services.entities` / `sensing.services.observations`, and answer STA-style JSON.

Errors are `{"code": 400, "type": "error", "message": "..."}` as FROST-Server answers them.
Reads are public (see `selectors/sta.py`); writes need a token or HTTP Basic (`auth.py`).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from kotacerdas.sensing.errors import EntityNotFound, InvalidEntity, SensingError
from kotacerdas.sensing.selectors import sta as selectors
from kotacerdas.sensing.selectors.sta import Step

from .auth import NotAuthenticated, request_writer
from .links import Links
from .paths import ResourcePath, parse_path, require_entity_path
from .query import Query, QueryError, check_query, parse_query
from .resolver import ENTITIES, ENTITY_SETS, RESOLVER
from .serialize import PROPERTIES, Serializer
from .views_writes import create_observations_rows, write_create, write_delete, write_update

MAX_BODY_BYTES = 32 * 1024 * 1024  # a CreateObservations batch of ~200,000 rows

CONFORMANCE = [
    "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete",
    "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array",
]
MQTT_CREATE = "http://www.opengis.net/spec/iot_sensing/1.1/req/create-observations-via-mqtt/observations-creation"
MQTT_RECEIVE = (
    "http://www.opengis.net/spec/iot_sensing/1.1/req/receive-updates-via-mqtt/receive-updates"
)


class PayloadTooLarge(SensingError):
    status = 413


def json_response(doc: Any, status: int = 200) -> HttpResponse:
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str)
    return HttpResponse(body, status=status, content_type="application/json")


def error_response(status: int, message: str, **extra: Any) -> HttpResponse:
    doc = {"code": status, "type": "error", "message": message}
    doc.update({key: value for key, value in extra.items() if value is not None})
    response = json_response(doc, status)
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="SensorThings API", charset="UTF-8"'
    return response


def sta_endpoint(*methods: str) -> Callable:
    """CSRF-exempt (writes authenticate by token or Basic), method-checked, errors as STA JSON."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            if request.method not in methods:
                response = error_response(
                    405, _("Metode %(method)s tidak didukung di sini.") % {"method": request.method}
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, **kwargs)
            except QueryError as error:
                return error_response(
                    400, error.message, option=error.option, position=error.position
                )
            except SensingError as error:
                return error_response(error.status, error.message, field=error.field)
            except DjangoPermissionDenied as error:
                return error_response(403, str(error) or _("Anda tidak berhak melakukan ini."))

        return wrapper

    return decorate


def _mqtt_endpoint() -> str | None:
    """MQTT_URL without its credentials, if MQTT ingestion is installed and configured."""
    url = getattr(settings, "MQTT_URL", "")
    if not url or importlib.util.find_spec("kotacerdas.sensing.mqtt") is None:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, "", "", ""))


@sta_endpoint("GET")
def landing(request: HttpRequest) -> HttpResponse:
    links = Links(request)
    conformance = list(CONFORMANCE)
    server_settings: dict[str, Any] = {"conformance": conformance}
    mqtt = _mqtt_endpoint()
    if mqtt:
        conformance += [MQTT_CREATE, MQTT_RECEIVE]
        server_settings[MQTT_CREATE] = {"endpoints": [mqtt]}
        server_settings[MQTT_RECEIVE] = {"endpoints": [mqtt]}
    return json_response(
        {
            "value": [{"name": plural, "url": links.entity_set(plural)} for plural in ENTITY_SETS],
            "serverSettings": server_settings,
        }
    )


def read_json_body(request: HttpRequest) -> Any:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY_BYTES:
        raise PayloadTooLarge(
            _("Isi permintaan terlalu besar (paling banyak %(max)d MB).")
            % {"max": MAX_BODY_BYTES // (1024 * 1024)}
        )
    raw = request.read()  # not request.body: Django caps that at DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidEntity(
            _("Isi permintaan bukan JSON yang sah: %(error)s") % {"error": error}
        ) from error


@sta_endpoint("GET", "POST", "PATCH", "PUT", "DELETE")
def resource(request: HttpRequest, path: str) -> HttpResponse:
    resource_path = parse_path(path)
    links = Links(request)
    if request.method == "GET":
        return _read(request, resource_path, links)
    actor = request_writer(request)
    if request.method == "POST":
        if not resource_path.is_collection or resource_path.ref or resource_path.prop:
            raise InvalidEntity(_("Buat entitas baru lewat himpunannya, misalnya POST Things."))
        _require_parent(resource_path)
        entity, pk = write_create(
            actor=actor, steps=resource_path.steps, data=read_json_body(request)
        )
        response = _entity_response(request, links, entity, pk, status=201)
        response["Location"] = links.entity(ENTITIES[entity].plural, pk)
        return response
    require_entity_path(resource_path)
    step = resource_path.steps[-1]
    if not selectors.path_exists(resource_path.steps):
        raise _not_found(path)
    if request.method == "DELETE":
        write_delete(actor=actor, entity=step.entity, pk=step.pk)
        return HttpResponse(status=200)
    content_type = request.content_type or ""
    write_update(
        actor=actor,
        entity=step.entity,
        pk=step.pk,
        body=read_json_body(request),
        replace=request.method == "PUT",
        json_patch=content_type == "application/json-patch+json",
    )
    return _entity_response(request, links, step.entity, step.pk, status=200)


def _not_found(path: str) -> EntityNotFound:
    return EntityNotFound(_("Tidak ditemukan: %(path)s") % {"path": path})


def _require_parent(resource_path: ResourcePath) -> None:
    if len(resource_path.steps) > 1 and not selectors.path_exists(resource_path.steps[:-1]):
        raise _not_found("/".join(f"{s.entity}({s.pk})" for s in resource_path.steps[:-1]))


def _entity_response(
    request: HttpRequest, links: Links, entity: str, pk: int, *, status: int
) -> HttpResponse:
    row = selectors.entity_row(steps=[Step(entity, pk)], query=Query())
    if row is None:  # deleted by a cascade of the write itself: nothing to show
        return HttpResponse(status=status)
    return json_response(Serializer(links).entity(row, ENTITIES[entity], Query()), status)


def _read(request: HttpRequest, resource_path: ResourcePath, links: Links) -> HttpResponse:
    entity = resource_path.entity
    info = ENTITIES[entity]
    query = parse_query(request.GET)
    check_query(query, RESOLVER, entity)
    if query.result_format and entity != "Observation":
        raise QueryError(
            _("$resultFormat: dataArray is only for Observations"), None, "$resultFormat"
        )
    serializer = Serializer(links)
    steps = resource_path.steps
    if resource_path.is_collection:
        _require_parent(resource_path)
        page = selectors.entity_page(steps=steps, query=query)
        if resource_path.ref:
            doc: dict[str, Any] = {}
            if page.count is not None:
                doc["@iot.count"] = page.count
            doc["value"] = [
                {"@iot.selfLink": links.entity(info.plural, row["id"])} for row in page.rows
            ]
            if page.more:
                doc["@iot.nextLink"] = links.next_page(query.skip, query.top)
            return json_response(doc)
        return json_response(serializer.collection(page, info))
    row = selectors.entity_row(steps=steps, query=query)
    if row is None:
        raise _not_found(request.path)
    if resource_path.ref:
        return json_response({"@iot.selfLink": links.entity(info.plural, row["id"])})
    if resource_path.prop:
        value = PROPERTIES[entity](row).get(resource_path.prop)
        if resource_path.value:
            if isinstance(value, str):
                return HttpResponse(value, content_type="text/plain; charset=utf-8")
            return json_response(value)
        return json_response({resource_path.prop: value})
    return json_response(serializer.entity(row, info, query))


@sta_endpoint("POST")
def create_observations(request: HttpRequest) -> HttpResponse:
    """`POST CreateObservations` (§14.4): 201 and one self link per row, "error" for a bad row."""
    actor = request_writer(request)
    body = read_json_body(request)
    links = Links(request)
    results = create_observations_rows(actor=actor, body=body)
    return json_response(
        [links.entity("Observations", pk) if isinstance(pk, int) else "error" for pk in results],
        201,
    )


__all__ = ["NotAuthenticated", "create_observations", "landing", "resource"]
