"""The API's fields, strict about JSON types: a value of the wrong type is a 400, never quietly converted.

DRF's fields are lenient: a text field takes `0` and saves "0", an integer field takes `"12"`, a boolean field takes
`"true"` or `1`, a relation takes `"12"` for an id. The schema promises types; these fields keep the promise, with a
French message and the stable code `invalid` (or DRF's own code for relations: `incorrect_type`).

Every serializer of the project derives from `ModelSerializer` / `Serializer` below and declares its fields from this
module, so the rule lives here once.

A form body (multipart, which an expense with a justification file must use, or form-encoded) can only carry text:
there a field accepts the text spelling of its type (`"12"` for an id, `"true"` for a boolean); JSON bodies cannot.
"""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .validators import object_id

NOT_TEXT = _("Envoyez un texte (une chaîne JSON entre guillemets), pas un nombre ni un booléen.")
NOT_INTEGER = _("Envoyez un nombre entier (sans guillemets).")
NOT_BOOLEAN = _("Envoyez true ou false (sans guillemets).")
NOT_AMOUNT_TEXT = _("Envoyez le nombre en texte, entre guillemets (« 449999.50 »).")
NOT_ID = _("Envoyez l'identifiant comme un nombre entier (sans guillemets).")


def sent_as_form(field) -> bool:
    """Whether the body being validated is a form (multipart or form-encoded), whose values can only be text."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


def _is_integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_type(value) -> str:
    """The JSON type a Python value came from (a choice declared as an enum member counts as its value's type)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "string" if isinstance(value, str) else type(value).__name__


class _StringOnly:
    """Accepts only a JSON string (the field's "invalid" message otherwise)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CharField(_StringOnly, serializers.CharField):
    """Text: only a JSON string."""

    default_error_messages = {"invalid": NOT_TEXT}


class EmailField(serializers.EmailField):
    default_error_messages = {"invalid": _("Saisissez une adresse e-mail valide.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class DecimalTextField(CharField):
    """A decimal number written as text (`"449999.50"`), as amounts are documented: the service reads it."""

    default_error_messages = {"invalid": NOT_AMOUNT_TEXT}


class IntegerField(serializers.IntegerField):
    """An integer: a JSON number without fraction; neither a string nor a boolean (digits in a form body)."""

    default_error_messages = {"invalid": NOT_INTEGER}

    def to_internal_value(self, data):
        if isinstance(data, str) and sent_as_form(self):
            return super().to_internal_value(data)
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        if isinstance(data, float) and not data.is_integer():
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    """A boolean: JSON true or false only (its text spelling in a form body)."""

    default_error_messages = {"invalid": NOT_BOOLEAN}

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and sent_as_form(self):
            return super().to_internal_value(data)
        self.fail("invalid")


class DecimalField(_StringOnly, serializers.DecimalField):
    """A decimal documented as a string (COERCE_DECIMAL_TO_STRING): only a JSON string."""

    default_error_messages = {"invalid": NOT_AMOUNT_TEXT}


class ChoiceField(serializers.ChoiceField):
    """One of the documented values, of the documented type: `"1"` is not the choice `1`, nor `1` the choice `"1"`."""

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        if not sent_as_form(self) and not any(
            _json_type(data) == _json_type(choice) and data == choice for choice in self.choices
        ):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Another object, named by its id: an integer (digits in a form body), never `"12"` in JSON."""

    def to_internal_value(self, data):
        if not _is_integer(data) and not (isinstance(data, str) and sent_as_form(self)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if object_id(data) is None:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT)
class IdField(serializers.Field):
    """An object's id, handed as such to a service (which looks it up in its own scope and refuses an unknown one with
    its rule's code): an integer (digits in a form body). An id no column can hold passes through, unknown."""

    default_error_messages = {"invalid": NOT_ID}

    def to_internal_value(self, data):
        if _is_integer(data):
            return data
        if isinstance(data, str) and sent_as_form(self):
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class ModelSerializer(serializers.ModelSerializer):
    """The project's ModelSerializer: the fields it builds from the model are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        **{
            model_field: strict
            for model_field, lenient in serializers.ModelSerializer.serializer_field_mapping.items()
            for lenient_class, strict in (
                (serializers.CharField, CharField),
                (serializers.EmailField, EmailField),
                (serializers.IntegerField, IntegerField),
                (serializers.BooleanField, BooleanField),
                (serializers.DecimalField, DecimalField),
            )
            if lenient is lenient_class
        },
    }
    serializer_related_field = PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField


class Serializer(serializers.Serializer):
    """The project's plain Serializer (declare its fields from this module)."""
