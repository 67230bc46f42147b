"""Likely duplicates among an organisation's customers, found and ranked with their reasons.

Three signals, each normalised first so that the way a value was typed does not matter:

- the same e-mail address (trimmed, lower case);
- the same phone number in international form (E.164: "040 123 4567" and "+358401234567" agree);
- a similar name (rapidfuzz's token-sort ratio, after folding case, accents and punctuation, so that
  "Meikäläinen, Maija" and "maija meikalainen" agree) together with the same postal code.

Pairs are found by blocking — customers are only compared within the same e-mail, phone or postal
code — so the work grows with the size of the blocks, not with the square of the register. Pairs
someone has dismissed as "not a duplicate" are not suggested again.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from hymy.core.phones import phone_normalize

from .models import Customer, DuplicateDismissal

# Keys of `Customer.attributes` that hold a postal code (the import maps "postinumero" here).
POSTAL_CODE_KEYS = ("postal_code", "postinumero", "postcode", "zip", "postnummer")
NAME_SIMILARITY_THRESHOLD = 85
E164 = re.compile(r"\+[1-9]\d{6,14}")
# The largest block compared pairwise; a bigger one (a shared switchboard number) says little.
MAX_BLOCK = 50

SCORE_EMAIL = 60
SCORE_PHONE = 50
SCORE_NAME_AND_POSTAL_CODE = 40
SCORE_SIMILAR_NAME_BONUS = 20

REASON_EMAIL = "email"
REASON_PHONE = "phone"
REASON_NAME = "name_postal_code"
REASON_LABELS = {
    REASON_EMAIL: _("Same e-mail address"),
    REASON_PHONE: _("Same phone number"),
    REASON_NAME: _("Similar name and same postal code"),
}


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


def phone_key(phone: str) -> str:
    """E.164 when the number parses, else its digits (so that a badly typed number can still match)."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if E164.fullmatch(phone):  # as the services store it: no need to parse again
        return phone
    try:
        return phone_normalize(phone)
    except ValidationError:
        digits = re.sub(r"\D", "", phone)
        return digits if len(digits) >= 6 else ""


def name_key(name: str) -> str:
    """Case, accents, punctuation and extra spaces folded away: 'Meikäläinen, Maija' → 'meikalainen maija'."""
    decomposed = unicodedata.normalize("NFKD", (name or "").casefold())
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w\s]|_", " ", letters).split())


def postal_code_key(attributes: dict) -> str:
    if not isinstance(attributes, dict):
        return ""
    for key in POSTAL_CODE_KEYS:
        value = attributes.get(key)
        if value not in (None, ""):
            return re.sub(r"\s", "", str(value)).upper()
    return ""


def name_similarity(first: str, second: str) -> float:
    """0–100: how alike two names are, word order ignored."""
    return fuzz.token_sort_ratio(name_key(first), name_key(second))


@dataclass
class DuplicatePair:
    first: Customer
    second: Customer
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    name_similarity: float = 0.0

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS[reason]) for reason in self.reasons]


def _pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def pair_score(reasons: set[str], similarity: float) -> int:
    score = 0
    if REASON_EMAIL in reasons:
        score += SCORE_EMAIL
    if REASON_PHONE in reasons:
        score += SCORE_PHONE
    if REASON_NAME in reasons:
        score += round(SCORE_NAME_AND_POSTAL_CODE * similarity / 100)
    elif similarity >= NAME_SIMILARITY_THRESHOLD:
        score += round(SCORE_SIMILAR_NAME_BONUS * similarity / 100)
    return min(score, 100)


def candidate_pairs(rows) -> list[tuple[int, tuple[int, int], set[str], float]]:
    """Scored pairs from plain rows (pk, kind, name, email, phone, attributes), best first.

    No database here, so that the matching itself can be measured (bench/duplicates_find.py).
    """
    blocks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    names = {}
    for pk, kind, name, email, phone, attributes in rows:
        names[pk] = name_key(name)  # folded once per customer, compared many times
        for reason, key in ((REASON_EMAIL, email_key(email)), (REASON_PHONE, phone_key(phone)),
                            (REASON_NAME, postal_code_key(attributes))):  # fmt: skip
            if key:
                blocks[(reason, kind, key)].append(pk)

    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    similarity: dict[tuple[int, int], float] = {}
    for (reason, _kind, _key), members in blocks.items():
        if len(members) < 2 or len(members) > MAX_BLOCK:
            continue
        for a, b in combinations(members, 2):
            pair = _pair_key(a, b)
            if pair not in similarity:
                similarity[pair] = fuzz.token_sort_ratio(names[a], names[b])
            if reason == REASON_NAME and similarity[pair] < NAME_SIMILARITY_THRESHOLD:
                continue
            reasons[pair].add(reason)
    scored = [
        (pair_score(found, similarity[pair]), pair, found, similarity[pair])
        for pair, found in reasons.items()
    ]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return scored


def find_duplicates(
    customers: QuerySet[Customer], *, organization, limit: int | None = None
) -> list[DuplicatePair]:
    """Likely duplicate pairs among `customers` (already scoped by a selector), best first."""
    rows = customers.values_list("pk", "kind", "name", "email", "phone", "attributes")
    dismissed = set(
        DuplicateDismissal.objects.filter(organization=organization).values_list("first_id", "second_id")
    )
    scored = [item for item in candidate_pairs(rows.iterator(chunk_size=5000)) if item[1] not in dismissed]
    if limit is not None:
        scored = scored[:limit]
    by_pk = {
        c.pk: c for c in Customer.objects.filter(pk__in={pk for _s, pair, _f, _n in scored for pk in pair})
    }
    order = (REASON_EMAIL, REASON_PHONE, REASON_NAME)
    return [
        DuplicatePair(
            first=by_pk[pair[0]],
            second=by_pk[pair[1]],
            score=score,
            reasons=[reason for reason in order if reason in found],
            name_similarity=similarity,
        )
        for score, pair, found, similarity in scored
    ]
