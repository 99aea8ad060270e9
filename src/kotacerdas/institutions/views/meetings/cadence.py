"""The cadence compliance table (Pasal 10(4)): komisi x three-month windows of a term, with a
legend, counts, a term selector and CSV export."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.institutions import permissions
from kotacerdas.institutions.models import CouncilTerm
from kotacerdas.institutions.selectors import meetings as selectors
from kotacerdas.institutions.selectors.cadence import STATE_ORDER, CellState, cadence_table

from .common import to_int

STATE_LABELS = {
    CellState.MET: gettext_lazy("Terpenuhi"),
    CellState.SCHEDULED: gettext_lazy("Terjadwal"),
    CellState.AT_RISK: gettext_lazy("Hampir terlewat"),
    CellState.OPEN: gettext_lazy("Berjalan"),
    CellState.MISSED: gettext_lazy("Terlewat"),
    CellState.FUTURE: gettext_lazy("Belum dimulai"),
}
STATE_CLASSES = {
    CellState.MET: "text-bg-success",
    CellState.SCHEDULED: "text-bg-info",
    CellState.AT_RISK: "text-bg-warning",
    CellState.OPEN: "text-bg-light border",
    CellState.MISSED: "text-bg-danger",
    CellState.FUTURE: "text-bg-secondary",
}


def _term(request) -> CouncilTerm | None:
    term_id = to_int(request.GET.get("periode"))
    if term_id:
        return get_object_or_404(CouncilTerm, pk=term_id)
    return selectors.current_term()


@login_required
def cadence(request):
    permissions.require_read(request.user)
    term = _term(request)
    table = cadence_table(term) if term else None
    legend = (
        [
            {
                "state": s,
                "label": STATE_LABELS[s],
                "css": STATE_CLASSES[s],
                "count": table.counts[s],
            }
            for s in STATE_ORDER
        ]
        if table
        else []
    )
    rows = []
    if table:
        for commission, cells in table.rows:
            rows.append(
                (
                    commission,
                    [
                        {"cell": c, "label": STATE_LABELS[c.state], "css": STATE_CLASSES[c.state]}
                        for c in cells
                    ],
                )
            )
    return render(
        request,
        "institutions/meetings/cadence.html",
        {"term": term, "table": table, "rows": rows, "legend": legend, "terms": selectors.terms()},
    )


@login_required
def cadence_export(request):
    permissions.require_read(request.user)
    term = _term(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kepatuhan-rapat.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Komisi"), _("Jendela"), _("Mulai"), _("Selesai"), _("Terlaksana"),
                     _("Terjadwal"), _("Status")])  # fmt: skip
    if term:
        for commission, cells in cadence_table(term).rows:
            for c in cells:
                writer.writerow(
                    [
                        commission.name,
                        c.window.index,
                        c.window.start.isoformat(),
                        c.window.end.isoformat(),
                        c.held,
                        c.scheduled,
                        STATE_LABELS[c.state],
                    ]
                )
    return response
