"""How names are sorted: in French, the same in SQL (PostgreSQL and SQLite) and in Python.

PostgreSQL sorts with an ICU collation (`fr-BE`, created by the migration `ols_platform/0004`); SQLite with a
collation of the same name registered on every connection, which compares the key `french_key` builds. Python
sorts use that key too. At the first level case and accents do not count ("Cabinet" < "CPAS" < "Épicerie" <
"Zèbre"); then unaccented before accented, lower case before upper case.
"""

import unicodedata
from functools import lru_cache

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "fr_icu"
ICU_LOCALE = "fr-BE"

# Letters NFKD does not split but French (and ICU) reads as two.
_EXPANSIONS = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


@lru_cache(maxsize=4096)
def french_key(text: str | None) -> tuple[str, str, str, str]:
    """The sort key of a name: letters without accents or case, then accents, then case, then the text itself."""
    text = text or ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXPANSIONS))
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return letters.casefold(), decomposed.casefold(), decomposed.swapcase(), text


def french(field: str) -> Collate:
    """`field` compared in French, for `order_by` and `Meta.ordering` (`french("name")`, `french("name").desc()`)."""
    return Collate(F(field), COLLATION)


def compare(left: str, right: str) -> int:
    """SQLite's collation function: -1, 0 or 1, as the French keys compare."""
    left_key, right_key = french_key(left), french_key(right)
    return (left_key > right_key) - (left_key < right_key)


def register_on_sqlite(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give a new SQLite connection the French collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
