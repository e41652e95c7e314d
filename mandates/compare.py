"""Two versions of a mandate side by side: each part's text compared word by word (difflib), the words taken out
marked `<del>` and those added `<ins>` — the change is in the markup and the text, not in colour only."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import AXES, ESSENTIALS, MODALITIES

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The old text with its removed words in `<del>`, the new one with its added words in `<ins>`; escaped."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = escape("".join(a[i1:i2])), escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(old_part)
            right.append(new_part)
            continue
        if old_part:
            left.append(f"<del>{old_part}</del>")
        if new_part:
            right.append(f"<ins>{new_part}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 — every piece escaped above


def part_texts(mandate, tasks, members) -> dict[str, str]:
    """A version's parts as plain text, by field name (dates, domains, tasks and members spelled out)."""
    texts = {name: getattr(mandate, name) or "" for name, _title in ESSENTIALS + MODALITIES if name != "start_date"}
    axes = dict(AXES)
    texts["responsibilities"] += "".join(f"\n{axes.get(task.axis, _('Sans axe'))} — {task.text}" for task in tasks)
    texts["autonomy"] += "".join(f"\n✓ {label}" for label in mandate.autonomy_domain_labels)
    texts["composition"] += "".join(
        f"\n{member.structure or member.profile} — {member.get_contribution_display()}" for member in members
    )
    dates = [mandate.start_date, mandate.end_date, mandate.review_date]
    texts["start_date"] = " → ".join(d.strftime("%d/%m/%Y") if d else "…" for d in dates[:2])
    if dates[2]:
        texts["start_date"] += "\n" + _("révision le %s") % dates[2].strftime("%d/%m/%Y")
    return texts


def compare(old, new, old_related, new_related) -> list[dict]:
    """The rows of the comparison: each part's title, both sides marked up, and whether it changed."""
    old_texts = part_texts(old, *old_related)
    new_texts = part_texts(new, *new_related)
    rows = []
    for name, title in ESSENTIALS + MODALITIES:
        left, right = diff_html(old_texts[name], new_texts[name])
        rows.append({"title": title, "old": left, "new": right, "changed": old_texts[name] != new_texts[name]})
    return rows
