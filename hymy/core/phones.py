"""Phone numbers in one form (E.164), with Finland as the default region."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "FI"

# Parsing and validating a number costs about 0.1 ms, and an import cleans each number twice (once to
# match the row to a customer, once more in `customer_build`). Valid answers are remembered, under the
# typed form and under the E.164 form (normalising a normalised number gives it back unchanged).
# Bounded: emptied when full, so a 1,000,000-row import keeps at most this many.
_NORMALIZED: dict[tuple[str, str], str] = {}
_NORMALIZED_MAX = 20_000


def phone_normalize(raw: str, *, region: str = DEFAULT_REGION) -> str:
    """'040 123 4567' → '+358401234567'. Empty stays empty; an impossible number is an error."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    known = _NORMALIZED.get((raw, region))
    if known is not None:
        return known
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("This is not a phone number: %(value)s"), code="invalid_phone", params={"value": raw})
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            _("This phone number is not valid: %(value)s"), code="invalid_phone", params={"value": raw}
        )
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if len(_NORMALIZED) >= _NORMALIZED_MAX:
        _NORMALIZED.clear()
    _NORMALIZED[(raw, region)] = _NORMALIZED[(e164, region)] = e164
    return e164


def phone_display(e164: str) -> str:
    """'+358401234567' → '+358 40 1234567' for reading."""
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def phone_search_fragment(query: str) -> str | None:
    """The part of an E.164 number that a typed search matches, or None if it is not number-like."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) < 4 or len(digits) < len(query.replace(" ", "").replace("-", "")) - 1:
        return None
    try:
        return phone_normalize(query)
    except ValidationError:
        # A partial number: '040 123' should find '+35840123…'.
        return digits[1:] if digits.startswith("0") else digits
