from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> JsonResponse:
    """The one error shape of the API: a machine code and a human message (Indonesian)."""
    body: dict[str, Any] = {"error": {"code": code, "message": str(message)}}
    if details is not None:
        body["error"]["details"] = details
    return JsonResponse(body, status=status)
