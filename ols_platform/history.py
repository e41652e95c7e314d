"""One way to show django-simple-history records as changes: each record against the record before it of the same
object, field by field (label, before → after), with its author, date and type.

Every app's history page builds on `record_changes`; how a value reads (a structure's name for its id, money
Belgian-style…) is the caller's `show(field, value)`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

EMPTY = "—"


class FieldChange(NamedTuple):
    field: str  # the field's label
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    record: object  # a simple_history record
    changes: list  # FieldChange
    subject: str = ""  # what changed, in words ("Fiche de la structure", a person's name…)
    elsewhere: bool = False  # made by someone of another consortium, who is not named here

    @property
    def when(self):
        return self.record.history_date

    @property
    def who(self):
        return None if self.elsewhere else self.record.history_user

    @property
    def action(self) -> str:
        return self.record.history_type  # "+", "~" or "-"

    @property
    def action_label(self) -> str:
        return {"+": _("création"), "~": _("modification"), "-": _("suppression")}.get(self.action, self.action)


def previous_records(model, records) -> dict:
    """The record just before each of `records` (a page of history, any order) of the same object, by history id,
    or None for a creation: one query whatever the number of records."""
    ids = {r.id for r in records}
    if not ids:
        return {}
    older = defaultdict(list)
    for row in model.history.filter(id__in=ids).order_by("history_date", "history_id"):
        older[row.id].append(row)
    previous = {}
    for record in records:
        before = None
        for row in older[record.id]:
            if (row.history_date, row.history_id) >= (record.history_date, record.history_id):
                break
            before = row
        previous[record.history_id] = before
    return previous


def previous_in_order(rows) -> dict:
    """The same as `previous_records` for rows already loaded oldest first (every row of each object): no query."""
    last, previous = {}, {}
    for row in rows:
        previous[row.history_id] = last.get(row.id)
        last[row.id] = row
    return previous


def tracked_fields(model, hidden=()) -> list[tuple[str, str]]:
    """(attribute, label) of every field the history of `model` tracks and a form could edit, but `hidden`, by name:
    what simple_history's `diff_against` compares."""
    fields = sorted(
        (f for f in model.history.model.tracked_fields if f.editable and f.name not in hidden), key=lambda f: f.name
    )
    return [(f.attname, str(model._meta.get_field(f.name).verbose_name)) for f in fields]


def shown_with(formats: dict[str, Callable[[object], str]]) -> Callable[[str, object], str]:
    """A `show` for `record_changes`: EMPTY for no value, else `formats[field](value)`, or the value as text."""

    def show(name, value):
        if value is None or value == "":
            return EMPTY
        return formats.get(name, str)(value)

    return show


def field_changes(record, before, fields, show, *, whole_record=True) -> list[FieldChange]:
    """The fields that differ between `before` and `record`. A creation (or a record whose previous one is unknown)
    and a deletion list every field with `whole_record`, none without."""
    if record.history_type == "-" or before is None:
        if not whole_record:
            return []
        if record.history_type == "-":
            return [FieldChange(str(label), show(name, getattr(record, name)), EMPTY) for name, label in fields]
        return [FieldChange(str(label), EMPTY, show(name, getattr(record, name))) for name, label in fields]
    return [
        FieldChange(str(label), show(name, getattr(before, name)), show(name, getattr(record, name)))
        for name, label in fields
        if getattr(before, name) != getattr(record, name)
    ]


def record_changes(
    records: Iterable,
    previous: dict,
    fields: Sequence[tuple[str, str]],
    show: Callable[[str, object], str],
    *,
    whole_record: bool = True,
    subject_of: Callable[[object], str] | None = None,
) -> list[RecordChange]:
    """Each record as a change against `previous[record.history_id]` (see `previous_records`), in the order given.

    `fields` are (attribute, label) pairs; `show(attribute, value)` writes a value for people.
    """
    return [
        RecordChange(
            record,
            field_changes(record, previous.get(record.history_id), fields, show, whole_record=whole_record),
            subject=subject_of(record) if subject_of else "",
        )
        for record in records
    ]
