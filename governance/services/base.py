"""What every governance service shares: the consortium lock and revision (from consortia), the one error type,
the checks of dates people type and of the domains a body never decides."""

import datetime

from django.utils.translation import gettext as _

from consortia.models import LIFE_DATE_WINDOW, ConsortiumRole
from consortia.services.base import bump_revision, full_clean_or_refuse, lock_consortium
from ols_platform.errors import DomainError

from ..models import FORBIDDEN_DOMAINS, DecisionDomain

__all__ = [
    "bump_revision",
    "check_domain_allowed",
    "check_moment",
    "full_clean_or_refuse",
    "has_role_in",
    "lock_consortium",
    "refuse",
]

# The programme's horizon (consortia.models.LIFE_DATE_WINDOW): a date outside it is a typing error, not a plan (and
# some databases refuse year 10000).
EARLIEST = datetime.datetime.combine(LIFE_DATE_WINDOW.first, datetime.time.min, tzinfo=datetime.UTC)
LATEST = datetime.datetime.combine(LIFE_DATE_WINDOW.last, datetime.time.max, tzinfo=datetime.UTC)


def refuse(message: str, *, code: str, field: str | None = None, **params):
    raise DomainError(message, code=code, field=field, params=params)


def check_moment(value, *, field: str, label: str):
    """An aware date-time within the programme's horizon, or a field error."""
    if value is None:
        refuse(_("Indiquez %s.") % label, code="required", field=field)
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        refuse(_("%s n'est pas une date et une heure valables.") % label.capitalize(), code="invalid", field=field)
    if not EARLIEST <= value <= LATEST:
        refuse(_("%s doit tomber entre 2020 et 2040.") % label.capitalize(), code="date_out_of_range", field=field)
    return value


def check_domain_allowed(body, domain: str) -> None:
    """Refuse a decision of `body` in a domain it never decides (FORBIDDEN_DOMAINS), whatever its mandate says."""
    if domain in FORBIDDEN_DOMAINS.get(body.kind, ()):
        refuse(
            _(
                "« %(body)s » ne décide pas du domaine « %(domain)s » : elle prépare les conditions de la gouvernance "
                "pérenne sans la définir. Choisissez « %(allowed)s » ou une autre instance."
            )
            % {
                "body": body.name,
                "domain": DecisionDomain(domain).label,
                "allowed": DecisionDomain.PREPARE_PERMANENT_GOVERNANCE.label,
            },
            code="outside_mandate",
            field="domain",
        )


def has_role_in(user, consortium_id) -> bool:
    return ConsortiumRole.objects.filter(user=user, consortium_id=consortium_id).exists()
