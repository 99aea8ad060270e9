"""Writes of in-app notifications (issue #4 item 9), reusable by every app.

`notify` creates one notification per user and event key, at most once ever: the unique
constraint (user, event_key), checked row by row in a savepoint, makes a second run (or a
concurrent one) create nothing. E-mail goes out from the task worker after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import SYSTEM_ACTOR, audit_record
from kotacerdas.core.models import EmailStatus, Notification, NotificationLevel, User


def _unique_users(users: Iterable[Any]) -> list[User]:
    seen: dict[int, User] = {}
    for user in users:
        if user is not None and getattr(user, "pk", None) and user.is_active:
            seen.setdefault(user.pk, user)
    return list(seen.values())


@transaction.atomic
def notify(
    *,
    users: Iterable[Any],
    event_key: str,
    title: str,
    body: str = "",
    url: str = "",
    level: str = NotificationLevel.INFO,
    email: bool = True,
) -> int:
    """Notify each user once for `event_key`; returns how many notifications were created."""
    event_key = (event_key or "").strip()
    if not event_key:
        raise ValidationError({"event_key": _("Kunci kejadian wajib diisi.")})
    if level not in NotificationLevel.values:
        raise ValidationError({"level": _("Tingkat notifikasi tidak dikenal.")})
    recipients = _unique_users(users)
    if not recipients:
        return 0
    already = set(
        Notification.objects.filter(
            event_key=event_key, user_id__in=[u.pk for u in recipients]
        ).values_list("user_id", flat=True)
    )
    created: list[Notification] = []
    for user in recipients:
        if user.pk in already:
            continue
        notification = Notification(
            user=user,
            event_key=event_key,
            title=title[:300],
            body=body,
            url=url[:500],
            level=level,
            email_status=EmailStatus.PENDING if email and user.email else EmailStatus.NONE,
        )
        # One savepoint a row: a concurrent run that inserted the same (user, event_key) first
        # wins (the unique constraint), and this run knows exactly which rows it created.
        try:
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            continue
        created.append(notification)
    if not created:
        return 0
    first = created[0]
    audit_record(
        actor=SYSTEM_ACTOR,
        action="notify",
        obj=first,
        changes={
            "event_key": event_key,
            "title": first.title,
            "notification_ids": [n.pk for n in created],
        },
    )
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        from kotacerdas.core.tasks import notification_email_task

        transaction.on_commit(lambda: notification_email_task.enqueue(pending))
    return len(created)


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """The owner marks one notification read (no audit event: reading is not a change of record)."""
    if notification.user_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Notifikasi ini bukan milik Anda."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at=None).update(
            read_at=notification.read_at
        )
    return notification


def notification_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of `actor` read; returns how many changed."""
    return Notification.objects.filter(user_id=actor.pk, read_at=None).update(
        read_at=timezone.now()
    )


def _email_text(notification: Notification) -> str:
    parts = [notification.body.strip()] if notification.body.strip() else []
    if notification.url:
        link = notification.url
        if link.startswith("/") and settings.SITE_URL:
            link = settings.SITE_URL + link
        parts.append(_("Buka: %(link)s") % {"link": link})
    parts.append(_("— Platform Kota Cerdas Bekasi (pesan otomatis, jangan dibalas)"))
    return "\n\n".join(parts)


def notification_email_send(*, ids: Iterable[int]) -> int:
    """Send the e-mail of each pending notification in `ids` (called by the task worker)."""
    sent = 0
    for pk in sorted(set(ids)):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update()
                .select_related("user")
                .filter(pk=pk, email_status=EmailStatus.PENDING)
                .first()
            )
            if notification is None:  # already sent, failed, or never meant for e-mail
                continue
            if not notification.user.email:
                notification.email_status = EmailStatus.NONE
                notification.save(update_fields=["email_status"])
                continue
            try:
                send_mail(
                    subject=notification.title,
                    message=_email_text(notification),
                    from_email=None,
                    recipient_list=[notification.user.email],
                )
            except Exception as exc:  # SMTP errors of every kind: recorded, not raised
                notification.email_status = EmailStatus.FAILED
                notification.email_error = f"{type(exc).__name__}: {exc}"[:300]
                notification.save(update_fields=["email_status", "email_error"])
                continue
            notification.email_status = EmailStatus.SENT
            notification.emailed_at = timezone.now()
            notification.email_error = ""
            notification.save(update_fields=["email_status", "emailed_at", "email_error"])
            sent += 1
    return sent
