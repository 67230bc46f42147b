"""Phone numbers: one international form (E.164), Finland by default, clear errors, safe for any text."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hymy.core.phones import phone_display, phone_normalize, phone_search_fragment


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("040 123 4567", "+358401234567"),
        (" 040-123 4567 ", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("00358 40 123 4567", "+358401234567"),
        ("(09) 1234 567", "+35891234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_normalize(typed, stored):
    assert phone_normalize(typed) == stored


def test_normalize_with_another_home_region():
    assert phone_normalize("070 123 45 67", region="SE") == "+46701234567"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123", "This phone number is not valid: 123"),
        ("+358 1", "This is not a phone number: +358 1"),
        ("+358 40 12", "This phone number is not valid: +358 40 12"),
        ("kissa", "This is not a phone number: kissa"),
    ],
)
def test_impossible_number_is_a_clear_error(typed, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            phone_normalize(typed)
        messages = error.value.messages

    assert error.value.code == "invalid_phone"
    assert messages == [message]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+358401234567", "+358 40 1234567"),
        ("+46701234567", "+46 70 123 45 67"),
        ("", ""),
        ("sotku", "sotku"),
    ],
)
def test_display(stored, shown):
    assert phone_display(stored) == shown


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("040 1234567", "+358401234567"),
        ("0401234", "+358401234"),  # a valid (short) Finnish mobile number
        ("040 123", "40123"),  # too short to be a number: the digits after the leading zero
        ("+358 40 123", "35840123"),
        ("maija", None),
        ("123", None),
        ("maija 1234", None),
    ],
)
def test_search_fragment(query, fragment):
    assert phone_search_fragment(query) == fragment


@settings(max_examples=50, deadline=None)
@given(raw=st.text(max_size=30) | st.from_regex(r"(\+|00)?[0-9 ()\-]{0,18}", fullmatch=True))
@example(raw="+358401234567")
@example(raw="0" * 200)
@example(raw="+" + "9" * 300)
@example(raw="٠٤٠١٢٣٤٥٦٧")
def test_normalize_raises_only_validation_errors_and_is_stable(raw):
    try:
        normalized = phone_normalize(raw)
    except ValidationError:
        return

    if normalized:
        assert normalized.startswith("+")
        assert normalized[1:].isdigit()
        assert phone_normalize(normalized) == normalized


@settings(max_examples=50, deadline=None)
@given(query=st.text(max_size=30))
def test_search_fragment_never_fails(query):
    fragment = phone_search_fragment(query)

    assert fragment is None or isinstance(fragment, str)
