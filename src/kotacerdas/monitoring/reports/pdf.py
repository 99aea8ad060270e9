"""The report as PDF (WeasyPrint): an A4 document with the charts as inline SVG.

Laid out for a later PAdES signature: the last page ends with a fixed-size signature box
("Ditandatangani secara elektronik"), and the file is a plain PDF (no encryption, no
permissions dictionary), so a signer such as pyHanko can add an incremental signature
revision without regenerating the document.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from kotacerdas.monitoring.reports.content import ReportContent


def report_html(content: ReportContent) -> str:
    # The chart is built by charts.py from escaped text and validated colours only.
    return render_to_string(
        "monitoring/reports/pdf.html",
        {"c": content, "chart": mark_safe(content.chart_svg)},
    )


def render_pdf(content: ReportContent) -> bytes:
    from weasyprint import HTML

    return HTML(string=report_html(content)).write_pdf()
