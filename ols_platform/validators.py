"""Validators shared by every app (this base app depends on no domain app)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


@deconstructible
class DateWithin:
    """A date between `first` and `last` (inclusive). Every date the platform stores has such bounds: a year 1 or
    9999 typed by mistake (or on purpose) would otherwise be saved, then break every computation and page that
    adds months to it (`year 10001 is out of range`)."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, last

    def __call__(self, value):
        if not isinstance(value, datetime.date) or not self.first <= value <= self.last:
            raise ValidationError(
                _("La date doit être comprise entre le %(first)s et le %(last)s."),
                code="date_out_of_range",
                params={"first": f"{self.first:%d/%m/%Y}", "last": f"{self.last:%d/%m/%Y}"},
            )

    def __eq__(self, other):
        return isinstance(other, DateWithin) and (self.first, self.last) == (other.first, other.last)


ID_MAX = 2**63 - 1  # the largest primary key a bigint column holds


def object_id(value) -> int | None:
    """The id of an object named by a client (an instance, an int, or ASCII digits), or None when it cannot be one.

    Every id that comes from outside goes through here before it reaches a query: `int()` alone accepts `²`-free
    but odd spellings (`٣`, `1_0`) and numbers no primary key can hold, which SQLite refuses with an OverflowError
    (a 500) at the query, not at the conversion.
    """
    value = getattr(value, "pk", value)
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (0 < len(value) <= 19 and value.isascii() and value.isdigit()):
            return None
        value = int(value)
    if not isinstance(value, int):
        return None
    return value if 1 <= value <= ID_MAX else None
