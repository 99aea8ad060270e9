"""CKAN's response envelope (`help`, `success`, `result` or `error`) encoded as the API sends
it: compact JSON, UTF-8 as it is."""

from __future__ import annotations

import json
from typing import Any

from django.urls import reverse


def encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def help_url(request, name: str) -> str:
    path = reverse("opendata:ckan_action", args=["help_show"])
    return request.build_absolute_uri(f"{path}?name={name}")


def success_body(request, name: str, result: Any) -> bytes:
    """The whole body of a successful call of action `name`."""
    return encode({"help": help_url(request, name), "success": True, "result": result})
