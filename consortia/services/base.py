"""What every consortia service shares: model validation as the one domain error, the consortium lock."""

from django.core.exceptions import ValidationError

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
