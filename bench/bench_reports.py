"""Periodic report speed (Issue 3): the annual report for the demo data (45 priority programs,
300+ activities, four quarters), content assembly, PDF (WeasyPrint) and DOCX (python-docx).

Target: at most 5 s each for the PDF and the DOCX. Runs inside `python -m bench` (whose
main() sets up a throw-away database), or on its own: `.venv/bin/python -m bench.bench_reports`.
"""

from __future__ import annotations

import datetime as dt
import time

REPEAT = 3
TARGET_S = 5.0


def _report_data() -> str:
    """The demo seed; a synthetic set of the same size when the seed is thin."""
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

    from kotacerdas.core.tests.factories import AgencyFactory
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

    rng = random.Random(29)
    dimensions = list(Dimension.objects.order_by("order"))
    agencies = [AgencyFactory() for _ in range(30)]
    pps = [
        PriorityProgramFactory(number=n, dimension=dimensions[(n - 1) % len(dimensions)])
        for n in range(1, 46)
    ]
    periods = [ReportingPeriodFactory(year=2026, quarter=q) for q in (1, 2, 3, 4)]
    program = None
    for i in range(320):
        if i % 3 == 0:
            program = ProgramFactory(priority_program=pps[i % 45], agency=agencies[i % 30])
        activity = ActivityFactory(
            program=program,
            quick_win=i % 17 == 0,
            roadmap_start_year=2025 + i % 3,
            roadmap_end_year=2026 + i % 3,
        )
        BudgetAllocationFactory(
            activity=activity, year=2026, amount=decimal.Decimal(rng.randrange(50, 900) * 1_000_000)
        )
        indicator = IndicatorFactory(activity=activity)
        IndicatorTargetFactory(indicator=indicator, year=2026, value=100)
        for period in periods:
            realisation = RealisationFactory(
                activity=activity,
                period=period,
                status=RealisationStatus.VERIFIED,
                physical_progress=decimal.Decimal(min(100, rng.randrange(10, 30) * period.quarter)),
                problems="Keterlambatan pengadaan (contoh)" if i % 11 == 0 else "",
            )
            IndicatorValueFactory(
                realisation=realisation,
                indicator=indicator,
                value=decimal.Decimal(rng.randrange(30, 130)),
            )


def _best(function, repeat: int = REPEAT):
    timings, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def bench_reports() -> None:
    import logging
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from weasyprint import HTML

    from kotacerdas.masterplan.models import Activity, PriorityProgram
    from kotacerdas.monitoring.models import PeriodicReport, Realisation, ReportKind, ReportStatus
    from kotacerdas.monitoring.reports.content import build_report_content
    from kotacerdas.monitoring.reports.docx import render_docx
    from kotacerdas.monitoring.reports.pdf import render_pdf, report_html
    from kotacerdas.monitoring.services.reports import report_build

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # one line per layout step
    print(
        f"periodic report, annual (best of {REPEAT}; target <= {TARGET_S:.0f} s for PDF and DOCX)"
    )
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kotacerdas-bench-media-"))
    source = _report_data()
    year = Realisation.objects.order_by("-period__year").values_list("period__year", flat=True)
    year = year.first() or 2026
    print(
        f"  data: {source}: {PriorityProgram.objects.count()} priority programs, "
        f"{Activity.objects.count()} activities, {Realisation.objects.count()} realisations "
        f"(year {year})"
    )
    report = PeriodicReport.objects.create(
        kind=ReportKind.ANNUAL,
        year=year,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        title=f"Laporan Tahunan {year} (bench)",
    )
    seconds, content = _best(lambda: build_report_content(report))
    print(
        f"  content (evaluation, ranking, quick wins, roadmap, annex)  {seconds:>7.2f} s  "
        f"({len(content.annex)} annex rows, {len(content.copies)} copies)"
    )
    pdf_seconds, pdf = _best(lambda: render_pdf(content))
    pages = len(HTML(string=report_html(content)).render().pages)
    verdict = "within" if pdf_seconds <= TARGET_S else "OVER"
    print(
        f"  PDF  (WeasyPrint)                                        {pdf_seconds:>7.2f} s  "
        f"({pages} pages, {len(pdf) / 1024:.0f} KiB; {verdict} target)"
    )
    docx_seconds, docx = _best(lambda: render_docx(content))
    verdict = "within" if docx_seconds <= TARGET_S else "OVER"
    print(
        f"  DOCX (python-docx)                                       {docx_seconds:>7.2f} s  "
        f"({len(docx) / 1024:.0f} KiB; {verdict} target)"
    )
    PeriodicReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    started = time.perf_counter()
    status = report_build(report_id=report.pk)
    print(
        f"  whole task (content + PDF + DOCX + SHA-256 + storing)    "
        f"{time.perf_counter() - started:>7.2f} s  (status {status})"
    )


def bench_masterplan_export() -> None:
    """The Rencana Induk export (Pasal 8) with the demo program tree in chapters III-IV and
    the Lampiran; generated on request (no background task), so it should stay in seconds."""
    from kotacerdas.masterplan.demo_document import load_document
    from kotacerdas.masterplan.documents import export, masterplan_to_pdf
    from kotacerdas.masterplan.models import Masterplan

    print(f"masterplan document export (best of {REPEAT})")
    load_document()
    masterplan = Masterplan.objects.order_by("version").first()
    if masterplan is None:
        print("  skipped: no masterplan version (demo accounts missing)")
        return
    pdf_seconds, pdf = _best(lambda: export._render_pdf(masterplan))
    print(f"  PDF  (WeasyPrint), rendered      {pdf_seconds:>7.2f} s  ({len(pdf) / 1024:.0f} KiB)")
    docx_seconds, docx = _best(lambda: export._render_docx(masterplan))
    print(
        f"  DOCX (python-docx), rendered     {docx_seconds:>7.2f} s  ({len(docx) / 1024:.0f} KiB)"
    )
    masterplan_to_pdf(masterplan=masterplan)  # fills the cache
    hit_seconds, _pdf = _best(lambda: masterplan_to_pdf(masterplan=masterplan))
    print(f"  PDF again, data unchanged (cache) {hit_seconds:>7.2f} s  (fingerprint + cache read)")


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
        bench_reports()
        bench_masterplan_export()
    finally:
        teardown_databases(old_config, verbosity=0)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
