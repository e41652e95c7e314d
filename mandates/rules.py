"""What a mandate needs, as pure functions over its values: the essentials it cannot be proposed without, the
modalités still to complete (warnings), whether two periods overlap, which mandate is in force on a day."""

import datetime

from .models import ESSENTIALS, MODALITIES


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_essentials(values: dict) -> list[str]:
    """The titles of the essential parts left empty (seed 000: "Le mandat — L'essentiel"), in the seed's order.
    `values` holds the parts by field name; the responsibilities count as written when tasks are listed."""
    missing = []
    for name, title in ESSENTIALS:
        if name == "responsibilities" and values.get("task_count"):
            continue
        if _blank(values.get(name)):
            missing.append(str(title))
    return missing


def missing_modalities(values: dict) -> list[str]:
    """The titles of the operational parts still empty ("Les modalités — L'opérationnel"): warnings, not refusals.
    The duration counts as given with a start and an end."""
    missing = []
    for name, title in MODALITIES:
        if name == "start_date":
            if values.get("start_date") is None or values.get("end_date") is None:
                missing.append(str(title))
        elif _blank(values.get(name)):
            missing.append(str(title))
    return missing


def periods_overlap(start_a, end_a, start_b, end_b) -> bool:
    """Whether two periods share a day; an open end (None) runs on for ever, an open start from always."""
    lowest, highest = datetime.date.min, datetime.date.max
    return (start_a or lowest) <= (end_b or highest) and (start_b or lowest) <= (end_a or highest)


def in_force_on(mandates, day: datetime.date):
    """Of adopted mandates, the one whose period holds `day` (an open start or end holds every day before or after),
    the latest version first; None when none does."""
    holding = [m for m in mandates if periods_overlap(m.start_date, m.end_date, day, day)]
    return max(holding, key=lambda m: (m.number, m.pk), default=None)
