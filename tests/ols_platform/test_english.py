"""The English interface: the catalogue is complete and the language switch really shows English.

French is the source language of every string; `locale/en/LC_MESSAGES/django.po` holds the English translation.
After `makemessages`, a new or changed French string appears in the .po with an empty (or fuzzy) msgstr and the
completeness test below fails until someone translates it.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def _po_entries(path: Path) -> list[dict]:
    """Each entry of a .po file: {"flags": [...], "msgid": str, "msgid_plural": str|None, "msgstr": {key: str}}."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = {"flags": [], "msgid": None, "msgid_plural": None, "msgstr": {}, "obsolete": False}
        current = None
        for line in block.strip().splitlines():
            line = line.strip()
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                kind, key = current
                if kind == "msgstr":
                    entry["msgstr"][key] += _unquote(line)
                else:
                    entry[kind] += _unquote(line)
            else:
                match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
                assert match, f"unreadable line in {path.name}: {line!r}"
                keyword, index, value = match.groups()
                if keyword == "msgstr":
                    key = int(index) if index is not None else 0
                    entry["msgstr"][key] = _unquote(value)
                    current = ("msgstr", key)
                else:
                    entry[keyword] = _unquote(value)
                    current = (keyword, None)
        if entry["msgid"] is not None or entry["obsolete"]:
            entries.append(entry)
    return entries


def _english_client(actor_client: Client) -> Client:
    response = actor_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return actor_client


# --- the catalogue -------------------------------------------------------------------------------------------------


def test_the_english_catalogue_and_its_compiled_file_are_there():
    assert PO_FILE.is_file()
    assert MO_FILE.is_file(), "run `manage.py compilemessages -l en --ignore=.venv` and commit django.mo"


def test_every_entry_of_the_english_catalogue_is_translated_and_not_fuzzy():
    entries = _po_entries(PO_FILE)
    header = [e for e in entries if e["msgid"] == ""]
    assert header and "fuzzy" not in header[0]["flags"], "the header is fuzzy: msgfmt would ignore it"
    messages = [e for e in entries if e["msgid"]]
    assert len(messages) > 500

    obsolete = [e for e in entries if e["obsolete"]]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in messages if not e["msgstr"] or not all(e["msgstr"].values())]
    plurals_incomplete = [e["msgid"] for e in messages if e["msgid_plural"] is not None and set(e["msgstr"]) != {0, 1}]

    assert not obsolete, "run makemessages with --no-obsolete"
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries, e.g. {fuzzy[:5]}"
    assert not untranslated, f"{len(untranslated)} untranslated entries, e.g. {untranslated[:5]}"
    assert not plurals_incomplete, f"plural entries without both forms: {plurals_incomplete[:5]}"


def test_translations_keep_the_placeholders_of_their_source():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
    wrong = []
    for entry in _po_entries(PO_FILE):
        if not entry["msgid"]:
            continue
        sources = [entry["msgid"]] if entry["msgid_plural"] is None else [entry["msgid"], entry["msgid_plural"]]
        for key, translation in entry["msgstr"].items():
            source = sources[min(key, len(sources) - 1)]
            if sorted(placeholder.findall(source)) != sorted(placeholder.findall(translation)):
                wrong.append((source, translation))
    assert not wrong, wrong[:5]


# --- the language switch -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_page_switches_to_english():
    client = _english_client(Client())
    html = client.get("/accounts/login/").content.decode()
    assert "Log in" in html
    assert "Password" in html
    assert "Forgot your password?" in html
    assert "Se connecter" not in html
    assert "Mot de passe oublié" not in html


def test_the_dashboard_switches_to_english(cast):
    client = cast.client("coordinator")
    french = client.get("/").content.decode()
    assert "Tableau de bord" in french

    html = _english_client(client).get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Dashboard" in html
    assert "My profile" in html
    assert "Log out" in html
    assert "The consortia you are part of." in html
    assert "Tableau de bord" not in html
    assert "Se déconnecter" not in html
    assert "Les consortia dont vous faites partie." not in html


def test_the_consortium_overview_switches_to_english(cast):
    client = _english_client(cast.client("coordinator"))
    html = client.get(f"/consortia/{cast.consortium_a.pk}/").content.decode()
    assert "Overview" in html
    assert "Key figures" in html
    assert "Members and partners" in html
    assert "Lead structure" in html
    assert "Territory and life basins" in html
    for french in ("Vue d'ensemble", "Vue d&#x27;ensemble", "Chiffres clés", "Structure porteuse", "Bassins de vie"):
        assert french not in html


def test_the_members_page_switches_to_english(cast):
    client = _english_client(cast.client("coordinator"))
    html = client.get(f"/consortia/{cast.consortium_a.pk}/members/").content.decode()
    assert "Members and partners" in html
    assert "Life basins" in html
    assert "Conflicts of interest" in html
    assert "Filter the structures" in html
    for french in ("Membres et partenaires", "Bassins de vie", "Filtrer les structures", "Tout afficher"):
        assert french not in html


def test_french_stays_the_default(cast):
    html = cast.client("coordinator").get(f"/consortia/{cast.consortium_a.pk}/members/").content.decode()
    assert "Membres et partenaires" in html
    assert "Members and partners" not in html
