"""`{% unread_notification_count as n %}`: the bell's badge in the navbar."""

from django import template

from kotacerdas.core.selectors.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    request = context.get("request")
    return unread_count(actor=getattr(request, "user", None)) if request else 0
