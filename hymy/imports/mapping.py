"""Which column holds what: the fields each kind of import knows, and a guess from the headers.

A header is compared in a normalised form (case, spaces, hyphens and punctuation ignored, and also with
å/ä/ö folded to a/a/o, since exports from old systems lose them), first whole, then as a part of a
longer header ("Asiakkaan sähköposti"). Each field is given to one column at most. A mapping the user
confirms is remembered for the organisation, the kind and the exact set of headers (`header_key`).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .choices import ImportKind

IGNORE = ""


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    synonyms: tuple[str, ...]


_CUSTOMER_LOOKUP = (
    Field("customer_external_id", _("Customer's external id"),
          ("asiakasnumero", "asiakasnro", "asiakas id", "asiakastunnus", "customer id", "customer number",
           "customer no", "kundnummer", "external id")),
    Field("customer_email", _("Customer's e-mail"),
          ("sähköposti", "sähköpostiosoite", "s-posti", "sposti", "email", "e-mail", "mail", "e-post")),
    Field("customer_phone", _("Customer's phone"),
          ("puhelin", "puhelinnumero", "puh", "matkapuhelin", "gsm", "phone", "mobile", "telefon")),
)  # fmt: skip

FIELDS: dict[str, tuple[Field, ...]] = {
    ImportKind.CUSTOMERS: (
        Field("external_id", _("External id"),
              ("asiakasnumero", "asiakasnro", "asiakastunnus", "id", "tunnus", "customer id", "customer number",
               "external id", "kundnummer")),
        Field("name", _("Name"), ("nimi", "koko nimi", "asiakas", "asiakkaan nimi", "name", "full name",
                                   "customer", "namn")),
        Field("first_name", _("First name"), ("etunimi", "etunimet", "first name", "firstname", "given name",
                                               "förnamn")),
        Field("last_name", _("Last name"), ("sukunimi", "last name", "lastname", "surname", "family name",
                                             "efternamn")),
        Field("kind", _("Person or company"), ("tyyppi", "asiakastyyppi", "type", "kind", "customer type", "typ")),
        Field("company", _("Company (for a person)"), ("yritys", "yhtiö", "organisaatio", "työnantaja", "company",
                                                       "organisation", "organization", "företag")),
        Field("business_id", _("Business ID (Y-tunnus)"), ("y-tunnus", "ytunnus", "y tunnus", "business id",
                                                            "vat", "vat number", "organisationsnummer", "fo-nummer")),
        Field("email", _("E-mail"), ("sähköposti", "sähköpostiosoite", "s-posti", "sposti", "email", "e-mail",
                                      "mail", "e-post")),
        Field("phone", _("Phone"), ("puhelin", "puhelinnumero", "puh", "matkapuhelin", "gsm", "phone", "mobile",
                                     "telephone", "telefon")),
        Field("language", _("Language"), ("kieli", "asiointikieli", "language", "språk")),
        Field("address", _("Street address"), ("osoite", "katuosoite", "lähiosoite", "address", "street",
                                                "street address", "adress", "gatuadress")),
        Field("postal_code", _("Postal code"), ("postinumero", "postinro", "postal code", "post code", "zip",
                                                 "zip code", "postnummer")),
        Field("city", _("City"), ("kaupunki", "postitoimipaikka", "paikkakunta", "kunta", "city", "town",
                                   "ort", "stad")),
        Field("survey_consent", _("May be asked for feedback"), ("palautelupa", "kyselylupa", "survey consent",
                                                                 "feedback consent")),
        Field("marketing_consent", _("May receive marketing"), ("markkinointilupa", "suoramarkkinointilupa",
                                                                 "marketing consent", "marketing")),
        Field("tags", _("Tags"), ("tagit", "tunnisteet", "tunniste", "tags", "tag", "taggar")),
        Field("needs_and_wishes", _("Needs and wishes"), ("tarpeet ja toiveet", "toiveet", "lisätiedot",
                                                          "huomiot", "needs", "needs and wishes", "notes")),
    ),
    ImportKind.PURCHASES: (
        *_CUSTOMER_LOOKUP,
        Field("purchased_on", _("Date"), ("päivämäärä", "pvm", "ostopäivä", "tilauspäivä", "date",
                                           "purchase date", "order date", "datum")),
        Field("amount", _("Amount"), ("summa", "kokonaissumma", "yhteensä", "hinta", "arvo", "amount", "total",
                                       "price", "sum", "belopp")),
        Field("cost", _("Cost"), ("kustannus", "kulu", "hankintahinta", "cost")),
        Field("external_id", _("Order number"), ("tilausnumero", "tilaus", "laskunumero", "kuittinumero",
                                                  "order number", "order id", "order", "invoice", "receipt",
                                                  "ordernummer")),
        Field("touchpoint", _("Touchpoint"), ("kosketuspiste", "myymälä", "toimipiste", "touchpoint", "store",
                                               "shop")),
        Field("item", _("Product"), ("tuote", "tuotteet", "kuvaus", "product", "item", "description", "produkt")),
    ),
    ImportKind.ENCOUNTERS: (
        *_CUSTOMER_LOOKUP,
        Field("started_at", _("When"), ("päivämäärä", "pvm", "aika", "ajankohta", "alkoi", "date", "time",
                                         "started", "datum")),
        Field("touchpoint", _("Touchpoint"), ("kosketuspiste", "toimipiste", "myymälä", "paikka", "touchpoint",
                                               "store", "shop")),
        Field("channel", _("Channel"), ("kanava", "channel", "kanal")),
        Field("outcome", _("Outcome"), ("tulos", "lopputulos", "outcome", "result", "resultat")),
        Field("summary", _("What happened"), ("kuvaus", "yhteenveto", "muistiinpano", "mitä tapahtui", "summary",
                                               "notes", "description", "beskrivning")),
    ),
}  # fmt: skip


def fields_for(kind: str) -> tuple[Field, ...]:
    return FIELDS[kind]


def field_names(kind: str) -> set[str]:
    return {field.name for field in FIELDS[kind]}


def normalise(header: str) -> str:
    """'Sähkö-posti ' → 'sähköposti'."""
    return re.sub(r"[\W_]+", "", (header or "").casefold())


def _fold(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def header_key(headers: list[str]) -> str:
    """The same set of headers in any order gives the same key."""
    joined = "\n".join(sorted(normalise(header) for header in headers))
    return hashlib.sha256(joined.encode()).hexdigest()


def guess(kind: str, headers: list[str]) -> dict[str, str]:
    """{"<column index>": "<field>"} for the columns whose header says what they hold."""
    candidates = []  # (quality, column, field): lower quality is a better match
    for field in FIELDS[kind]:
        synonyms = {normalise(synonym) for synonym in (field.name, *field.synonyms)}
        folded = {_fold(synonym) for synonym in synonyms}
        for column, header in enumerate(headers):
            key = normalise(header)
            if not key:
                continue
            if key in synonyms:
                candidates.append((0, column, field.name))
            elif _fold(key) in folded:
                candidates.append((1, column, field.name))
            else:
                # A longer header that contains a synonym of at least four letters.
                lengths = [len(s) for s in folded if len(s) >= 4 and s in _fold(key)]
                if lengths:
                    candidates.append((2 + 100 - max(lengths), column, field.name))
    mapping: dict[str, str] = {}
    taken_fields: set[str] = set()
    for _quality, column, field in sorted(candidates):
        if str(column) in mapping or field in taken_fields:
            continue
        mapping[str(column)] = field
        taken_fields.add(field)
    return mapping


def mapping_by_header(headers: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """The mapping keyed by normalised header, to remember it independent of the column order."""
    return {
        normalise(headers[int(column)]): field
        for column, field in mapping.items()
        if int(column) < len(headers)
    }


def mapping_from_remembered(headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    return {
        str(column): remembered[normalise(header)]
        for column, header in enumerate(headers)
        if remembered.get(normalise(header))
    }
