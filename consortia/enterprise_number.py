"""Belgian enterprise numbers (BCE/KBO): 10 digits, the last two are 97 − (first 8 digits mod 97)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-/]")


def normalize_enterprise_number(value: str) -> str:
    """Return the number as `0123.456.789`, or raise ValidationError with a message a person understands."""
    raw = _SEPARATORS.sub("", (value or "").strip().upper())
    if raw.startswith("BE"):
        raw = raw[2:]
    if not raw:
        raise ValidationError(
            _("Indiquez le numéro d'entreprise (format 0123.456.789)."), code="enterprise_number_format"
        )
    if not (raw.isascii() and raw.isdigit()):
        raise ValidationError(
            _("Le numéro d'entreprise ne contient que des chiffres (format 0123.456.789)."),
            code="enterprise_number_format",
        )
    if len(raw) != 10:
        raise ValidationError(
            _(
                "Le numéro d'entreprise compte 10 chiffres (format 0123.456.789), vous en avez saisi %(count)d ; "
                "un ancien numéro à 9 chiffres s'écrit avec un 0 devant."
            )
            % {"count": len(raw)},
            code="enterprise_number_format",
        )
    if raw[0] not in "01":
        raise ValidationError(_("Un numéro d'entreprise commence par 0 ou 1."), code="enterprise_number_format")
    if 97 - int(raw[:8]) % 97 != int(raw[8:]):
        raise ValidationError(
            _("Numéro d'entreprise invalide : le chiffre de contrôle (modulo 97) ne correspond pas."),
            code="enterprise_number_checksum",
        )
    return f"{raw[:4]}.{raw[4:7]}.{raw[7:]}"


def validate_enterprise_number(value: str) -> None:
    if normalize_enterprise_number(value) != value:
        raise ValidationError(_("Écrivez le numéro au format 0123.456.789."), code="enterprise_number_format")


def make_enterprise_number(first_eight: int) -> str:
    """A valid number from its first 8 digits (demo data and tests)."""
    base = f"{first_eight:08d}"
    return normalize_enterprise_number(f"{base}{97 - first_eight % 97:02d}")
