"""The SP4N-LAPOR! interface and its HTTP implementation.

No public machine API of LAPOR! is documented, so the platform talks to an assumed JSON contract
(README, "SP4N-LAPOR! field mapping"), always through `LaporAdapter`: another transport (a new
LAPOR! version, a message bus) is a new subclass, the services stay as they are.

    GET  <url>/reports?since=<cursor>&limit=<n>   -> {"data": [report, ...], "next_cursor": "..."}
    GET  <url>/reports/<tracking_id>             -> {"data": report}              (404: unknown)
    POST <url>/reports/<tracking_id>/followups   <- {"idempotency_key", "status", "content", ...}
                                                 -> {"data": {"id": ..., "duplicate": bool}}
every request with `Authorization: Bearer <token>`; errors as {"error": {"code", "message"}}.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_TIMEOUT = 15.0
PAGE_SIZE = 50


class LaporError(Exception):
    """LAPOR! could not be reached or answered with an error (message in Indonesian)."""


class LaporNotConfigured(LaporError):
    """KOTACERDAS_LAPOR_URL / KOTACERDAS_LAPOR_TOKEN are not set."""


class LaporAuthError(LaporError):
    """LAPOR! refused the token (401/403)."""


class LaporServerError(LaporError):
    """LAPOR! answered 5xx, timed out or sent something that is not the contract's JSON."""


@dataclass(frozen=True)
class LaporPage:
    """One page of reports and the cursor to ask for the next one."""

    reports: list[dict[str, Any]] = field(default_factory=list)
    next_cursor: str = ""


class LaporAdapter(ABC):
    """What the platform needs from SP4N-LAPOR!."""

    @abstractmethod
    def pull(self, *, cursor: str, limit: int = PAGE_SIZE) -> LaporPage:
        """Reports created after `cursor` ("" = from the start), oldest first."""

    @abstractmethod
    def fetch(self, lapor_id: str) -> dict[str, Any] | None:
        """One report by its LAPOR! tracking id; None when LAPOR! does not know it."""

    @abstractmethod
    def push(self, lapor_id: str, followup: dict[str, Any]) -> dict[str, Any]:
        """Send a status change or follow-up; `followup["idempotency_key"]` makes a resend
        harmless on LAPOR!'s side."""


class HttpLaporAdapter(LaporAdapter):
    """The JSON-over-HTTPS implementation, configured by URL and token."""

    def __init__(self, url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not url or not token:
            raise LaporNotConfigured(not_configured_message())
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def __repr__(self) -> str:  # never the token
        return f"HttpLaporAdapter({self.url!r})"

    def _request(
        self, method: str, path: str, *, query: dict[str, Any] | None = None, body: Any = None
    ) -> tuple[int, Any]:
        url = f"{self.url}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise LaporServerError(
                _("SP4N-LAPOR! tidak dapat dihubungi (%(url)s): %(reason)s")
                % {"url": self.url, "reason": reason}
            ) from exc
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            payload = None
        if status in (401, 403):
            raise LaporAuthError(
                _("SP4N-LAPOR! menolak token (HTTP %(status)s); periksa KOTACERDAS_LAPOR_TOKEN.")
                % {"status": status}
            )
        if status == 404:
            return status, payload
        if status >= 400 or not isinstance(payload, dict):
            message = ""
            if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
                message = str(payload["error"].get("message", ""))[:200]
            raise LaporServerError(
                _("SP4N-LAPOR! menjawab HTTP %(status)s %(message)s")
                % {"status": status, "message": message or _("(jawaban bukan JSON yang sah)")}
            )
        return status, payload

    def pull(self, *, cursor: str, limit: int = PAGE_SIZE) -> LaporPage:
        _status, payload = self._request(
            "GET", "/reports", query={"since": cursor or "", "limit": limit}
        )
        reports = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(reports, list):
            raise LaporServerError(_("SP4N-LAPOR! mengirim daftar laporan yang tidak sah."))
        return LaporPage(
            reports=[r for r in reports if isinstance(r, dict)],
            next_cursor=str(payload.get("next_cursor") or cursor or ""),
        )

    def fetch(self, lapor_id: str) -> dict[str, Any] | None:
        status, payload = self._request("GET", f"/reports/{urllib.parse.quote(lapor_id, safe='')}")
        if status == 404:
            return None
        report = payload.get("data")
        return report if isinstance(report, dict) else None

    def push(self, lapor_id: str, followup: dict[str, Any]) -> dict[str, Any]:
        path = f"/reports/{urllib.parse.quote(lapor_id, safe='')}/followups"
        status, payload = self._request("POST", path, body=followup)
        if status == 404:
            raise LaporError(_("Laporan %(id)s tidak dikenal oleh SP4N-LAPOR!.") % {"id": lapor_id})
        return payload.get("data") or {}


def not_configured_message() -> str:
    return _(
        "SP4N-LAPOR! belum dikonfigurasi: setel KOTACERDAS_LAPOR_URL dan "
        "KOTACERDAS_LAPOR_TOKEN (lihat README)."
    )


def is_configured() -> bool:
    return bool(getattr(settings, "LAPOR_URL", "") and getattr(settings, "LAPOR_TOKEN", ""))


def get_adapter() -> LaporAdapter:
    """The adapter of the settings; raises LaporNotConfigured when URL or token is missing."""
    if not is_configured():
        raise LaporNotConfigured(not_configured_message())
    return HttpLaporAdapter(settings.LAPOR_URL, settings.LAPOR_TOKEN)
