"""The mandates' template filters: a text part written in Markdown shown as HTML, safely.

markdown-it-py with the CommonMark preset and `html=False`: raw HTML typed in a mandate comes out escaped, and its
`validateLink` refuses `javascript:`, `vbscript:`, `file:` and `data:` links (they stay as plain text). What it
renders is therefore safe to mark safe: only the elements Markdown itself produces, with escaped text.
"""

from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

_RENDERER = MarkdownIt("commonmark", {"html": False})


@register.filter(name="markdown")
def markdown(text) -> str:
    """`text` (a mandate's part) as HTML: paragraphs, lists, emphasis, links; never raw HTML nor script links."""
    if not text:
        return ""
    return mark_safe(_RENDERER.render(str(text)))  # noqa: S308 — html=False escapes raw HTML; links validated
