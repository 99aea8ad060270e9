"""`make bench`: figures for the audit chain, the working-day calendar and the bench_* modules.

Runs against a throw-away database of the configured engine (a temporary SQLite file, or
`test_<name>` on PostgreSQL when DATABASE_URL is set), never against var/ or production data.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

WORKDIR = Path(tempfile.mkdtemp(prefix="kotacerdas-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotacerdas.settings")
os.environ["KOTACERDAS_TESTING"] = "1"
os.environ["KOTACERDAS_VAR_DIR"] = str(WORKDIR)
os.environ["KOTACERDAS_TEST_SQLITE_PATH"] = str(WORKDIR / "bench.sqlite3")


def timed(function: Callable[[], object], *, repeat: int = 3) -> float:
    """The best of `repeat` wall-clock timings of `function()`, in seconds."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def report(name: str, count: int, seconds: float, unit: str = "ops") -> None:
    per_second = count / seconds if seconds else float("inf")
    print(
        f"  {name:<52} {count:>7} {unit:<7} {seconds * 1000:>9.1f} ms"
        f" {per_second:>12,.0f} {unit}/s {seconds / count * 1e6:>9.1f} us/{unit[:-1]}"
    )


def bench_audit() -> None:
    from django.db import transaction

    from kotacerdas.core.audit.chain import audit_record
    from kotacerdas.core.models import AuditEvent

    print("audit_record (hash chain, one row lock per event)")
    n = 500

    def one_transaction_each() -> None:
        for i in range(n):
            with transaction.atomic():
                audit_record(actor="bench", action="update", object_type="bench.Row",
                             object_id=i, changes={"value": [i, i + 1]})  # fmt: skip

    def one_transaction_for_all() -> None:
        with transaction.atomic():
            for i in range(n):
                audit_record(actor="bench", action="update", object_type="bench.Row",
                             object_id=i, changes={"value": [i, i + 1]})  # fmt: skip

    report("one transaction per event (a service call each)", n, timed(one_transaction_each))
    report("all events in one transaction (a bulk import)", n, timed(one_transaction_for_all))
    print(f"  ({AuditEvent.objects.count()} events in the chain after the runs)")


def bench_workdays() -> None:
    from kotacerdas.core import workdays
    from kotacerdas.core.models import LocalDayOff

    print("working-day arithmetic (holidays: national + cuti bersama + LocalDayOff rows)")
    LocalDayOff.objects.get_or_create(date=dt.date(2026, 7, 7), defaults={"name": "Bench"})
    rng = random.Random(32)
    starts = [dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365)) for _ in range(2000)]
    workdays._holidays.cache_clear()
    report("first holiday lookup of a year (cold cache)", 1,
           timed(lambda: workdays.national_holidays(2031), repeat=1))  # fmt: skip
    report("is_working_day", len(starts),
           timed(lambda: [workdays.is_working_day(d) for d in starts]))  # fmt: skip
    report("add_working_days(d, 5)  (an SLA of 5 days)", len(starts),
           timed(lambda: [workdays.add_working_days(d, 5) for d in starts]))  # fmt: skip
    report("add_working_days(d, 60)", len(starts),
           timed(lambda: [workdays.add_working_days(d, 60) for d in starts]))  # fmt: skip
    report("subtract_working_days(d, 10)", len(starts),
           timed(lambda: [workdays.subtract_working_days(d, 10) for d in starts]))  # fmt: skip
    report("count_working_days(d, d + 90 days)", len(starts),
           timed(lambda: [workdays.count_working_days(d, d + dt.timedelta(days=90))
                          for d in starts]))  # fmt: skip

    def reused() -> None:
        calendar = workdays.WorkingCalendar()
        for d in starts:
            calendar.add_working_days(d, 5)

    report("WorkingCalendar reused: add_working_days(d, 5)", len(starts), timed(reused))
    moments = [dt.datetime.combine(d, dt.time(14, 30), tzinfo=workdays.JAKARTA) for d in starts]
    report("working_deadline(t, 3)", len(moments),
           timed(lambda: [workdays.working_deadline(t, 3) for t in moments]))  # fmt: skip
    spread = [workdays.count_working_days(d, d + dt.timedelta(days=365)) for d in starts[:200]]
    print(f"  working days in a year from a random start: min {min(spread)}, "
          f"median {statistics.median(spread):g}, max {max(spread)}")  # fmt: skip


def main() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        print(
            f"Kota Cerdas Bekasi benchmarks — {connection.vendor}, Python {sys.version.split()[0]}"
        )
        print(f"  {'':<52} {'n':>7} {'':<7} {'best of 3':>12} {'throughput':>16} {'per item':>12}")
        bench_audit()
        bench_workdays()
        from bench.bench_dashboard import bench_dashboard

        bench_dashboard()
        from bench.bench_masterplan_tree import bench_masterplan_tree

        bench_masterplan_tree()
        from bench.bench_reports import bench_reports

        bench_reports()
        from bench.bench_realisation import bench_realisation

        bench_realisation()
        from bench.bench_open311 import bench_open311

        bench_open311()
        from bench.bench_complaints_sla import bench_complaints_sla

        bench_complaints_sla()
        from bench.bench_complaints_routing import bench_complaints_routing

        bench_complaints_routing()
        from bench.bench_satudata_search import bench_satudata_search

        bench_satudata_search()
        from bench.bench_opendata_load import bench_opendata_load

        bench_opendata_load()
        from bench.bench_sensing_sta import bench_sensing_sta

        bench_sensing_sta()
        from bench.bench_sensing_ingest import bench_sensing_ingest

        bench_sensing_ingest()
        from bench.bench_sensing_alerts import bench_sensing_alerts

        bench_sensing_alerts()
        from bench.bench_sensing_tracking import bench_sensing_tracking

        bench_sensing_tracking()
    finally:
        teardown_databases(old_config, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
