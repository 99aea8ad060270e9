"""Demo periodic report (Contoh): one semester report request, queued.

Generation happens at run time (the `kotacerdas db_worker` picks the task up), so the demo
holds no generated files. Idempotent: nothing is added when a report already exists.
"""

from __future__ import annotations

from typing import Any

DEMO_YEAR = 2026


def load(*, stdout: Any = None) -> None:
    from kotacerdas.core.models import User
    from kotacerdas.monitoring.models import PeriodicReport, ReportKind
    from kotacerdas.monitoring.services.reports import report_request

    if PeriodicReport.objects.exists():
        return
    actor = User.objects.filter(username="sekretariat").first()
    if actor is None:
        if stdout:
            stdout.write("Laporan contoh dilewati: akun contoh 'sekretariat' tidak ada.\n")
        return
    report = report_request(actor=actor, kind=ReportKind.SEMESTER, year=DEMO_YEAR, semester=1)
    if stdout:
        stdout.write(f"Permintaan laporan contoh dibuat: {report.title} (menunggu pembuatan).\n")
