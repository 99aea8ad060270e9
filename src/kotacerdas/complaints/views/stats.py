"""The complaints statistics page (issue #5 item 11): figures by agency, category, kecamatan
and channel, agency scorecards, a map; CSV and XLSX export. Figures come from
`selectors.stats`; this module only reads the filters and renders."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from kotacerdas.complaints.models import Channel
from kotacerdas.complaints.selectors import stats as selectors
from kotacerdas.core.models.regions import RegionLevel


def _columns() -> list[tuple[str, str]]:
    return [
        ("label", _("Nama")),
        ("total", _("Jumlah laporan")),
        ("open", _("Belum ditutup")),
        ("handled", _("Selesai/ditutup")),
        ("overdue", _("Pernah terlambat")),
        ("compliance", _("Kepatuhan SLA (%)")),
        ("median_verify", _("Median waktu verifikasi (jam)")),
        ("median_respond", _("Median waktu tindak lanjut pertama (jam)")),
        ("median_resolve", _("Median waktu selesai (jam)")),
        ("rating", _("Rata-rata penilaian")),
    ]


def _sections(figures: dict) -> list[tuple[str, str, list[dict]]]:
    return [
        ("agency", _("Perangkat Daerah"), figures["by_agency"]),
        ("category", _("Kategori"), figures["by_category"]),
        ("kecamatan", _("Kecamatan"), figures["by_kecamatan"]),
        ("channel", _("Kanal"), figures["by_channel"]),
    ]


def _cell(row: dict, key: str):
    value = row.get(key)
    if value is None:
        return ""
    return value if isinstance(value, int | float) else str(value)


@login_required
@require_GET
def stats_page(request):
    filters = selectors.StatsFilters.parse(request.GET)
    figures = selectors.complaint_stats(actor=request.user, filters=filters)
    query = request.GET.urlencode()
    return render(
        request,
        "complaints/stats/page.html",
        {
            **figures,
            "sections": _sections(figures),
            "columns": _columns()[1:],
            "channels": Channel.choices,
            "query": query,
            "map_url": reverse("complaints:stats_map") + (f"?{query}" if query else ""),
            "kecamatan_geojson_url": reverse("core:region_geojson")
            + f"?tingkat={RegionLevel.KECAMATAN}",
        },
    )


@login_required
@require_GET
def stats_map(request):
    """Cases per kecamatan and the grid of points (JSON for the page's map)."""
    filters = selectors.StatsFilters.parse(request.GET)
    selectors.require_stats_reader(request.user)
    return JsonResponse(selectors.kecamatan_map(selectors.stats_cases(filters)))


def _rows(figures: dict):
    columns = _columns()
    yield [_("Dimensi"), *(label for _key, label in columns)]
    for _dimension, title, rows in _sections(figures):
        for row in rows:
            yield [title, *(_cell(row, key) for key, _label in columns)]


@login_required
@require_GET
def stats_export_csv(request):
    figures = selectors.complaint_stats(
        actor=request.user, filters=selectors.StatsFilters.parse(request.GET)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="statistik-pengaduan.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in _rows(figures):
        writer.writerow(row)
    return response


@login_required
@require_GET
def stats_export_xlsx(request):
    """One sheet per dimension and one of the agency scorecards."""
    figures = selectors.complaint_stats(
        actor=request.user, filters=selectors.StatsFilters.parse(request.GET)
    )
    columns = _columns()
    workbook = Workbook()
    workbook.remove(workbook.active)
    for _dimension, title, rows in _sections(figures):
        sheet = workbook.create_sheet(title[:31])
        sheet.append([label for _key, label in columns])
        for row in rows:
            sheet.append([_cell(row, key) for key, _label in columns])
    sheet = workbook.create_sheet(_("Rapor Perangkat Daerah")[:31])
    sheet.append([_("Peringkat"), *(label for _key, label in columns)])
    for row in figures["scorecards"]:
        rank = row["rank"] if row["rank"] is not None else _("belum cukup data")
        sheet.append([rank, *(_cell(row, key) for key, _label in columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="statistik-pengaduan.xlsx"'
    return response
