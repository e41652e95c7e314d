"""Write the French catalogue of plural forms: `locale/fr/LC_MESSAGES/django.po`.

French is the source language, so its strings need no translation, except for one thing: without a French catalogue
gettext falls back to the English rule (singular for 1 only), and "0 dépenses" is wrong in French, where 0 takes the
singular (`plural=(n > 1)`). This catalogue holds every plural entry of the English one, its French forms being the
msgid and msgid_plural themselves. `make messages` runs it after `makemessages`; then `compilemessages -l fr`.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

HEADER = """# French plural forms of the OLS platform (source language: French), written by `manage.py french_plurals`.
# Do not edit: only the plural entries, so that 0 and 1 take the singular.
msgid ""
msgstr ""
"Project-Id-Version: OLS platform\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"
"""


def plural_blocks(po_text: str) -> list[str]:
    """The plural entries of a .po file, as French entries: msgstr[0] = msgid, msgstr[1] = msgid_plural."""
    blocks = []
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#")]
        if not any(line.startswith("msgid_plural ") for line in lines):
            continue
        keys: dict[str, list[str]] = {}
        current = None
        for line in lines:
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr\[\d+\])\s+(".*")$', line)
            if match:
                current = match.group(1)
                keys[current] = [match.group(2)]
            elif line.startswith('"') and current:
                keys[current].append(line)
        out = []
        for keyword in ("msgctxt", "msgid", "msgid_plural"):
            if keyword in keys:
                out.append(f"{keyword} " + "\n".join(keys[keyword]))
        out.append("msgstr[0] " + "\n".join(keys["msgid"]))
        out.append("msgstr[1] " + "\n".join(keys["msgid_plural"]))
        blocks.append("\n".join(out))
    return blocks


class Command(BaseCommand):
    help = "Write locale/fr/LC_MESSAGES/django.po: the plural entries of the English catalogue, in French."

    def handle(self, *args, **options):
        locale = Path(settings.BASE_DIR) / "locale"
        blocks = plural_blocks((locale / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
        target = locale / "fr" / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n\n".join([HEADER.rstrip("\n"), *blocks]) + "\n", encoding="utf-8")
        self.stdout.write(f"{len(blocks)} plural entries written to {target.relative_to(settings.BASE_DIR)}")
