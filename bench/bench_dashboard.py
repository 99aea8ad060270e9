"""Evaluation dashboard speed (Issue 3): server time and query count of the dimension dashboard
with roll-ups on the demo data (45 priority programs, 300+ activities, four quarters).

Target: at most 150 ms server time; a query count that does not grow with the activities.
Runs inside `python -m bench` (whose main() sets up a throw-away database), or on its own:
`.venv/bin/python -m bench.bench_dashboard`.
"""

from __future__ import annotations

import contextlib
import statistics
import time

REPEAT = 20
TARGET_MS = 150


def _demo_data() -> str:
    """Load the demo seed; fall back to a synthetic set of the same size if it is thin."""
    from kotacerdas.core.demo import load_demo
    from kotacerdas.masterplan.models import Activity

    load_demo()
    if Activity.objects.count() >= 300:
        return "demo seed (kotacerdas.core.demo.load_demo)"
    _synthetic()
    return "synthetic (45 PP / 320 activities / 4 quarters; the demo seed was incomplete)"


def _synthetic() -> None:
    import decimal
    import random

    from kotacerdas.masterplan.models import Dimension
    from kotacerdas.masterplan.tests.factories import (
        ActivityFactory,
        BudgetAllocationFactory,
        IndicatorFactory,
        IndicatorTargetFactory,
        PriorityProgramFactory,
        ProgramFactory,
    )
    from kotacerdas.monitoring.models import RealisationStatus
    from kotacerdas.monitoring.tests.factories import (
        IndicatorValueFactory,
        RealisationFactory,
        ReportingPeriodFactory,
    )

    rng = random.Random(45)
    dimensions = list(Dimension.objects.order_by("order"))
    pps = [
        PriorityProgramFactory(number=n, dimension=dimensions[(n - 1) % len(dimensions)])
        for n in range(1, 46)
    ]
    periods = [ReportingPeriodFactory(year=2026, quarter=q) for q in (1, 2, 3, 4)]
    programs = [ProgramFactory(priority_program=pps[i % 45]) for i in range(107)]
    for i in range(320):
        activity = ActivityFactory(program=programs[i // 3])
        amount = decimal.Decimal(rng.randrange(50, 900) * 1_000_000)
        BudgetAllocationFactory(activity=activity, year=2026, amount=amount)
        indicator = IndicatorFactory(activity=activity)
        IndicatorTargetFactory(indicator=indicator, year=2026, value=100)
        for period in periods:
            realisation = RealisationFactory(
                activity=activity, period=period, status=RealisationStatus.VERIFIED,
                physical_progress=decimal.Decimal(min(100, 25 * period.quarter)))  # fmt: skip
            IndicatorValueFactory(realisation=realisation, indicator=indicator,
                                  value=decimal.Decimal(rng.randrange(30, 130)))  # fmt: skip


def _measure(client, url: str) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates compiled, session loaded
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), min(timings), len(queries.captured_queries)


def bench_dashboard() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kotacerdas.core.tests.factories import ExecutiveFactory
    from kotacerdas.masterplan.models import Activity, Dimension, PriorityProgram
    from kotacerdas.monitoring.models import Realisation, RealisationStatus
    from kotacerdas.monitoring.selectors.evaluation import evaluation_city

    print(
        f"evaluation dashboards (Django test client, median of {REPEAT}; target <= {TARGET_MS} ms)"
    )
    with contextlib.suppress(RuntimeError):  # already set up
        setup_test_environment()  # the test client's host name, in-memory mail
    source = _demo_data()
    counted = Realisation.objects.filter(
        status__in=[RealisationStatus.VERIFIED, RealisationStatus.LOCKED]
    ).count()
    print(
        f"  data: {source}: {PriorityProgram.objects.count()} priority programs, "
        f"{Activity.objects.count()} activities, {Realisation.objects.count()} realisations "
        f"({counted} verified or locked)"
    )
    year = Realisation.objects.order_by("-period__year").values_list("period__year", flat=True)
    year = year.first() or 2026
    client = Client()
    client.force_login(ExecutiveFactory())
    started = time.perf_counter()
    city = evaluation_city(year=year)
    print(
        f"  evaluation_city() alone: {(time.perf_counter() - started) * 1000:.1f} ms; city "
        f"{city.achievement}% ({city.counted} activities counted, {city.blank} blank)"
    )
    pages = [(f"dimension dashboard /dimensi/{d.code}/", f"/monev/evaluasi/dimensi/{d.code}/")
             for d in Dimension.objects.order_by("order")]  # fmt: skip
    pages += [
        ("city overview", "/monev/evaluasi/"),
        ("implementer ranking", "/monev/evaluasi/pelaksana/"),
        ("public transparency page", "/monev/evaluasi/publik/"),
    ]
    worst = 0.0
    for name, url in pages:
        median, best, queries = _measure(client, f"{url}?tahun={year}")
        if url.startswith("/monev/evaluasi/dimensi/"):
            worst = max(worst, median)
        print(f"  {name:<46} median {median:>7.1f} ms  best {best:>7.1f} ms  {queries:>3} queries")
    verdict = "within" if worst <= TARGET_MS else "OVER"
    print(
        f"  slowest dimension dashboard: {worst:.1f} ms median "
        f"({verdict} the {TARGET_MS} ms target)"
    )


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
        bench_dashboard()
    finally:
        teardown_databases(old_config, verbosity=0)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
