"""The one history-diff builder: each record against the previous record of the same object."""

import datetime
from types import SimpleNamespace

from ols_platform import history

FIELDS = [("label", "Libellé"), ("amount", "Montant")]


def record(history_id, object_id, kind, **values):
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(minutes=history_id)
    return SimpleNamespace(
        history_id=history_id, id=object_id, history_type=kind, history_date=when, history_user=None, **values
    )


def show(name, value):
    return history.EMPTY if value is None else f"{name}={value}"


def test_each_row_is_compared_with_the_previous_row_of_the_same_object():
    rows = [record(1, 7, "+", label="a", amount=1), record(2, 8, "+", label="b", amount=2)]
    rows += [record(3, 7, "~", label="a", amount=5)]
    previous = history.previous_in_order(rows)
    assert previous == {1: None, 2: None, 3: rows[0]}
    changes = history.record_changes(rows, previous, FIELDS, show)
    assert changes[2].changes == [("Montant", "amount=1", "amount=5")]
    assert changes[2].action == "~" and changes[2].when == rows[2].history_date


def test_a_creation_and_a_deletion_list_every_field_or_none():
    created, deleted = record(1, 7, "+", label="a", amount=None), record(2, 7, "-", label="a", amount=None)
    previous = {1: None, 2: created}
    whole = history.record_changes([created, deleted], previous, FIELDS, show)
    assert whole[0].changes == [("Libellé", history.EMPTY, "label=a"), ("Montant", history.EMPTY, history.EMPTY)]
    assert whole[1].changes == [("Libellé", "label=a", history.EMPTY), ("Montant", history.EMPTY, history.EMPTY)]
    updates_only = history.record_changes([created, deleted], previous, FIELDS, show, whole_record=False)
    assert [c.changes for c in updates_only] == [[], []]


def test_an_author_from_elsewhere_is_not_named():
    change = history.RecordChange(SimpleNamespace(history_user="Claire", history_type="~"), [])
    assert change.who == "Claire"
    assert history.RecordChange(change.record, [], elsewhere=True).who is None
    assert change.action_label == "modification"


def test_shown_with_writes_no_value_as_a_dash_and_others_with_their_format():
    show_value = history.shown_with({"amount": lambda value: f"{value} €"})
    assert show_value("amount", "") == history.EMPTY
    assert show_value("amount", 3) == "3 €"
    assert show_value("label", 3) == "3"
