"""Template filters every page uses (registered as builtins in settings)."""

import functools

from django import template
from django.utils.translation import get_language

from ols_platform import fragments, links
from ols_platform.formatting import format_money, format_number, format_percent

register = template.Library()


@register.filter
def euro(value, places=2):
    return format_money(value, int(places))


@register.filter
def number(value, places=0):
    return format_number(value, int(places))


@register.filter
def percent(value, places=1):
    return format_percent(value, int(places))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def label(instance, field_name):
    """`instance.get_<field>_display()`, without its cost: Django rebuilds the field's mapping of lazy labels on every
    call (a third of the render of a 300-row table); here it is built once per field and language."""
    field = instance._meta.get_field(field_name)
    value = getattr(instance, field.attname)
    return choice_labels(field, get_language()).get(value, value)


@functools.lru_cache(maxsize=512)
def choice_labels(field, language) -> dict:
    """A choices field's labels in `language` (the active one: `str()` translates the lazy labels into it)."""
    return {value: str(text) for value, text in field.flatchoices}


# --- links in long lists (ols_platform.links): `{% url_with_id_slot 'consortia:structure' c.pk as structure_url %}`,
# then `{{ structure_url|fill_id:s.pk }}` in the loop.
register.simple_tag(links.url_with_id_slot)
# A one-time token for an add form (ols_platform.fragments): a double submit is ignored.
register.simple_tag(fragments.submission_token_input, name="submission_token", takes_context=True)
register.filter(links.fill_id)
