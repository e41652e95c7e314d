"""Readable contact addresses for the demo data: accents transliterated, whole words, valid addresses."""

import pytest
from django.core.validators import validate_email

from consortia.management.commands.load_demo import DEMO_CONSORTIA, DEMO_DOMAIN
from consortia.management.demo_addresses import LOCAL_PART_MAX, address_slug, ascii_words, contact_address


def test_accents_are_transliterated_not_dropped():
    assert ascii_words("Santé Mentale des Crêtes d'Estrelles, Œuvre") == [
        "sante",
        "mentale",
        "cretes",
        "estrelles",
        "oeuvre",
    ]


def test_the_address_is_built_from_the_words_of_the_name():
    assert (
        contact_address("Centre de Santé Mentale d'Estrelles", "demo.ols.example")
        == "contact.centre-sante-mentale-estrelles@demo.ols.example"
    )


def test_a_long_name_gives_way_to_initials_never_to_a_cut_word():
    name = "Centre de Coordination de Soins à Domicile de la Plaine du Levant"
    assert address_slug(name, 60) == "centre-coordination-soins-domicile-plaine-levant"
    assert address_slug(name, 31) == "cc-soins-domicile-plaine-levant"
    assert address_slug(name, 30) == "ccs-domicile-plaine-levant"


def test_a_name_of_only_small_words_or_symbols_still_gives_a_valid_address():
    for name in ("De la", "***", "Ça"):
        validate_email(contact_address(name, "demo.ols.example"))


@pytest.mark.parametrize(
    "name",
    sorted({structure.name for consortium in DEMO_CONSORTIA for structure in consortium.structures}),
)
def test_every_demo_contact_address_is_valid_readable_and_whole(name):
    address = contact_address(name, DEMO_DOMAIN)
    validate_email(address)
    local = address.split("@")[0]
    assert len(local) <= LOCAL_PART_MAX and local.isascii()
    words = set(ascii_words(name))
    for part in local.removeprefix("contact.").split("-")[1:]:
        assert part in words, (name, address)


def test_demo_contact_addresses_are_distinct():
    names = {structure.name for consortium in DEMO_CONSORTIA for structure in consortium.structures}
    addresses = {contact_address(name, DEMO_DOMAIN) for name in names}
    assert len(addresses) == len(names)
