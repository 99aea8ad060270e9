"""URC console (issue #5 item 7): a phone-sized page for field officers. Assigned cases, then
accept -> en route -> on site -> resolved with a photo and the position, via `urc_update`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kotacerdas.complaints.models import UrcStatus
from kotacerdas.complaints.selectors import urc as selectors
from kotacerdas.complaints.selectors.sla import sla_status
from kotacerdas.complaints.services import lifecycle
from kotacerdas.complaints.views.citizen import service_errors

PAGE_SIZE = 25
STEP_BUTTONS = {
    UrcStatus.ACCEPTED: gettext_lazy("Terima tugas"),
    UrcStatus.EN_ROUTE: gettext_lazy("Berangkat ke lokasi"),
    UrcStatus.ON_SITE: gettext_lazy("Sudah di lokasi"),
    UrcStatus.DONE: gettext_lazy("Selesai ditangani"),
}


def next_status(case) -> str:
    """The next URC step of `case` ('' when done)."""
    order = lifecycle.URC_ORDER
    current = order.index(case.urc_status) if case.urc_status in order else 0
    return order[current + 1] if current + 1 < len(order) else ""


@login_required
@require_GET
def urc_console(request):
    """The unit's cases to handle now (or, with ?selesai=1, those handled)."""
    done = request.GET.get("selesai") == "1"
    cases = selectors.urc_cases(actor=request.user, active=not done)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("halaman"))
    rows = [{"case": case, "clock": sla_status(case), "next": next_status(case)} for case in page]
    return render(
        request,
        "complaints/urc/console.html",
        {
            "page": page,
            "rows": rows,
            "done": done,
            "units": selectors.officer_units(request.user),
            "step_buttons": STEP_BUTTONS,
        },
    )


def _case_context(request, case, **extra) -> dict:
    status = next_status(case)
    return {
        "case": case,
        "clock": sla_status(case),
        "next": status,
        "next_label": STEP_BUTTONS.get(status, ""),
        "can_update": case.state in selectors.ACTIVE_STATES and bool(status),
        "evidence": case.attachments.filter(role="evidence"),
        "errors": {},
        "data": {},
        **extra,
    }


@login_required
@require_GET
def urc_case(request, number):
    case = selectors.urc_case_get(actor=request.user, tracking_number=number)
    return render(request, "complaints/urc/case.html", _case_context(request, case))


@login_required
@require_POST
def urc_step(request, number):
    """One step forward; 'done' with a camera photo and the position (or typed by hand)."""
    case = selectors.urc_case_get(actor=request.user, tracking_number=number)
    data = request.POST
    try:
        lifecycle.urc_update(
            actor=request.user,
            case=case,
            status=data.get("status", ""),
            version=data.get("version"),
            lat=data.get("lat") or None,
            lng=data.get("lng") or None,
            note=data.get("note", ""),
            evidence=request.FILES.getlist("evidence"),
        )
    except ValidationError as exc:
        case.refresh_from_db()
        context = _case_context(request, case, errors=service_errors(exc), data=data)
        return render(request, "complaints/urc/case.html", context, status=400)
    case.refresh_from_db()
    messages.success(
        request,
        _("Status %(number)s: %(status)s.")
        % {"number": case.tracking_number, "status": case.get_urc_status_display()},
    )
    if case.urc_status == UrcStatus.DONE:
        return redirect("complaints:urc_console")
    return redirect("complaints:urc_case", number=case.tracking_number)
