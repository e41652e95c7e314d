"""Writes on territories and their bassins de vie (platform admins)."""

from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from ols_platform.audit import as_actor
from ols_platform.errors import DomainError

from ..models import (
    Consortium,
    LifeBasin,
    Territory,
)
from .base import bump_revision, full_clean_or_refuse, lock_consortia


def _consortium_of(territory_id):
    """The id of the territory's consortium, if any (a subquery): its pages show the territory and its bassins de vie.

    Locked before the territory (consortium first, like every consortia write), bumped after the change."""
    return Consortium.objects.filter(territory_id=territory_id).values("pk")


def _check_territory_name_free(territory: Territory) -> None:
    if Territory.objects.filter(name__iexact=territory.name).exclude(pk=territory.pk).exists():
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name")


def territory_create(*, actor, name: str, population: int) -> Territory:
    territory = Territory(name=name, population=population)
    _check_territory_name_free(territory)
    full_clean_or_refuse(territory)
    try:
        with transaction.atomic():
            as_actor(territory, actor).save()
    except IntegrityError:
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name") from None
    return territory


def territory_update(*, actor, territory: Territory, data: dict) -> Territory:
    """Rename a territory or correct its population (which the budget cap of its consortium follows)."""
    try:
        with transaction.atomic():
            lock_consortia(_consortium_of(territory.pk))
            territory = Territory.objects.select_for_update().get(pk=territory.pk)
            for key in ("name", "population"):
                if key in data:
                    setattr(territory, key, data[key])
            _check_territory_name_free(territory)
            full_clean_or_refuse(territory)
            as_actor(territory, actor).save()
            bump_revision(_consortium_of(territory.pk))
    except IntegrityError:
        raise DomainError(_("Un territoire porte déjà ce nom."), code="duplicate", field="name") from None
    return territory


def territory_delete(*, actor, territory: Territory) -> None:
    """Delete a territory that has neither a consortium nor life basins."""
    with transaction.atomic():
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        if Consortium.objects.filter(territory=territory).exists() or territory.life_basins.exists():
            raise DomainError(
                _("%s a un consortium ou des bassins de vie : il ne peut pas être supprimé.") % territory.name,
                code="territory_in_use",
            )
        as_actor(territory, actor).delete()


def _check_life_basin_name_free(life_basin: LifeBasin) -> None:
    taken = LifeBasin.objects.filter(territory=life_basin.territory_id, name__iexact=life_basin.name)
    if taken.exclude(pk=life_basin.pk).exists():
        raise DomainError(_("Ce territoire a déjà un bassin de vie de ce nom."), code="duplicate", field="name")


def life_basin_create(*, actor, territory: Territory, name: str, population: int) -> LifeBasin:
    with transaction.atomic():
        lock_consortia(_consortium_of(territory.pk))
        territory = Territory.objects.select_for_update().get(pk=territory.pk)
        life_basin = LifeBasin(territory=territory, name=(name or "").strip(), population=population)
        _check_life_basin_name_free(life_basin)
        full_clean_or_refuse(life_basin)
        as_actor(life_basin, actor).save()
        bump_revision(_consortium_of(territory.pk))
        return life_basin


def life_basin_update(*, actor, life_basin: LifeBasin, data: dict) -> LifeBasin:
    """Rename a bassin de vie or correct its population (it stays in its territory)."""
    with transaction.atomic():
        lock_consortia(_consortium_of(life_basin.territory_id))
        Territory.objects.select_for_update().get(pk=life_basin.territory_id)
        life_basin = LifeBasin.objects.get(pk=life_basin.pk)
        if "name" in data:
            life_basin.name = (data["name"] or "").strip()
        if "population" in data:
            life_basin.population = data["population"]
        _check_life_basin_name_free(life_basin)
        full_clean_or_refuse(life_basin)
        as_actor(life_basin, actor).save()
        bump_revision(_consortium_of(life_basin.territory_id))
        return life_basin


def life_basin_delete(*, actor, life_basin: LifeBasin) -> None:
    """Delete a bassin de vie that nothing refers to (no structure or membership is placed in it)."""
    with transaction.atomic():
        lock_consortia(_consortium_of(life_basin.territory_id))
        Territory.objects.select_for_update().get(pk=life_basin.territory_id)
        life_basin = LifeBasin.objects.filter(pk=life_basin.pk).first()
        if life_basin is None:
            return  # already deleted (a double submit): the wanted state holds
        collector = Collector(using=router.db_for_write(LifeBasin))
        in_use = DomainError(
            _("%s est utilisé (des structures y sont rattachées) : il ne peut pas être supprimé.") % life_basin.name,
            code="life_basin_in_use",
        )
        try:
            collector.collect([life_basin])
        except (ProtectedError, RestrictedError):
            raise in_use from None
        if any(model is not LifeBasin for model in collector.data) or any(qs.exists() for qs in collector.fast_deletes):
            raise in_use
        as_actor(life_basin, actor).delete()
        bump_revision(_consortium_of(life_basin.territory_id))
