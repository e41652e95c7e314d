"""The one call for the audit trail.

Audited models carry django-simple-history `HistoricalRecords`; services change them only through
`save()`/`delete()` (never queryset `.update()`), after naming who acts with `as_actor`.
"""


def as_actor(instance, actor):
    """Record `actor` as the author of the next history entry of `instance`; returns the instance."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    return instance


def history_of(model, **filters):
    """History rows of a model (newest first), with the author loaded."""
    return model.history.filter(**filters).select_related("history_user").order_by("-history_date", "-history_id")
