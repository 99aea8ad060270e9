"""E-mail of distributed minutes (django-tasks). Takes a distribution id; idempotent: the row is
claimed by setting `emailed_at` in the same transaction as the send, so a second run (or a
second worker) sends nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task


def minutes_text(minutes) -> str:
    meeting = minutes.meeting
    start = timezone.localtime(meeting.starts_at)
    lines = [
        meeting.title,
        start.strftime("%d-%m-%Y %H:%M") + (f", {meeting.location}" if meeting.location else ""),
        "",
        _("Ringkasan pembahasan"),
        minutes.summary,
    ]
    if minutes.decisions:
        lines += ["", _("Keputusan"), minutes.decisions]
    items = list(minutes.action_items.select_related("owner_agency"))
    if items:
        lines += ["", _("Tindak lanjut")]
        for n, item in enumerate(items, start=1):
            owner = item.owner_agency.name if item.owner_agency else item.owner_name
            due = item.due_date.strftime("%d-%m-%Y") if item.due_date else "-"
            lines.append(f"{n}. {item.description} ({owner or '-'}; {_('tenggat')} {due})")
    return "\n".join(lines)


@task()
def minutes_email(distribution_id: int) -> bool:
    """Send the minutes to one recipient by e-mail; True when this run sent it."""
    from kotacerdas.institutions.models import MinutesDistribution

    with transaction.atomic():
        claimed = MinutesDistribution.objects.filter(
            pk=distribution_id, emailed_at__isnull=True, channel="email"
        ).update(emailed_at=timezone.now())
        if not claimed:
            return False
        row = MinutesDistribution.objects.select_related("minutes__meeting", "person").get(
            pk=distribution_id
        )
        if not row.person.email:
            return False
        send_mail(
            subject=_("Notulen rapat: %(title)s") % {"title": row.minutes.meeting.title},
            message=minutes_text(row.minutes),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[row.person.email],
        )
    return True
