"""Reads of meetings and FGDs: lists with filters, one meeting with everything on its page, a
month of the calendar, the meetings of a user's iCalendar feed."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kotacerdas.core.models import Person
from kotacerdas.institutions.models import (
    Attendance,
    CalendarFeed,
    CouncilTerm,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    TermStatus,
)
from kotacerdas.institutions.permissions import can_manage, require_read


def _base() -> QuerySet[Meeting]:
    return (
        Meeting.objects.select_related("term", "invitation")
        .prefetch_related("commissions")
        .annotate(
            invited_count=Count("attendances", distinct=True),
            present_count=Count("attendances", filter=Q(attendances__present=True), distinct=True),
        )
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meeting_list(
    *,
    actor: Any,
    term_id: int | None = None,
    kind: str = "",
    commission_id: int | None = None,
    status: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> QuerySet[Meeting]:
    """Meetings the actor may read, newest first; dates are Asia/Jakarta calendar days."""
    require_read(actor)
    queryset = _base()
    if term_id:
        queryset = queryset.filter(term_id=term_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    if commission_id:
        queryset = queryset.filter(commissions__id=commission_id)
    if status:
        queryset = queryset.filter(status=status)
    if date_from:
        queryset = queryset.filter(starts_at__gte=_day_start(date_from))
    if date_to:
        queryset = queryset.filter(starts_at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(agenda__icontains=search))
    return queryset.order_by("-starts_at", "-id")


def meeting_get(*, actor: Any, pk: int) -> Meeting:
    require_read(actor)
    return get_object_or_404(
        Meeting.objects.select_related("term", "invitation", "created_by").prefetch_related(
            "commissions",
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person__organisation").order_by(
                    "role", "person__name"
                ),
            ),
            "checklist__done_by",
            "documents",
        ),
        pk=pk,
    )


def meeting_minutes(meeting: Meeting) -> Minutes | None:
    return (
        Minutes.objects.filter(meeting=meeting)
        .select_related("recorded_by")
        .prefetch_related("action_items__owner_agency", "distributions__person")
        .first()
    )


def distribution_candidates(meeting: Meeting) -> QuerySet[Person]:
    """Who the minutes may go to: the invitees first (everyone else can be chosen via the API)."""
    return Person.objects.filter(attendances__meeting=meeting).order_by("name").distinct()


def terms() -> QuerySet[CouncilTerm]:
    return CouncilTerm.objects.order_by("-number")


def current_term() -> CouncilTerm | None:
    """The active term, else the newest one."""
    return CouncilTerm.objects.filter(status=TermStatus.ACTIVE).order_by("-number").first() or (
        CouncilTerm.objects.order_by("-number").first()
    )


def meeting_month(*, actor: Any, year: int, month: int) -> list[list[dict[str, Any]]]:
    """The weeks (Monday first) of a month; each day {date, in_month, meetings}."""
    require_read(actor)
    first = dt.date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start, end = weeks[0][0], weeks[-1][-1]
    by_day: dict[dt.date, list[Meeting]] = {}
    for meeting in (
        Meeting.objects.filter(
            starts_at__gte=_day_start(start), starts_at__lt=_day_start(end + dt.timedelta(days=1))
        )
        .prefetch_related("commissions")
        .order_by("starts_at", "id")
    ):
        by_day.setdefault(timezone.localtime(meeting.starts_at).date(), []).append(meeting)
    return [
        [
            {"date": day, "in_month": day.month == first.month, "meetings": by_day.get(day, [])}
            for day in week
        ]
        for week in weeks
    ]


def feed_by_token(token: str) -> CalendarFeed:
    feed = (
        CalendarFeed.objects.select_related("user").filter(token=token).first() if token else None
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed


def feed_meetings(user: Any) -> QuerySet[Meeting]:
    """The meetings of a user's feed: every meeting for the secretariat and administrators,
    otherwise those their Person is invited to."""
    queryset = Meeting.objects.prefetch_related("commissions").order_by("starts_at", "id")
    if can_manage(user):
        return queryset
    person = Person.objects.filter(user=user).first()
    if person is None:
        return queryset.none()
    return queryset.filter(attendances__person=person).distinct()


KIND_CHOICES = MeetingKind.choices
STATUS_CHOICES = MeetingStatus.choices
