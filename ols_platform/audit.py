"""The one call for the audit trail, and the one for the action log.

Audited models carry django-simple-history `HistoricalRecords`; services change them only through
`save()`/`delete()` (never queryset `.update()`), after naming who acts with `as_actor`.
Acts that matter beyond a record's values (role grants, global roles, API tokens, admin logins, approvals)
are written with `log_action`, inside the transaction of the write they describe.
"""

from django.db import models


def as_actor(instance, actor):
    """Record `actor` as the author of the next history entry of `instance`; returns the instance."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    return instance


def history_of(model, **filters):
    """History rows of a model (newest first), with the author loaded."""
    return model.history.filter(**filters).select_related("history_user").order_by("-history_date", "-history_id")


def log_action(
    action: str,
    *,
    actor=None,
    target: models.Model | None = None,
    consortium=None,
    data: dict | None = None,
    request=None,
):
    """Record that `actor` did `action` (a dotted verb: `role.granted`, `token.created`, `admin.login`, …).

    `target` is the object acted on; `consortium` (an instance or an id) scopes the entry so a consortium's
    pages can list its own; `data` holds the few values that explain the act (JSON-serialisable).
    """
    from .models import ActionLog

    authenticated = getattr(actor, "is_authenticated", False)
    consortium_id = getattr(consortium, "pk", consortium)
    return ActionLog.objects.create(
        actor=actor if authenticated else None,
        actor_label=(getattr(actor, "email", "") or "") if authenticated else "",
        action=action,
        consortium_id=consortium_id,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
        target_label=str(target)[:254] if target is not None else "",
        data=data or {},
        ip_address=client_ip(request) if request is not None else None,
    )


def client_ip(request) -> str | None:
    """The client's address as Django sees it (REMOTE_ADDR, set from the trusted proxy header by the middleware)."""
    return request.META.get("REMOTE_ADDR") or None


def actions_about(target: models.Model, *, limit: int = 10):
    """The latest log entries whose object is `target` (e.g. what happened to one person's access)."""
    from .models import ActionLog

    return ActionLog.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)[:limit]


def actions_in_consortium(consortium_id: int, *, prefix: str):
    """A consortium's log entries whose action starts with `prefix` (`"role."`), newest first, for paging."""
    from .models import ActionLog

    return ActionLog.objects.filter(consortium_id=consortium_id, action__startswith=prefix)
