"""Optimistic locking, the one scheme of the project: an integer `version` column on each record people edit.

A record starts at version 1 and every service write of it adds one, in the same `save()` as the change
(`next_version`), under the row lock the service already takes (`select_for_update`), so two writers never give
out the same number. An editor (a form's hidden field, the API's `version`) sends back the version it loaded;
the service calls `check_version` before changing anything, so the second of two people saving at once gets a
`ConflictError` (code `conflict`, `params["version"]` = the current version) and nothing changes.

Using it in an app:

    from ols_platform.concurrency import VersionFormField, check_version, next_version, parse_version

    class LineForm(forms.ModelForm):
        version = VersionFormField()                       # hidden; refuses "", "²", "-1", " 3"…

    def line_update(*, actor, line, data, expected_version: int | None = None):
        with transaction.atomic():
            line = Line.objects.select_for_update().get(pk=line.pk)
            check_version(line, expected_version, label=str(line))   # None: the caller asked for no check
            ...
            next_version(line)
            line.save()

`parse_version` turns a raw value (a query parameter, a field of a JSON body) into a version strictly, or raises a
`DomainError` with code `invalid_version`; `version_number` is its non-raising form.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ConflictError, DomainError

VERSION_MAX = 2**31 - 1  # a version is a counter: anything larger is garbage, not a version


def version_number(value) -> int | None:
    """A version number, or None when `value` is not one.

    Strict on purpose: ASCII digits only (`str.isdigit()` accepts `²`, which `int()` then refuses, and `int()`
    accepts `٣` and ` 3_0 `), no booleans nor floats, and bounded so that no database sees an out-of-range integer.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and 0 < len(value) <= 10 and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 0 <= number <= VERSION_MAX else None


def parse_version(value, *, missing_message: str) -> int:
    """The version an editor loaded; missing or garbled → a field error (`invalid_version`) asking to reload."""
    number = version_number(value)
    if number is None:
        raise DomainError(missing_message, code="invalid_version", field="version")
    return number


def check_version(
    instance, expected: int | None, *, label: str, field: str = "version", current_values: str = "", params=None
) -> None:
    """Refuse a save based on a stale read: `expected` is the version the editor loaded (None: no check asked).

    `instance` must be the row as locked by the service; `label` names it in the message ("Maison Bleue",
    "l'adhésion de Maison Bleue"); `field` is the version column when a record has more than one;
    `current_values` (text) shows the values now stored, for records edited without a side-by-side table;
    `params` adds figures to the error's params.
    """
    current = getattr(instance, field)
    if expected is None or expected == current:
        return
    message = (
        _(
            "Quelqu'un a modifié %s depuis que vous avez ouvert le formulaire : "
            "vérifiez les valeurs actuelles avant d'enregistrer à nouveau."
        )
        % label
    )
    if current_values:
        message += " " + _("Valeurs actuelles — %s.") % current_values
    raise ConflictError(message, code="conflict", params={field: current, **(params or {})})


def next_version(instance, field: str = "version"):
    """Count one more version of `instance` (saved by the caller's next `save()`); returns the instance."""
    setattr(instance, field, getattr(instance, field) + 1)
    return instance


class VersionFormField(forms.IntegerField):
    """The hidden field that carries the loaded version through a form, parsed as strictly as `version_number`."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": gettext_lazy("Version illisible : rechargez la page.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", VERSION_MAX)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = version_number(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
