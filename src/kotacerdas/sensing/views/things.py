"""The sensor list (filters, pagination, CSV), the map of sensors, and one Thing's page with
its latest values refreshed by htmx polling."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kotacerdas.core.models import Agency
from kotacerdas.core.models.regions import RegionLevel
from kotacerdas.sensing.models import ThingKind
from kotacerdas.sensing.selectors import pages as selectors
from kotacerdas.sensing.views.common import is_fragment, sensor_reader_required

PAGE_SIZE = 25


def _filter_context(request, filters: selectors.ThingFilters) -> dict:
    agencies = Agency.objects.filter(
        pk__in=selectors.things_visible(request.user).values("agency_id")
    ).order_by("name")
    return {
        "filters": filters,
        "kinds": ThingKind.choices,
        "statuses": selectors.STATUS_CHOICES,
        "agencies": agencies.only("id", "name"),
    }


@require_GET
@sensor_reader_required
def thing_list(request):
    filters = selectors.ThingFilters.parse(request.GET)
    now = timezone.now()
    queryset = selectors.thing_list(actor=request.user, filters=filters, now=now)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))
    context = {
        **_filter_context(request, filters),
        "page": page,
        "rows": selectors.thing_rows(page.object_list, now=now),
        "counts": selectors.status_counts(actor=request.user, now=now),
        "lag": selectors.ingestion_lag(actor=request.user, now=now),
    }
    if is_fragment(request):
        return render(request, "sensing/thing_list.html#results", context)
    return render(request, "sensing/thing_list.html", context)


@require_GET
@sensor_reader_required
def thing_export(request):
    """The filtered list as CSV, one line per datastream with its latest value."""
    now = timezone.now()
    filters = selectors.ThingFilters.parse(request.GET)
    things = selectors.thing_list(actor=request.user, filters=filters, now=now)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daftar-sensor.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("ID perangkat"),
            _("Nama perangkat"),
            _("Jenis"),
            _("Perangkat Daerah"),
            _("Status"),
            _("Aliran data"),
            _("Nilai terakhir"),
            _("Satuan"),
            _("Waktu nilai terakhir"),
            _("Jeda penerimaan (detik)"),
            _("Data contoh"),
        ]
    )
    things = list(things)
    for start in range(0, len(things), 500):
        for row in selectors.thing_rows(things[start : start + 500], now=now):
            thing = row["thing"]
            common = [
                thing.pk,
                thing.name,
                thing.get_kind_display(),
                thing.agency.name if thing.agency_id else "",
                row["status_label"],
            ]
            for stream in row["streams"] or [None]:
                if stream is None:
                    writer.writerow([*common, "", "", "", "", "", _("ya") if thing.is_demo else ""])
                    continue
                time = stream["time"]
                writer.writerow(
                    [
                        *common,
                        stream["name"],
                        "" if stream["value"] is None else stream["value"],
                        stream["unit"],
                        timezone.localtime(time).strftime("%Y-%m-%d %H:%M:%S") if time else "",
                        "" if stream["lag_seconds"] is None else f"{stream['lag_seconds']:.1f}",
                        _("ya") if thing.is_demo else "",
                    ]
                )
    return response


@require_GET
@sensor_reader_required
def sensor_map(request):
    filters = selectors.ThingFilters.parse(request.GET)
    geojson_url = reverse("core:region_geojson")
    return render(
        request,
        "sensing/map.html",
        {
            **_filter_context(request, filters),
            "kecamatan_geojson_url": f"{geojson_url}?tingkat={RegionLevel.KECAMATAN}",
            "features_url": reverse("sensing:map_geojson"),
            "lag": selectors.ingestion_lag(actor=request.user),
        },
    )


@require_GET
@sensor_reader_required
def map_geojson(request):
    filters = selectors.ThingFilters.parse(request.GET)
    response = JsonResponse(
        selectors.map_features(actor=request.user, filters=filters),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@sensor_reader_required
def thing_detail(request, pk: int):
    now = timezone.now()
    thing = selectors.thing_get(actor=request.user, pk=pk)
    annotated = selectors.thing_status_annotated(
        selectors.things_visible(request.user).filter(pk=thing.pk), now=now
    ).first()
    [row] = selectors.thing_rows([annotated], now=now)
    position = selectors.thing_positions([thing.pk]).get(thing.pk)
    context = {"thing": thing, "row": row, "position": position, "now": now}
    if is_fragment(request):
        return render(request, "sensing/thing_detail.html#latest", context)
    return render(request, "sensing/thing_detail.html", context)
