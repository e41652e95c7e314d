"""The one call for the audit trail, and the one for the action log.

Audited models carry django-simple-history `HistoricalRecords`; services change them only through
`save()`/`delete()` (never queryset `.update()`), after naming who acts with `as_actor`.
Acts that matter beyond a record's values (role grants, global roles, API tokens, admin logins, approvals)
are written with `log_action`, inside the transaction of the write they describe.
"""

import ipaddress

from django.conf import settings
from django.db import models


def as_actor(instance, actor):
    """Record `actor` as the author of the next history entry of `instance`; returns the instance."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    return instance


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
    """The client's address: the one the outermost of our `TRUSTED_PROXY_COUNT` proxies saw, else REMOTE_ADDR.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N trusted proxies
    the N-th entry from the right is the client; entries further left are whatever the client claimed. The rate
    limits of the login (allauth's adapter) and of the API (the throttles) key on this same address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if count > 0 and len(forwarded) >= count:
        address = _valid_ip(forwarded[-count])
        if address:
            return address
    # Fewer entries than proxies means the request did not come through all of them: trust only the socket.
    return _valid_ip(request.META.get("REMOTE_ADDR", ""))


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def actions_about(target: models.Model, *, limit: int = 10):
    """The latest log entries whose object is `target` (e.g. what happened to one person's access)."""
    from .models import ActionLog

    return ActionLog.objects.filter(target_type=target._meta.label_lower, target_id=target.pk)[:limit]


def actions_in_consortium(consortium_id: int, *, prefix: str):
    """A consortium's log entries whose action starts with `prefix` (`"role."`), newest first, for paging."""
    from .models import ActionLog

    return ActionLog.objects.filter(consortium_id=consortium_id, action__startswith=prefix)


def author_of(actor):
    """The user to record as the author of a row (`created_by`, `submitted_by`…): None for anonymous or system."""
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
