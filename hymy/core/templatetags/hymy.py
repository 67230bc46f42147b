"""Template helpers every page may use (registered as a builtin in settings)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats, translation

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€", "SEK": "kr", "USD": "$", "GBP": "£"}


@register.filter
def money(value, currency="EUR"):
    """An amount in the reader's locale: '1 234,50 €' in Finnish, '€1,234.50' in English."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return value
    number = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency or "EUR", currency)
    if translation.get_language() in ("fi", "sv"):
        return f"{number}\xa0{symbol}"
    return f"{symbol}{number}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced (for pagination and filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def phone(value):
    from hymy.core.phones import phone_display

    return phone_display(value)


@register.filter
def can(membership, permission):
    """`{% if current_membership|can:"customers.change" %}` — for showing buttons; views check again."""
    return membership is not None and membership.can(permission)


@register.filter
def in_language(texts, language):
    """A multilingual text ({"fi": …, "en": …}) in the reader's language, falling back to any it has."""
    from hymy.core.texts import text_in

    return text_in(texts, language or translation.get_language())


@register.filter
def signed(value, decimals=0):
    """A difference with its sign, in the reader's number format: '+5', '−12' (a real minus sign)."""
    if value in (None, ""):
        return ""
    # Round first, half away from zero: number_format only cuts a float's decimals off, which made
    # +4.7 read "+4" and −0.6 read "−0".
    rounded = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    number = formats.number_format(abs(rounded), decimal_pos=int(decimals), use_l10n=True)
    if rounded == 0:
        return number
    return ("+" if rounded > 0 else "−") + number
