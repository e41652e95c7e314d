from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ols_platform.formatting import format_money
from ols_platform.links import fill_id

register = template.Library()


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
        return format_html('<li class="muted">{}</li>', gettext("aucun champ visible modifié"))
    item = CHANGE_ITEM.get(change.action, CHANGE_ITEM["+"])
    html = "".join(item.format(escape(str(f)), escape(str(old)), escape(str(new))) for f, old, new in change.changes)
    return mark_safe(html)  # noqa: S308 (every part is escaped above)


MUTED_DASH = '<td class="num"><span class="muted">—</span></td>'


@register.simple_tag
def group_row(group, group_url, oob=False, opened_id=None):
    """A structure's totals row (`grouping.StructureGroup`), with its "Voir les lignes" (htmx, or the overview opened
    on it without JavaScript) and, unless `oob` or opened, the empty place where its lines open. Written at once: a page
    holds 50 groups of a dozen values, and a template variable with its filter costs ten times this."""
    pk = int(group.pk)
    show = ""
    if group.lines:
        show = (
            f'<a href="?structure={pk}#group-{pk}" hx-get="{escape(fill_id(group_url, pk))}" '
            f'hx-target="#group-{pk}-lines" hx-swap="outerHTML">{escape(gettext("Voir les lignes"))}</a>'
        )
    swap = ' hx-swap-oob="true"' if oob else ""
    row = (
        f'<tr id="group-{pk}" class="group-row"{swap}><th scope="row">{escape(group.name)}</th>'
        f'<td class="num">{int(group.lines)}</td>{_group_amounts(group)}<td>{show}</td></tr>'
    )
    if not oob and opened_id != pk:
        row += f'\n<tr id="group-{pk}-lines" class="group-lines" hidden></tr>'
    # Every value above is a number, a formatted amount (digits, spaces, €) or escaped.
    return mark_safe(row)  # noqa: S308


def _group_amounts(group) -> str:
    """The amount cells of a group row (by category, planned, spent): formatted amounts, no user text."""
    cells = [f'<td class="num">{format_money(amount)}</td>' if amount else MUTED_DASH for amount in group.by_category]
    cells.append(f'<td class="num"><strong>{format_money(group.planned)}</strong></td>')
    if not group.spent:
        cells.append(MUTED_DASH)
    elif group.spent > group.planned:
        cells.append(f'<td class="num"><span class="status-bad">{format_money(group.spent)}</span></td>')
    else:
        cells.append(f'<td class="num">{format_money(group.spent)}</td>')
    return "".join(cells)


@register.simple_tag
def chart_bars(chart):
    """The bars of the 24-month chart (two rectangles, a tooltip and every third month's label each), written at once:
    24 bars of a dozen attributes are a quarter of the overview's render through template variables."""
    planned, spent = escape(gettext("prévu")), escape(gettext("dépensé"))
    label_y = int(chart.height) - 12
    bars = []
    for b in chart.bars:
        label = ""
        if b["show_label"]:
            label = (
                f'<text x="{float(b["label_x"])}" y="{label_y}" class="axis-label" text-anchor="middle">'
                f"{b['month']:%m/%y}</text>"
            )
        bars.append(
            f"<g><title>{b['month']:%m/%Y} — {planned} {format_money(b['plan'])}, {spent} {format_money(b['actual'])}"
            f'</title><rect x="{float(b["plan_x"])}" y="{float(b["plan_y"])}" width="{float(b["bar_w"])}" '
            f'height="{float(b["plan_h"])}" class="bar-plan"/><rect x="{float(b["actual_x"])}" '
            f'y="{float(b["actual_y"])}" width="{float(b["bar_w"])}" height="{float(b["actual_h"])}" '
            f'class="bar-actual"/>{label}</g>'
        )
    # Numbers, dates, formatted amounts and escaped words only.
    return mark_safe("\n".join(bars))  # noqa: S308
