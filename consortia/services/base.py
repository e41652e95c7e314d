"""What every consortia service shares: model validation as the one domain error, the consortium lock, and the
consortium's revision (what its cached pages are keyed on)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet

from ols_platform.errors import DomainError

from ..models import Consortium


def full_clean_or_refuse(instance, exclude=None):
    """Model validation turned into the one domain error (first message wins, field named)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], code="invalid", field=None if field == "__all__" else field) from None


def lock_consortium(consortium_id) -> Consortium:
    """The consortium, locked until the transaction ends: writes inside one consortium run one after the other."""
    return Consortium.objects.select_for_update().get(pk=consortium_id)


def lock_consortia(consortium_ids: Iterable[int] | QuerySet) -> None:
    """Lock several consortia, in id order, before a shared row (a structure, a user) that they all show.

    Services lock the consortium first, then what it holds: a write on a shared row that would bump the revision of
    every consortium showing it takes the same order, so that it never waits on a consortium held by a write that
    itself waits on the shared row (a deadlock).
    """
    list(Consortium.objects.select_for_update().filter(pk__in=consortium_ids).order_by("pk").values_list("pk"))


def bump_revision(consortium_ids: Iterable[int] | QuerySet) -> None:
    """Count one more change to what the pages of these consortia show (`Consortium.revision`).

    The one way to invalidate a consortium's cached pages: every consortia service that changes something they show
    calls it, in its transaction, with the consortia concerned — the consortium written to, or every consortium
    that holds a shared structure, in whose territory a bassin de vie lies, where a person has a role. What is
    cached for a consortium is then keyed on `(consortium.pk, consortium.revision, …)`, plus whatever else it
    depends on (the language, never the reader): after the commit, readers load the new revision with the
    consortium and miss the old entry, which simply expires. A reader racing the write can at worst store the old
    data under the old revision, which nobody asks for any more.

    `consortium_ids` is an iterable of ids or a queryset of ids (`….values("consortium_id")`): one UPDATE, with
    F() + 1, so two concurrent writes both count; no model save, so no history entry and no signal.
    Writes outside the services (a shell, a data migration, factories in tests) do not bump it: call it there too,
    or accept pages cached for up to their timeout.
    """
    Consortium.objects.filter(pk__in=consortium_ids).update(revision=F("revision") + 1)
