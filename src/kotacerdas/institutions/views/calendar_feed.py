"""The meeting calendar (a month grid) and the iCalendar feed.

Each user has a secret feed address (CalendarFeed.token) to paste into a calendar app; the
`.ics` address is served without login because the token is the credential. Regenerating it
makes the old address return 404.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from icalendar import Calendar, Event

from kotacerdas.institutions.models import MeetingStatus
from kotacerdas.institutions.selectors import meetings as selectors
from kotacerdas.institutions.services import meetings as services

UID_DOMAIN = "kotacerdas.bekasikota.go.id"


def _month(value: str) -> dt.date:
    try:
        year, month = (int(p) for p in (value or "").split("-", 1))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        today = timezone.localdate()
        return today.replace(day=1)


@login_required
def meeting_calendar(request):
    first = _month(request.GET.get("bulan", ""))
    weeks = selectors.meeting_month(actor=request.user, year=first.year, month=first.month)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "institutions/meetings/calendar.html",
        {
            "first": first,
            "weeks": weeks,
            "previous": previous,
            "following": following,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_page(request):
    if request.method == "POST":
        services.calendar_feed_regenerate(actor=request.user)
        messages.success(
            request, _("Alamat kalender dibuat ulang; alamat lama tidak berlaku lagi.")
        )
        return redirect("institutions:calendar_feed_page")
    feed = services.calendar_feed_get_or_create(actor=request.user)
    url = request.build_absolute_uri(
        reverse("institutions:calendar_feed", kwargs={"token": feed.token})
    )
    return render(request, "institutions/meetings/feed.html", {"feed": feed, "url": url})


def build_calendar(meetings, name: str) -> bytes:
    """An RFC 5545 calendar of the meetings, times in Asia/Jakarta."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Kota Cerdas Bekasi//Rapat Dewan Kota Cerdas//ID")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"rapat-{meeting.pk}@{UID_DOMAIN}")
        event.add("dtstamp", meeting.updated_at)
        event.add("dtstart", meeting.starts_at.astimezone(tz))
        event.add("dtend", meeting.ends_at.astimezone(tz))
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        description = meeting.agenda
        if meeting.online_url:
            description = f"{description}\n\n{meeting.online_url}".strip()
            event.add("url", meeting.online_url)
        if description:
            event.add("description", description)
        event.add(
            "status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
        )
        calendar.add_component(event)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()
    return calendar.to_ical()


@require_GET
def calendar_feed(request, token: str):
    feed = selectors.feed_by_token(token)
    body = build_calendar(selectors.feed_meetings(feed.user), _("Rapat Dewan Kota Cerdas"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rapat.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
