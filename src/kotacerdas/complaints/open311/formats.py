"""Open311 GeoReport v2 output: the same data as JSON or as the specification's XML.

The specification (wiki.open311.org/GeoReport_v2) fixes the XML element names: a list of
services is `<services><service>`, requests `<service_requests><request>`, errors
`<errors><error>`; nested lists name their items in the singular (`<attributes><attribute>`,
`<values><value>`, `<endpoints><endpoint>`, `<formats><format>`). Dates are ISO 8601 with the
offset of Asia/Jakarta (+07:00). Everything is UTF-8.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpResponse

JAKARTA = ZoneInfo("Asia/Jakarta")
FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# The element name of one item of a nested list, by the name of the list.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
# Characters XML 1.0 cannot carry at all (a pasted control character must not break a client).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def iso(moment: dt.datetime | None) -> str | None:
    """`2026-11-28T10:15:00+07:00`: W3C date-time, seconds precision, Jakarta offset."""
    if moment is None:
        return None
    return moment.astimezone(JAKARTA).replace(microsecond=0).isoformat()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _XML_INVALID.sub("", str(value))


def _append(parent: ET.Element, name: str, value: Any) -> None:
    element = ET.SubElement(parent, name)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _append(element, item_name, item)
    else:
        element.text = _text(value)


def to_xml(root_name: str, data: Any) -> str:
    """`data` (a dict, or a list of the root's items) as the specification's XML document."""
    root = ET.Element(root_name)
    if isinstance(data, list):
        item_name = ITEM_NAMES[root_name]
        for item in data:
            _append(root, item_name, item)
    else:
        for key, value in data.items():
            _append(root, key, value)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def render(fmt: str, root_name: str, data: Any, *, status: int = 200) -> HttpResponse:
    """One response in the format the client asked for by the path's extension."""
    body = to_json(data) if fmt == "json" else to_xml(root_name, data)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=CONTENT_TYPES[fmt])


def render_errors(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    """The specification's error list: `[{code, description}]` / `<errors><error>`."""
    errors = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, "errors", errors, status=status)
