import uuid

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_token():
    """A one-time token for an add form: the view ignores a second post of the same token (double submit)."""
    return format_html('<input type="hidden" name="submission_token" value="{}">', uuid.uuid4().hex)
