"""A local fake of SP4N-LAPOR! speaking the assumed contract (see adapter.py and the README).

Used by the tests (started on a free port in a thread) and by hand:
`kotacerdas lapor_fake_server --port 8090 --token rahasia --demo 5`. Data lives in memory.

    fake = FakeLaporServer(token="t").start()
    fake.add_report({...})               # a citizen reports on LAPOR!
    fake.fail_next_pushes(1)             # the next follow-up gets HTTP 503
    fake.followups                       # what the platform pushed
    fake.stop()
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

API_PREFIX = "/api/v1"
MAX_LIMIT = 100


class FakeLaporState:
    """Reports (in arrival order) and the follow-ups received, behind one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reports: dict[str, dict[str, Any]] = {}
        self.sequence: dict[str, int] = {}
        self.followups: list[dict[str, Any]] = []
        self.by_key: dict[str, dict[str, Any]] = {}
        self.failures_left = 0
        self.requests: list[tuple[str, str]] = []


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeLAPOR/1.0"
    state: FakeLaporState
    token: str

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str) -> None:
        self._send(status, {"error": {"code": code, "message": message}})

    def _authorised(self) -> bool:
        if self.headers.get("Authorization", "") == f"Bearer {self.token}":
            return True
        self._error(401, "unauthorized", "Token tidak sah.")
        return False

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        with self.state.lock:
            self.state.requests.append(("GET", url.path))
        if not self._authorised():
            return
        if url.path == f"{API_PREFIX}/reports":
            query = parse_qs(url.query)
            since = (query.get("since") or [""])[0]
            try:
                limit = max(1, min(MAX_LIMIT, int((query.get("limit") or ["50"])[0])))
                after = int(since) if since else 0
            except ValueError:
                self._error(400, "bad_request", "since/limit tidak sah.")
                return
            with self.state.lock:
                rows = [
                    (seq, self.state.reports[key])
                    for key, seq in self.state.sequence.items()
                    if seq > after
                ]
            rows.sort(key=lambda row: row[0])
            rows = rows[:limit]
            cursor = str(rows[-1][0]) if rows else since
            self._send(200, {"data": [r for _s, r in rows], "next_cursor": cursor})
            return
        match = re.fullmatch(rf"{API_PREFIX}/reports/([^/]+)", url.path)
        if match:
            with self.state.lock:
                report = self.state.reports.get(unquote(match.group(1)))
            if report is None:
                self._error(404, "not_found", "Laporan tidak ditemukan.")
            else:
                self._send(200, {"data": report})
            return
        self._error(404, "not_found", "Alamat tidak dikenal.")

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        with self.state.lock:
            self.state.requests.append(("POST", url.path))
        if not self._authorised():
            return
        match = re.fullmatch(rf"{API_PREFIX}/reports/([^/]+)/followups", url.path)
        if not match:
            self._error(404, "not_found", "Alamat tidak dikenal.")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
        except (ValueError, json.JSONDecodeError):
            self._error(400, "bad_request", "Badan permintaan bukan JSON.")
            return
        lapor_id = unquote(match.group(1))
        with self.state.lock:
            failing = self.state.failures_left > 0
            if failing:
                self.state.failures_left -= 1
        if failing:
            self._error(503, "unavailable", "Layanan sedang sibuk.")
            return
        key = str(body.get("idempotency_key") or "") if isinstance(body, dict) else ""
        if not key or not body.get("content"):
            self._error(422, "invalid", "idempotency_key dan content wajib.")
            return
        with self.state.lock:
            report = self.state.reports.get(lapor_id)
            duplicate = key in self.state.by_key
            if report is not None and not duplicate:
                followup = {"id": len(self.state.followups) + 1, "tracking_id": lapor_id, **body}
                self.state.followups.append(followup)
                self.state.by_key[key] = followup
                if body.get("status"):
                    report["status"] = body["status"]
                report["updated_at"] = dt.datetime.now(dt.UTC).isoformat()
            followup = self.state.by_key.get(key, {})
        if report is None:
            self._error(404, "not_found", "Laporan tidak ditemukan.")
            return
        self._send(200 if duplicate else 201, {"data": {**followup, "duplicate": duplicate}})


class FakeLaporServer:
    """The fake LAPOR! on 127.0.0.1:<port> (0 = a free port) in a daemon thread."""

    def __init__(self, *, token: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = FakeLaporState()
        handler = type("Handler", (_Handler,), {"state": self.state, "token": token})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{API_PREFIX}"

    def start(self) -> FakeLaporServer:
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    # --- test helpers

    def add_report(self, report: dict[str, Any]) -> dict[str, Any]:
        """Store (or replace) a report; a new tracking id goes to the end of the feed."""
        report = {"status": "verifikasi", **report}
        key = str(report.get("tracking_id") or f"tanpa-id-{len(self.state.sequence) + 1}")
        with self.state.lock:
            self.state.reports[key] = report
            if key not in self.state.sequence:
                self.state.sequence[key] = len(self.state.sequence) + 1
        return report

    def set_status(self, tracking_id: str, status: str) -> None:
        with self.state.lock:
            self.state.reports[tracking_id]["status"] = status

    def remove_report(self, tracking_id: str) -> None:
        with self.state.lock:
            self.state.reports.pop(tracking_id, None)
            self.state.sequence.pop(tracking_id, None)

    def fail_next_pushes(self, count: int) -> None:
        with self.state.lock:
            self.state.failures_left = count

    @property
    def followups(self) -> list[dict[str, Any]]:
        with self.state.lock:
            return list(self.state.followups)


def demo_report(number: int) -> dict[str, Any]:
    """A believable report for trying the adapter by hand (marked "Contoh")."""
    places = [
        ("32.75.01.1003", "Durenjaya", "Bekasi Timur", "Jl. Ir. H. Juanda"),
        ("32.75.01.1001", "Bekasijaya", "Bekasi Timur", "Jl. Cut Meutia"),
    ]
    code, kelurahan, kecamatan, street = places[number % len(places)]
    categories = ["Infrastruktur", "Lingkungan Hidup dan Kehutanan", "Kategori Baru"]
    return {
        "tracking_id": f"{7100000 + number}",
        "title": f"Contoh: jalan berlubang di {street} ({number})",
        "content": f"Contoh laporan SP4N-LAPOR! nomor {number}: lubang besar di {street}.",
        "category": {"id": str(number % 3 + 1), "name": categories[number % 3]},
        "classification": "pengaduan",
        "location": {
            "kelurahan_code": code,
            "kelurahan": kelurahan,
            "kecamatan": kecamatan,
            "address": f"{street} no. {number}",
        },
        "attachments": [],
        "instansi": {"id": "3275", "name": "Pemerintah Kota Bekasi"},
        "is_anonymous": False,
        "is_secret": False,
        "reporter": {"name": "Contoh Pelapor", "phone": "", "email": ""},
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
    }
