"""Program tree speed (Issue 3 items 3 and 9): the demo seed, the tree page, the lazily loaded
activities, the activities API and a CSV/XLSX import of the whole demo tree.

No target in the issue; figures for the note. Runs inside `python -m bench` (whose main() sets
up a throw-away database), or on its own: `.venv/bin/python -m bench.bench_masterplan_tree`.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import time

REPEAT = 10


def _measure(client, url: str, **headers) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url, **headers)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    return statistics.median(timings), len(queries.captured_queries), len(response.content)


def _tree_file(*, broken: bool) -> bytes:
    """The demo tree as an import file (every row an update of an existing node)."""
    import openpyxl

    from kotacerdas.masterplan.models import Activity, Program
    from kotacerdas.masterplan.services.importing import TREE_COLUMNS

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(TREE_COLUMNS))

    def row(**values):
        cells = dict.fromkeys(TREE_COLUMNS, "")
        cells.update(values)
        return [cells[c] for c in TREE_COLUMNS]

    for program in Program.objects.filter(agency__isnull=False).select_related("agency"):
        sheet.append(row(tingkat="program", kode=program.code, nama=program.name,
                         kode_pd=program.agency.code))  # fmt: skip
    activities = Activity.objects.filter(agency__isnull=False).select_related("agency")
    for activity in activities.prefetch_related("budgets"):
        budgets = {f"anggaran_{b.source}": str(b.amount) for b in activity.budgets.all()}
        sheet.append(row(tingkat="kegiatan", kode=activity.code, nama=activity.name,
                         kode_pd=activity.agency.code, quick_win="ya" if activity.quick_win else "",
                         tahun_anggaran="2026" if budgets else "", **budgets))  # fmt: skip
    if broken:
        sheet.append(row(tingkat="kegiatan", kode="2.16.99.1.01", nama="x", kode_pd="DINKES",
                         tahun_anggaran="2026", anggaran_apbd="-1"))  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bench_masterplan_tree() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kotacerdas.core.demo import stakeholders
    from kotacerdas.core.tests.factories import ExecutiveFactory, UserFactory
    from kotacerdas.masterplan import demo
    from kotacerdas.masterplan.models import Activity, Program
    from kotacerdas.masterplan.services import importing

    print(f"program tree (Django test client, median of {REPEAT})")
    with contextlib.suppress(RuntimeError):
        setup_test_environment()
    stakeholders.load()
    started = time.perf_counter()
    demo.load()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"  {'demo.load() (first run, or after load_demo)':<46} {elapsed:>8.1f} ms")
    started = time.perf_counter()
    demo.load()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"  {'demo.load() again (idempotent, writes nothing)':<46} {elapsed:>8.1f} ms")
    print(f"  data: {Program.objects.count()} programs, {Activity.objects.count()} activities")
    client = Client()
    client.force_login(ExecutiveFactory())
    program = Program.objects.order_by("pk").first()
    pages = [
        ("tree page /rencana-induk/", "/rencana-induk/?tahun=2026", {}),
        ("tree, one dimension", "/rencana-induk/?dimensi=LIV&tahun=2026", {}),
        ("activities of a program (htmx fragment)",
         f"/rencana-induk/program/{program.pk}/kegiatan/?tahun=2026", {"HTTP_HX_REQUEST": "true"}),
        ("API /masterplan/activities (page of 50)", "/api/v1/masterplan/activities?year=2026", {}),
        ("API /masterplan/programs (page of 50)", "/api/v1/masterplan/programs?year=2026", {}),
    ]  # fmt: skip
    for name, url, headers in pages:
        median, queries, size = _measure(client, url, **headers)
        print(f"  {name:<46} median {median:>7.1f} ms  {queries:>3} queries  {size // 1024:>4} KiB")
    member = UserFactory(roles=["team_member"])
    for broken in (True, False):
        content = _tree_file(broken=broken)
        upload = SimpleUploadedFile("pohon.xlsx", content)
        started = time.perf_counter()
        try:
            summary = importing.tree_import(actor=member, uploaded_file=upload)
            outcome = f"written ({sum(summary.updated.values())} updates)"
        except importing.ImportFileError as exc:
            outcome = f"refused ({len(exc.errors)} row errors, nothing written)"
        elapsed = (time.perf_counter() - started) * 1000
        label = "import XLSX with one bad row" if broken else "import XLSX, all rows valid"
        print(f"  {label:<46} {elapsed:>8.1f} ms  {len(content) // 1024} KiB  {outcome}")


def main() -> int:
    import os
    import sys

    from bench.__main__ import WORKDIR  # noqa: F401  (sets the throw-away database settings)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        bench_masterplan_tree()
    finally:
        teardown_databases(old_config, verbosity=0)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
