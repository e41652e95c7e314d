"""Template filters every page uses (registered as builtins in settings)."""

from django import template

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
