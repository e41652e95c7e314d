"""Rule sets: written by platform admins through the Django admin; exactly one is active."""

from django.db import transaction

from consortia.models import Consortium
from consortia.services.base import bump_revision as bump_consortium_revision
from ols_platform.audit import as_actor

from .models import RuleSet


def ruleset_save(*, actor, ruleset: RuleSet) -> RuleSet:
    """Save a rule set; activating it deactivates the previously active one (exactly one is active)."""
    with transaction.atomic():
        if ruleset.is_active:
            for other in RuleSet.objects.select_for_update().filter(is_active=True).exclude(pk=ruleset.pk):
                other.is_active = False
                as_actor(other, actor).save()
        as_actor(ruleset, actor).save()
        # Caps and shares shown on every consortium's budget pages follow the active rule set.
        bump_consortium_revision(Consortium.objects.values("pk"))
        return ruleset
