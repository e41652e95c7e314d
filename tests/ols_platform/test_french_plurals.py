"""French counts: 0 and 1 take the singular (`plural=(n > 1)`), through the French catalogue of plural forms."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from .test_english import PO_FILE, _po_entries

FR_PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize(
    "n, expected",
    [(0, "Éligibilité : 0 critère rempli"), (1, "Éligibilité : 1 critère rempli"), (2, "Éligibilité : 2 critères")],
)
def test_french_uses_the_singular_for_0_and_1(n, expected):
    # The overview's string (templates/consortia/detail_body.html), so in the catalogues.
    template = Template(
        "{% load i18n %}{% blocktranslate with total=total count met=n %}Éligibilité : {{ met }} critère rempli sur "
        "{{ total }}.{% plural %}Éligibilité : {{ met }} critères remplis sur {{ total }}.{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"n": n, "total": 7})).startswith(expected)


def test_english_keeps_its_own_rule():
    with translation.override("en"):
        assert ngettext("%(n)d structure méso, par secteur.", "%(n)d structures méso, groupées par secteur.", 0) == (
            "%(n)d meso structures, grouped by sector."
        )


def test_the_french_catalogue_holds_every_plural_of_the_english_one():
    english = {(e["msgid"], e["msgid_plural"]) for e in _po_entries(PO_FILE) if e["msgid_plural"] and not e["obsolete"]}
    french = {
        (e["msgid"], e["msgid_plural"]): (e["msgstr"].get(0), e["msgstr"].get(1))
        for e in _po_entries(FR_PO)
        if e["msgid_plural"]
    }
    assert english - set(french) == set(), "run `make messages` (manage.py french_plurals)"
    assert all(french[key] == key for key in english)


def test_the_command_writes_the_catalogue_it_checks(tmp_path, settings):
    (tmp_path / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").write_text(PO_FILE.read_text(encoding="utf-8"))
    settings.BASE_DIR = tmp_path
    call_command("french_plurals", stdout=io.StringIO())
    written = (tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "plural=(n > 1)" in written
    assert written == FR_PO.read_text(encoding="utf-8")
