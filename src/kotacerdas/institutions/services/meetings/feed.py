"""The secret address of a user's iCalendar feed (calendar apps cannot sign in: the token is
the credential). Made on first use; regenerating it makes the old address stop working."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kotacerdas.core.audit.chain import audit_record
from kotacerdas.institutions.models import CalendarFeed


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _require_user(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Masuk terlebih dahulu."))


@transaction.atomic
def calendar_feed_get_or_create(*, actor: Any) -> CalendarFeed:
    _require_user(actor)
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed:
        return feed
    feed = CalendarFeed.objects.create(user=actor, token=_new_token())
    audit_record(actor=actor, action="calendar_feed.create", obj=feed, changes={})
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, actor: Any) -> CalendarFeed:
    """A new secret address; the previous one returns 404 from now on."""
    _require_user(actor)
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed is None:
        return calendar_feed_get_or_create(actor=actor)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    audit_record(actor=actor, action="calendar_feed.regenerate", obj=feed, changes={})
    return feed
