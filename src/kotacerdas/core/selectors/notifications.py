"""Reads of a user's notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from kotacerdas.core.models import Notification


def notification_list(*, actor: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's own notifications, unread first, newest first."""
    queryset = Notification.objects.filter(user_id=actor.pk)
    if unread_only:
        queryset = queryset.filter(read_at=None)
    return queryset.order_by(F("read_at").desc(nulls_first=True), "-created_at", "-id")


def notification_get(*, actor: Any, pk: int) -> Notification:
    """One of the actor's own notifications (404 for anyone else's)."""
    return get_object_or_404(Notification, pk=pk, user_id=actor.pk)


def unread_count(*, actor: Any) -> int:
    if not getattr(actor, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user_id=actor.pk, read_at=None).count()
