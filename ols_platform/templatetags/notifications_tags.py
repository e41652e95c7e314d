"""The header's count of unread notifications (cached per person: see ols_platform.notifications)."""

from django import template

from ols_platform.notifications import cached_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return cached_unread_count(user) if user is not None else 0
