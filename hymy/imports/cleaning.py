"""One row of text → the values it will be stored as, or a problem per column.

Values are read the way Finnish spreadsheets write them: dates 24.11.2026 (also 24.11.2026 14.05,
ISO 2026-11-24 and Excel's own dates), amounts 1 234,50 € (also 1234.50 and 1,234.50), yes/no as
kyllä/ei/x. Contact details go through the customer register's own validation
(`customer_contact_clean`, `customer_build`), so an imported customer obeys the same rules as one
typed into the form. Nothing here raises for bad input: every problem becomes a message.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.customers.choices import ConsentSource, CustomerKind, EncounterOutcome
from hymy.journeys.choices import Channel

MAX_AMOUNT = Decimal("9999999999.99")
SPACES = re.compile(r"[\s\u00a0\u202f']+")
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y", "%Y/%m/%d", "%d-%m-%Y")
TIME_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S", "%H.%M.%S")

YES = {"1", "x", "k", "y", "kyllä", "kylla", "yes", "true", "tosi", "ja", "on", "✓"}
NO = {"", "0", "-", "e", "n", "ei", "no", "false", "epätosi", "nej", "off"}
LANGUAGES = {
    "fi": "fi", "fin": "fi", "suomi": "fi", "finnish": "fi", "finska": "fi", "suomeksi": "fi",
    "sv": "sv", "swe": "sv", "ruotsi": "sv", "swedish": "sv", "svenska": "sv", "ruotsiksi": "sv",
    "en": "en", "eng": "en", "englanti": "en", "english": "en", "engelska": "en", "englanniksi": "en",
}  # fmt: skip
PERSON_WORDS = {
    "person",
    "henkilö",
    "henkilo",
    "yksityinen",
    "yksityishenkilö",
    "kuluttaja",
    "private",
    "privat",
}
COMPANY_WORDS = {
    "company",
    "yritys",
    "yhteisö",
    "organisaatio",
    "business",
    "b2b",
    "företag",
    "firma",
    "yhtiö",
}
ATTRIBUTE_FIELDS = ("business_id", "address", "postal_code", "city")
BUSINESS_ID = re.compile(r"^(?:FI)?(\d{6,7})-?(\d)$", re.IGNORECASE)


class Problems(dict):
    """{"<field>": "<message>"}; the first problem of each field is kept."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, str(message))


def parse_date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_datetime(text: str) -> datetime.datetime:
    """A moment in the organisation's time zone; a date alone means its midnight."""
    text = text.strip().replace("T", " ")
    date_part, _space, time_part = text.partition(" ")
    date = parse_date(date_part)
    time = datetime.time(0, 0)
    time_part = time_part.strip().removeprefix("klo").strip()
    if time_part:
        for pattern in TIME_FORMATS:
            try:
                time = datetime.datetime.strptime(time_part, pattern).time()
                break
            except ValueError:
                continue
        else:
            raise ValueError(text)
    return timezone.make_aware(datetime.datetime.combine(date, time))


def parse_amount(text: str) -> Decimal:
    """'1 234,50 €' → Decimal('1234.50'). The last of ',' and '.' is the decimal separator."""
    text = SPACES.sub("", text.strip()).removesuffix("€").removesuffix("EUR").removesuffix("eur")
    text = text.removeprefix("€")
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(text)
    value = Decimal(text)
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(text)
    return value.quantize(Decimal("0.01"))


def parse_bool(text: str) -> bool:
    key = text.strip().casefold()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(text)


def business_id_clean(text: str) -> str:
    """A Finnish Y-tunnus is checked by its check digit and written 1234567-8; other ids stay as typed."""
    text = SPACES.sub("", text)
    match = BUSINESS_ID.match(text)
    if not match:
        return text
    digits, check = match.group(1).zfill(7), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1 or (0 if remainder == 0 else 11 - remainder) != check:
        raise ValueError(text)
    return f"{digits}-{check}"


def postal_code_clean(text: str) -> str:
    """Excel drops leading zeros: 100 was 00100. Finnish postal codes have five digits."""
    text = text.strip()
    return text.zfill(5) if text.isdigit() and len(text) < 5 else text


def _choice(text: str, choices) -> str:
    key = text.strip().casefold()
    for value, label in choices:
        if key in (value.casefold(), str(label).casefold()):
            return value
    raise ValueError(text)


def _amount(values, field, problems, *, required):
    text = values.get(field, "")
    if not text.strip():
        if required:
            problems.add(field, _("The amount is missing."))
        return None
    try:
        amount = parse_amount(text)
    except (ValueError, InvalidOperation):
        problems.add(field, _("“%(value)s” is not an amount; write it like 1 234,50.") % {"value": text})
        return None
    if amount < 0:
        problems.add(field, _("The amount cannot be negative."))
    elif amount > MAX_AMOUNT:
        problems.add(field, _("The amount is too large."))
    return amount


# --- customers ---------------------------------------------------------------------------------------


def clean_customer(values: dict[str, str], problems: Problems) -> dict[str, Any]:
    """Keyword arguments for `customer_build` / `customer_update`, only for the cells that have a value
    (an empty cell leaves an existing customer's value as it is). `company_name` is resolved by the caller."""
    data: dict[str, Any] = {}
    value = {field: (text or "").strip() for field, text in values.items()}
    name = value.get("name") or " ".join(
        part for part in (value.get("first_name"), value.get("last_name")) if part
    )
    if name:
        if len(name) > 200:
            problems.add("name", _("The name is longer than 200 characters."))
        data["name"] = name[:200]
    if value.get("kind"):
        key = value["kind"].casefold()
        if key in PERSON_WORDS:
            data["kind"] = CustomerKind.PERSON
        elif key in COMPANY_WORDS:
            data["kind"] = CustomerKind.COMPANY
        else:
            problems.add(
                "kind", _("“%(value)s” is neither a person nor a company.") % {"value": value["kind"]}
            )
    elif value.get("business_id") and not value.get("first_name"):
        data["kind"] = CustomerKind.COMPANY
    if value.get("external_id"):
        if len(value["external_id"]) > 100:
            problems.add("external_id", _("The external id is longer than 100 characters."))
        data["external_id"] = value["external_id"][:100]
    for field in ("email", "phone"):
        if value.get(field):
            try:
                data[field] = customer_contact_clean(**{field: value[field]})[field]
            except ValidationError as error:
                problems.add(field, " ".join(error.message_dict.get(field, error.messages)))
    if value.get("language"):
        language = LANGUAGES.get(value["language"].casefold())
        if language:
            data["language"] = language
        else:
            problems.add(
                "language",
                _("Unknown language “%(value)s”: use fi, sv or en.") % {"value": value["language"]},
            )
    attributes = {}
    if value.get("business_id"):
        try:
            attributes["business_id"] = business_id_clean(value["business_id"])
        except ValueError:
            problems.add(
                "business_id",
                _("“%(value)s” is not a valid business ID (Y-tunnus).") % {"value": value["business_id"]},
            )
    if value.get("postal_code"):
        attributes["postal_code"] = postal_code_clean(value["postal_code"])
    for field in ("address", "city"):
        if value.get(field):
            attributes[field] = value[field]
    if attributes:
        data["attributes"] = attributes
    for kind in ("survey", "marketing"):
        field = f"{kind}_consent"
        if value.get(field):
            try:
                given = parse_bool(value[field])
            except ValueError:
                problems.add(
                    field, _("Write yes or no (kyllä/ei), not “%(value)s”.") % {"value": value[field]}
                )
            else:
                data[field] = given
                if given:
                    data[f"{field}_source"] = ConsentSource.IMPORT
    if value.get("tags"):
        data["tags"] = [tag.strip() for tag in re.split(r"[,;|]", value["tags"]) if tag.strip()]
    if value.get("needs_and_wishes"):
        data["needs_and_wishes"] = value["needs_and_wishes"]
    if value.get("company"):
        data["company_name"] = value["company"][:200]
    return data


def customer_contact_clean(**kwargs):
    from hymy.customers.services import customer_contact_clean as clean

    return clean(**kwargs)


# --- purchases and encounters ------------------------------------------------------------------------


def clean_purchase(values: dict[str, str], problems: Problems) -> dict[str, Any]:
    data: dict[str, Any] = {}
    text = (values.get("purchased_on") or "").strip()
    if not text:
        problems.add("purchased_on", _("The date is missing."))
    else:
        try:
            data["purchased_on"] = parse_date(text.split(" ")[0].split("T")[0])
        except ValueError:
            problems.add(
                "purchased_on", _("“%(value)s” is not a date; write it like 24.11.2026.") % {"value": text}
            )
    data["amount"] = _amount(values, "amount", problems, required=True)
    data["cost"] = _amount(values, "cost", problems, required=False)
    external_id = (values.get("external_id") or "").strip()
    if len(external_id) > 100:
        problems.add("external_id", _("The order number is longer than 100 characters."))
    data["external_id"] = external_id[:100]
    item = (values.get("item") or "").strip()
    if item and data["amount"] is not None:
        data["items"] = [{"name": item[:200], "quantity": "1", "unit_price": str(data["amount"])}]
    return data


def clean_encounter(values: dict[str, str], problems: Problems) -> dict[str, Any]:
    data: dict[str, Any] = {}
    text = (values.get("started_at") or "").strip()
    if not text:
        problems.add("started_at", _("The date is missing."))
    else:
        try:
            data["started_at"] = parse_datetime(text)
        except (ValueError, OverflowError):
            problems.add(
                "started_at",
                _("“%(value)s” is not a date; write it like 24.11.2026 14.05.") % {"value": text},
            )
    channel = (values.get("channel") or "").strip()
    if channel:
        try:
            data["channel"] = _choice(channel, Channel.choices)
        except ValueError:
            problems.add("channel", _("Unknown channel “%(value)s”.") % {"value": channel})
    outcome = (values.get("outcome") or "").strip()
    if outcome:
        try:
            data["outcome"] = _choice(outcome, EncounterOutcome.choices)
        except ValueError:
            problems.add("outcome", _("Unknown outcome “%(value)s”.") % {"value": outcome})
    data["summary"] = (values.get("summary") or "").strip()
    return data
