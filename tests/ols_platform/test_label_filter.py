"""The `label` filter: what `get_<field>_display` shows, in the active language, without its per-call cost."""

import pytest
from django.utils import translation

from ols_platform.templatetags.ols import label
from tests.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_it_shows_the_same_label_as_get_display_in_each_language():
    structure = StructureFactory(level="meso", legal_form="public")
    with translation.override("fr"):
        assert label(structure, "level") == structure.get_level_display() == "Méso"
        assert label(structure, "legal_form") == structure.get_legal_form_display()
    with translation.override("en"):
        assert label(structure, "legal_form") == structure.get_legal_form_display()
        assert label(structure, "legal_form") != "Pouvoir public / CPAS"


def test_it_shows_a_value_outside_the_choices_as_it_is():
    structure = StructureFactory.build(level="galactic")
    assert label(structure, "level") == "galactic" == structure.get_level_display()
