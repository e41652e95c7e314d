"""Readable e-mail addresses for the demo data: "Centre de Santé Mentale d'Estrelles" → contact.centre-sante-mentale-
estrelles@demo.ols.example. Accents are transliterated (NFKD, then ASCII), small words dropped, and a long name is
shortened by whole words (its first words to their initials), never cut in the middle of one."""

import re
import unicodedata

# Articles, prepositions and elided forms (d', l') that add nothing to an address.
SMALL_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "sur", "un", "une"}
)
LOCAL_PART_MAX = 64  # RFC 5321


def ascii_words(text: str) -> list[str]:
    """The words of `text`, lower case, accents transliterated ("é" → "e", "œ" → "oe"), small words left out."""
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [word for word in words if word not in SMALL_WORDS]
    return kept or words


def address_slug(name: str, limit: int) -> str:
    """The words of `name` joined by hyphens, within `limit` characters: when they do not fit, the first words give
    way to their initials, one by one ("cc-soins-domicile-plaine-levant"); never a word cut in the middle."""
    words = ascii_words(name)
    for shortened in range(len(words) + 1):
        initials = "".join(word[0] for word in words[:shortened])
        slug = "-".join(filter(None, [initials, *words[shortened:]]))
        if len(slug) <= limit:
            return slug
    return "".join(word[0] for word in words)[:limit]  # only a name of more than `limit` words gets here


def contact_address(name: str, domain: str, prefix: str = "contact") -> str:
    """A readable address for the contact of the organisation `name` under `domain`."""
    slug = address_slug(name, LOCAL_PART_MAX - len(prefix) - 1)
    return f"{prefix}.{slug}@{domain}" if slug else f"{prefix}@{domain}"
