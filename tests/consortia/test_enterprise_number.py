"""Belgian enterprise numbers: the accepted spellings, the normal form and the refusals (with French messages)."""

import pytest
from django.core.exceptions import ValidationError

from consortia.enterprise_number import (
    make_enterprise_number,
    normalize_enterprise_number,
    validate_enterprise_number,
)
from consortia.forms import EnterpriseNumberField


@pytest.mark.parametrize(
    "typed",
    [
        "0403123486",
        "0403.123.486",
        "BE0403123486",
        "be 0403 123 486",
        "BE0403.123.486",
        " 0403-123-486 ",
        "0403/123/486",
    ],
)
def test_it_accepts_the_usual_spellings_and_normalises_them(typed):
    assert normalize_enterprise_number(typed) == "0403.123.486"


def test_it_accepts_a_number_starting_with_1():
    assert normalize_enterprise_number("1234567894") == "1234.567.894"


def test_it_accepts_a_check_of_97_when_the_first_eight_digits_are_a_multiple_of_97():
    assert normalize_enterprise_number("0970000097") == "0970.000.097"


def test_it_rejects_a_wrong_check_digit_with_a_modulo_97_message():
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number("0403.123.487")
    assert exc.value.code == "enterprise_number_checksum"
    assert "modulo 97" in exc.value.messages[0]


def test_it_rejects_a_check_of_00_which_mod_97_never_gives():
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number("0970000000")
    assert exc.value.code == "enterprise_number_checksum"


@pytest.mark.parametrize(
    "typed", ["0403.12A.486", "BE-ABCDEFGHIJ", "0403.123.48O", "０４０３１２３４８６", "040312348²"]
)
def test_it_rejects_letters_and_non_latin_digits(typed):
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number(typed)
    assert exc.value.messages == ["Le numéro d'entreprise ne contient que des chiffres (format 0123.456.789)."]


@pytest.mark.parametrize(
    ("typed", "count"), [("403123486", 9), ("04031234860", 11), ("BE040312348", 9), ("0" * 40, 40)]
)
def test_it_rejects_a_number_without_exactly_ten_digits_and_says_how_many_were_typed(typed, count):
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number(typed)
    message = exc.value.messages[0]
    assert message.startswith("Le numéro d'entreprise compte 10 chiffres")
    assert f"vous en avez saisi {count}" in message


def test_it_rejects_a_number_starting_with_2_to_9():
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number("2000000042")
    assert exc.value.messages == ["Un numéro d'entreprise commence par 0 ou 1."]


@pytest.mark.parametrize("typed", ["", "   ", "BE", None])
def test_it_asks_for_a_number_when_none_is_given(typed):
    with pytest.raises(ValidationError) as exc:
        normalize_enterprise_number(typed)
    assert exc.value.messages == ["Indiquez le numéro d'entreprise (format 0123.456.789)."]


def test_the_model_validator_wants_the_normal_form():
    validate_enterprise_number("0403.123.486")
    with pytest.raises(ValidationError) as exc:
        validate_enterprise_number("0403123486")
    assert exc.value.messages == ["Écrivez le numéro au format 0123.456.789."]


def test_make_enterprise_number_builds_valid_numbers():
    for first_eight in (0, 1, 97, 4031234, 19_999_999):
        number = make_enterprise_number(first_eight)
        assert normalize_enterprise_number(number) == number


def test_the_form_field_cleans_to_the_normal_form_and_refuses_ten_thousand_characters():
    field = EnterpriseNumberField()
    assert field.clean("BE 0403 123 486") == "0403.123.486"
    with pytest.raises(ValidationError) as exc:
        field.clean("9" * 10_000)
    assert "au plus 30 caractères" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        field.clean("")
    assert exc.value.messages == ["Ce champ est obligatoire."]
