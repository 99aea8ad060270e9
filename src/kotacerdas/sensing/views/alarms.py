"""The alarm console: active, acknowledged and cleared alarms with the places at risk and their
ETA, refreshed by htmx polling; each gauge's ladder with its current level and the P2C forecast
next to it; acknowledging an alarm through a confirmation page (Pasal 24(4))."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kotacerdas.sensing.errors import SensingError
from kotacerdas.sensing.selectors import alerts as alert_selectors
from kotacerdas.sensing.selectors import pages_alerts
from kotacerdas.sensing.services.alerts import alarm_acknowledge
from kotacerdas.sensing.views.common import is_fragment, sensor_reader_required

STATUS_TABS = [
    ("open", gettext_lazy("Belum selesai")),
    ("active", gettext_lazy("Aktif")),
    ("acknowledged", gettext_lazy("Ditanggapi")),
    ("cleared", gettext_lazy("Selesai")),
    ("recent", gettext_lazy("7 hari terakhir")),
]


def _alarm_or_404(request, pk: int):
    from django.http import Http404

    try:
        return alert_selectors.alarm_get(actor=request.user, alarm_id=pk)
    except SensingError as exc:
        raise Http404(_("Alarm tidak ditemukan.")) from exc


@require_GET
@sensor_reader_required
def alarm_console(request):
    status = request.GET.get("status", "open")
    if status not in dict(STATUS_TABS):
        status = "open"
    context = {
        "status": status,
        "tabs": STATUS_TABS,
        "rows": alert_selectors.alarm_list(actor=request.user, status=status),
        "now": timezone.now(),
    }
    if is_fragment(request):
        return render(request, "sensing/alarm_console.html#alarms", context)
    context["gauges"] = pages_alerts.gauge_ladders(actor=request.user)
    context["forecast"] = pages_alerts.forecast_any()
    return render(request, "sensing/alarm_console.html", context)


@require_http_methods(["GET", "POST"])
@sensor_reader_required
def alarm_acknowledge_confirm(request, pk: int):
    """GET: what is being acknowledged, with an optional note; POST: acknowledge."""
    alarm = _alarm_or_404(request, pk)
    if request.method == "POST":
        note = request.POST.get("catatan", "")[:1000]
        try:
            alarm_acknowledge(actor=request.user, alarm=alarm, note=note)
        except SensingError as exc:
            messages.error(request, pages_alerts.error_message(exc))
        else:
            messages.success(request, _("Alarm ditanggapi. Terima kasih."))
        return redirect("sensing:alarm_console")
    return render(
        request,
        "sensing/alarm_acknowledge.html",
        {"alarm": alarm, "events": alert_selectors.alarm_events(alarm=alarm)},
    )
