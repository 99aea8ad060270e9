"""The working-day calendar: a month grid and the year's days off; admins keep local days off."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotacerdas.core import permissions, workdays
from kotacerdas.core.models import LocalDayOff
from kotacerdas.core.services.calendar import local_day_off_create, local_day_off_delete

MIN_YEAR, MAX_YEAR = 2000, 2100
KIND_LABELS = {
    workdays.KIND_NATIONAL: gettext_lazy("Libur nasional"),
    workdays.KIND_CUTI_BERSAMA: gettext_lazy("Cuti bersama"),
    workdays.KIND_LOCAL: gettext_lazy("Libur daerah"),
}


class LocalDayOffForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Tanggal"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=gettext_lazy("Keterangan"), max_length=200)


def _int_param(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def _month_url(year: int, month: int) -> str:
    return f"{reverse('core:calendar')}?year={year}&month={month}"


def _month_grid(year: int, month: int, days_off: dict[dt.date, list[workdays.DayOff]]):
    today = timezone.localdate()
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for day in week:
            in_month = day.month == month
            offs = days_off.get(day, []) if in_month else []
            cells.append(
                {
                    "date": day,
                    "in_month": in_month,
                    "today": day == today,
                    "weekend": day.weekday() >= workdays.SATURDAY,
                    "working": in_month and day.weekday() < workdays.SATURDAY and not offs,
                    "days_off": offs,
                }
            )
        weeks.append(cells)
    return weeks


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = _int_param(request, "year", today.year, MIN_YEAR, MAX_YEAR)
    month = _int_param(request, "month", today.month, 1, 12)
    is_admin = permissions.is_admin(request.user)
    form = LocalDayOffForm()

    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(_("Hanya administrator yang boleh melakukan ini."))
        action = request.POST.get("action")
        if action == "add":
            form = LocalDayOffForm(request.POST)
            if form.is_valid():
                try:
                    day_off = local_day_off_create(
                        actor=request.user,
                        date=form.cleaned_data["date"],
                        name=form.cleaned_data["name"],
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("Hari libur daerah ditambahkan."))
                    return redirect(_month_url(day_off.date.year, day_off.date.month))
        elif action == "delete":
            day_off = get_object_or_404(LocalDayOff, pk=request.POST.get("pk") or 0)
            back = _month_url(day_off.date.year, day_off.date.month)
            local_day_off_delete(actor=request.user, day_off=day_off)
            messages.success(request, _("Hari libur daerah dihapus."))
            return redirect(back)
        else:
            return HttpResponseBadRequest(_("Tindakan tidak dikenal."))
    elif is_admin and request.GET.get("hapus"):
        day_off = get_object_or_404(LocalDayOff, pk=_int_param(request, "hapus", 0, 0, 2**62))
        return render(
            request,
            "core/calendar/confirm_delete.html",
            {"day_off": day_off, "cancel_url": _month_url(day_off.date.year, day_off.date.month)},
        )

    year_days = workdays.days_off_in_year(year)
    by_date: dict[dt.date, list[workdays.DayOff]] = {}
    for day in year_days:
        by_date.setdefault(day.date, []).append(day)
    previous = (year, month - 1) if month > 1 else (year - 1, 12)
    following = (year, month + 1) if month < 12 else (year + 1, 1)
    weeks = _month_grid(year, month, by_date)
    context = {
        "year": year,
        "month": month,
        "month_name": MONTHS[month],
        "weekday_names": [WEEKDAYS_ABBR[i] for i in range(7)],
        "weeks": weeks,
        "days_off": [
            {"day": day, "kind_label": KIND_LABELS[day.kind], "kind": day.kind} for day in year_days
        ],
        "working_days_in_month": sum(cell["working"] for week in weeks for cell in week),
        "previous_url": _month_url(*previous) if previous[0] >= MIN_YEAR else None,
        "next_url": _month_url(*following) if following[0] <= MAX_YEAR else None,
        "months": list(MONTHS.items()),
        "is_admin": is_admin,
        "form": form,
    }
    return render(request, "core/calendar/calendar.html", context)
