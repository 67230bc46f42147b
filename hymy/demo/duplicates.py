"""Likely duplicates planted in the telecom's register, so that *Customers → Likely duplicates* has work.

A real register holds some people twice: typed in again at another shop, or brought over from an old
system. Here a few simulated customers become such second records of another customer — each keeps its
own history, only who it says it is changes — so no figure moves: no row is added, nothing is drawn
from the random stream (the rest of the simulation is the same), and e-mail and phone stay filled
where they were, so the surveys reach the same customers by the same channels. One pair of each kind
the duplicates page finds (`hymy/customers/duplicates.py`), best match first:

- the same e-mail address, the second one in capitals and with the names in the other order, as an old
  system wrote them (score 80);
- the same phone number, once typed as 040 … and once as +358 … — the services store both in E.164 —
  with the same name (score 70);
- the name once with and once without the Finnish letters ("Meikäläinen" / "Meikalainen") and the same
  postal code (score 40).
"""

import unicodedata

from hymy.customers.choices import CustomerKind

from .records import CustomerRecord

# Postal codes near each shop (the customer's home shop, an attribute of the simulation).
POSTAL_CODES = {"Helsinki Kamppi": "00100", "Tampere Koskikeskus": "33100", "Oulu Valkea": "90100"}
OTHER_DOMAIN = "posti.fi"  # where the second record's own address is, when it has one


def _without_finnish_letters(text: str) -> str:
    """'Mäkelä' → 'Makela': as a keyboard or a system without ä, ö and å wrote it."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _address(name: str, taken: set[str]) -> str:
    local = ".".join(_without_finnish_letters(name).lower().replace("-", "").split())
    email, number = f"{local}@{OTHER_DOMAIN}", 2
    while email in taken:
        email, number = f"{local}{number}@{OTHER_DOMAIN}", number + 1
    taken.add(email)
    return email


def plant_duplicates(customers: list[CustomerRecord], taken_emails: set[str]) -> list[dict]:
    """Turn a few customers into second records of others; return the pairs for the demo truth.

    The customers are chosen by their place in the list (private people with an e-mail and a phone),
    so the same seed plants the same pairs. Fewer than six such customers: nothing is planted.
    """
    candidates = [
        customer
        for customer in customers
        if customer.kind == CustomerKind.PERSON
        and customer.company_key is None
        and customer.email
        and customer.phone
        and len(customer.name.split()) == 2
    ]
    with_letters = next((c for c in candidates if _without_finnish_letters(c.name) != c.name), None)
    if len(candidates) < 6 or with_letters is None:
        return []
    others = iter(customer for customer in candidates if customer is not with_letters)
    planted = []

    # The same e-mail address, in capitals, with the names the other way round.
    first, second = next(others), next(others)
    given, family = first.name.split()
    second.name = f"{family} {given}"
    second.email = first.email.upper()
    planted.append({"reason": "email", "first": first.external_id, "second": second.external_id})

    # The same phone number and the same name; the second has an address of its own.
    first, second = next(others), next(others)
    second.name = first.name
    second.phone = first.phone
    second.email = _address(first.name, taken_emails)
    planted.append({"reason": "phone", "first": first.external_id, "second": second.external_id})

    # The name with and without ä/ö/å, and the same postal code (near the first one's home shop).
    first, second = with_letters, next(others)
    postal_code = POSTAL_CODES.get(first.attributes.get("kotimyymälä"), "00100")
    second.name = _without_finnish_letters(first.name)
    second.email = _address(second.name, taken_emails)
    first.attributes = {**first.attributes, "postinumero": postal_code}
    second.attributes = {**second.attributes, "postinumero": postal_code}
    planted.append({"reason": "name_postal_code", "first": first.external_id, "second": second.external_id})
    return planted
