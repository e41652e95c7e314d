import uuid
from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def submission_token():
    """A one-time token for an add form: the view ignores a second post of the same token (double submit)."""
    return format_html('<input type="hidden" name="submission_token" value="{}">', uuid.uuid4().hex)


CHANGE_ITEM = {  # by history type: modification, deletion, creation
    "~": "<li><strong>{0}</strong> : <del>{1}</del> → <ins>{2}</ins></li>",
    "-": "<li><strong>{0}</strong> : <ins>{1}</ins></li>",
    "+": "<li><strong>{0}</strong> : <ins>{2}</ins></li>",
}


@register.filter
def change_items(change) -> str:
    """The <li> of a history record's changes (label : before → after), in one pass: a template loop over a page of
    50 records × 8 fields was most of the history page's render."""
    if not change.changes:
        return format_html('<li class="muted">{}</li>', _("aucun champ visible modifié"))
    item = CHANGE_ITEM.get(change.action, CHANGE_ITEM["+"])
    html = "".join(item.format(escape(str(f)), escape(str(old)), escape(str(new))) for f, old, new in change.changes)
    return mark_safe(html)  # noqa: S308 (every part is escaped above, html.escape: one call each)
