"""Realisation per quarter (Issue 3 item 5): demo seed, bulk import, the progress selectors.

No speed target in the issue for these; the figures show what an agency's bulk upload and the
selectors other pages call cost on the demo data (300+ activities, four quarters).
Runs inside `python -m bench`, or on its own: `.venv/bin/python -m bench.bench_realisation`.
"""

from __future__ import annotations

import io
import time


def _seconds(function) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def bench_realisation() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kotacerdas.core.demo import load_demo
    from kotacerdas.core.models import AuditEvent, User
    from kotacerdas.masterplan.models import Activity
    from kotacerdas.monitoring.demo import realisation as demo
    from kotacerdas.monitoring.models import Realisation
    from kotacerdas.monitoring.selectors.progress import (
        latest_progress_by_activity,
        realisation_values_for_evaluation,
    )
    from kotacerdas.monitoring.services.bulk import bulk_template_xlsx, realisation_bulk_import
    from kotacerdas.monitoring.services.periods import period_ensure

    print("realisation per quarter (demo data)")
    load_demo()  # idempotent: whatever an earlier section loaded stays
    activities = list(Activity.objects.filter(is_demo=True).select_related("agency"))
    print(f"  {len(activities)} demo activities, {Realisation.objects.count()} realisations")
    seconds, _ = _seconds(demo.load)
    print(
        f"  {'demo realisation load, second run (nothing to write)':<52} {seconds * 1000:>9.1f} ms"
    )

    ids = [a.pk for a in activities]
    with CaptureQueriesContext(connection) as queries:
        seconds, progress = _seconds(lambda: latest_progress_by_activity(ids, 2026))
    print(f"  {'latest_progress_by_activity (all activities)':<52} {seconds * 1000:>9.1f} ms"
          f"  {len(queries)} query, {len(progress)} activities")  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        seconds, values = _seconds(lambda: realisation_values_for_evaluation(2026))
    print(f"  {'realisation_values_for_evaluation(2026)':<52} {seconds * 1000:>9.1f} ms"
          f"  {len(queries)} queries, {len(values)} activities")  # fmt: skip

    admin, _created = User.objects.get_or_create(
        username="bench-realisasi", defaults={"roles": ["administrator"]}
    )
    period = period_ensure(year=2027, quarter=1)  # an open quarter with no realisation yet
    seconds, content = _seconds(
        lambda: bulk_template_xlsx(actor=admin, period=period, activities=activities)
    )
    print(f"  {'XLSX template for every demo activity':<52} {seconds * 1000:>9.1f} ms"
          f"  {len(content) // 1024} KiB")  # fmt: skip

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Realisasi"]
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=5, value=20 + row % 30)
        sheet.cell(row=row, column=6, value=1_000_000)
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    events = AuditEvent.objects.count()
    seconds, result = _seconds(
        lambda: realisation_bulk_import(
            actor=admin, period=period, upload=SimpleUploadedFile("bench.xlsx", data)
        )
    )
    print(f"  {'bulk import: check + write every row (one file)':<52} {seconds * 1000:>9.1f} ms"
          f"  {result.written} rows, {len(result.errors)} errors,"
          f" {AuditEvent.objects.count() - events} audit events")  # fmt: skip
    bad = openpyxl.load_workbook(io.BytesIO(data))
    bad["Realisasi"].cell(row=sheet.max_row, column=5, value=140)
    buffer = io.BytesIO()
    bad.save(buffer)
    period2 = period_ensure(year=2027, quarter=2)
    seconds, result = _seconds(
        lambda: realisation_bulk_import(
            actor=admin, period=period2, upload=SimpleUploadedFile("bad.xlsx", buffer.getvalue())
        )
    )
    print(f"  {'bulk import: whole file checked, one bad row':<52} {seconds * 1000:>9.1f} ms"
          f"  {result.written} rows written, {len(result.errors)} error")  # fmt: skip


def main() -> int:
    import os

    from bench.__main__ import WORKDIR  # noqa: F401  (sets the throw-away database settings)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        bench_realisation()
    finally:
        teardown_databases(old_config, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
