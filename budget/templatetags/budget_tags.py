import uuid

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ols_platform.formatting import format_money

register = template.Library()


@register.simple_tag
def submission_token():
    """A one-time token for an add form: the view ignores a second post of the same token (double submit)."""
    return format_html('<input type="hidden" name="submission_token" value="{}">', uuid.uuid4().hex)


MUTED_DASH = mark_safe('<td class="num"><span class="muted">—</span></td>')


@register.simple_tag
def group_row(group, group_url, oob=False, opened_id=None):
    """A structure's totals row (`selectors.StructureGroup`), with its "Voir les lignes" (htmx, or the overview opened
    on it without JavaScript) and, unless `oob` or opened, the empty place where its lines open. Written at once: a page
    holds 50 groups of a dozen values, and a template variable with its filter costs ten times this."""
    pk = group.pk
    show = ""
    if group.lines:
        show = format_html(
            '<a href="?structure={}#group-{}" hx-get="{}{}/lines/" hx-target="#group-{}-lines" hx-swap="outerHTML">{}</a>',
            pk,
            pk,
            group_url,
            pk,
            pk,
            gettext("Voir les lignes"),
        )
    row = format_html(
        '<tr id="group-{}" class="group-row"{}><th scope="row">{}</th><td class="num">{}</td>{}<td>{}</td></tr>',
        pk,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        group.name,
        group.lines,
        _group_amounts(group),
        show,
    )
    if oob or opened_id == pk:
        return row
    return format_html('{}\n<tr id="group-{}-lines" class="group-lines" hidden></tr>', row, pk)


def _group_amounts(group):
    """The amount cells of a group row: by category, planned, spent."""
    cells = [
        format_html('<td class="num">{}</td>', format_money(amount)) if amount else MUTED_DASH
        for amount in group.by_category
    ]
    cells.append(format_html('<td class="num"><strong>{}</strong></td>', format_money(group.planned)))
    if not group.spent:
        cells.append(MUTED_DASH)
    elif group.spent > group.planned:
        cells.append(format_html('<td class="num"><span class="status-bad">{}</span></td>', format_money(group.spent)))
    else:
        cells.append(format_html('<td class="num">{}</td>', format_money(group.spent)))
    return format_html_join("", "{}", ((cell,) for cell in cells))


@register.simple_tag
def chart_bars(chart):
    """The bars of the 24-month chart (two rectangles, a tooltip and every third month's label each), written at once:
    24 bars of a dozen attributes are a quarter of the overview's render through template variables."""
    planned, spent = gettext("prévu"), gettext("dépensé")
    label_y = chart.height - 12
    bars = []
    for b in chart.bars:
        label = (
            format_html(
                '<text x="{}" y="{}" class="axis-label" text-anchor="middle">{}</text>',
                b["label_x"],
                label_y,
                b["month"].strftime("%m/%y"),
            )
            if b["show_label"]
            else ""
        )
        bars.append(
            format_html(
                "<g><title>{} — {} {}, {} {}</title>"
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar-plan"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="bar-actual"/>{}</g>',
                b["month"].strftime("%m/%Y"),
                planned,
                format_money(b["plan"]),
                spent,
                format_money(b["actual"]),
                b["plan_x"],
                b["plan_y"],
                b["bar_w"],
                b["plan_h"],
                b["actual_x"],
                b["actual_y"],
                b["bar_w"],
                b["actual_h"],
                label,
            )
        )
    return format_html_join("\n", "{}", ((bar,) for bar in bars))
