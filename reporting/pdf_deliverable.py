"""The evaluation deliverable as a document: `deliverable_document(consortium)` → (template name, context) for
reporting/pdf.py. One chapter per step (narrative, evidence; step 3 the priority projects, 4 the adopted mandates and
the decision register in figures, 5 the learning cycles), then « Utilisation de la subvention » from the budget.

A fixed number of queries whatever the size of the deliverable (see tests/reporting/test_deliverable_pdf.py).
"""

import re

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from mandates.templatetags.mandates_tags import markdown

from . import selectors_deliverable as selectors
from .models.deliverable import STEP_TITLES

TEMPLATE = "pdf/deliverable.html"
SUBSIDY_ANCHOR = "subsidy"
_HEADING = re.compile(r"<(/?)h([1-6])>")


def demoted_markdown(text: str) -> str:
    """A narrative's Markdown as HTML whose headings sit under the chapter's (h1) and section's (h2): # → h3 … and
    never deeper than h6, so that the document's outline (PDF/UA) stays well nested."""
    html = markdown(text)
    return mark_safe(_HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}>", html))  # noqa: S308


def toc() -> list[tuple]:
    """(anchor, title, level) of the document's chapters."""
    entries = [(f"step-{n}", f"{n}. {title}", 1) for n, title in STEP_TITLES.items()]
    return [*entries, (SUBSIDY_ANCHOR, _("Utilisation de la subvention"), 1)]


def deliverable_document(consortium) -> tuple[str, dict]:
    steps = selectors.steps_of(consortium)
    evidence = selectors.evidence_by_step(consortium)
    for step in steps:
        step.narrative_html = demoted_markdown(step.narrative)
        step.evidence_list = evidence[step.number]
    subsidy = selectors.subsidy(consortium, with_lines=True)
    context = {
        "steps": steps,
        "overall": selectors.overall_progress(steps),
        "projects": list(selectors.projects_of(consortium)),
        "mandates": list(selectors.adopted_mandates(consortium)),
        "register": selectors.register_summary(consortium),
        "cycles": list(selectors.cycles_of(consortium)),
        "subsidy": subsidy,
        "summary": subsidy.summary,
        "toc": toc(),
        "document_title": _("Livrable d'évaluation"),
        "document_subtitle": _(
            "Le rapport de l'OLS selon les cinq étapes de la méthodologie, et l'utilisation de la subvention — %(name)s"
        )
        % {"name": consortium.name},
    }
    return TEMPLATE, context
