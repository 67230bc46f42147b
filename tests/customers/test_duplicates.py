"""Likely duplicates: normalisation of e-mail, phone and name, the ranking and its reasons, dismissal."""

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hymy.customers import merging
from hymy.customers import services as customer_services
from hymy.customers.duplicates import (
    REASON_EMAIL,
    REASON_NAME,
    REASON_PHONE,
    email_key,
    name_key,
    name_similarity,
    phone_key,
)
from hymy.customers.selectors import duplicate_list
from hymy.tenancy.choices import Role

# --- Normalisation, for any input ----------------------------------------------------------------

local_parts = st.text(alphabet=string.ascii_letters + string.digits + "._-", min_size=1, max_size=20)
domains = st.sampled_from(["example.fi", "Posti.FI", "gmail.com", "yritys.example.com"])


@given(
    local=local_parts, domain=domains, before=st.text(" \t", max_size=3), after=st.text(" \t\n", max_size=3)
)
def test_an_e_mail_address_matches_whatever_its_case_and_spaces(local, domain, before, after):
    address = f"{local}@{domain}"

    assert email_key(before + address.upper() + after) == email_key(address.lower())


finnish_mobiles = st.tuples(
    st.sampled_from(["40", "41", "44", "45", "50"]), st.integers(1_000_000, 9_999_999)
)


@given(number=finnish_mobiles, spacing=st.sampled_from(["", " ", "-"]))
def test_a_phone_number_matches_in_every_way_it_is_typed(number, spacing):
    area, subscriber = number
    digits = str(subscriber)
    forms = [
        f"0{area}{spacing}{digits[:3]}{spacing}{digits[3:]}",
        f"+358{spacing}{area}{spacing}{digits}",
        f"00358{area}{digits}",
        f"+358{area}{digits}",
    ]

    assert len({phone_key(form) for form in forms}) == 1
    assert phone_key(forms[0]) == f"+358{area}{digits}"


names = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöéü", min_size=2, max_size=12), min_size=1, max_size=4
)


@given(words=names, shuffle_seed=st.randoms(use_true_random=False))
def test_a_name_matches_whatever_its_case_accents_punctuation_and_word_order(words, shuffle_seed):
    name = " ".join(words)
    shuffled = list(words)
    shuffle_seed.shuffle(shuffled)
    typed = ", ".join(word.upper() for word in shuffled) + " "

    assert name_similarity(name, typed) == 100
    assert name_key(name) == name_key(name.upper())
    assert name_similarity(typed, name) == name_similarity(name, typed)


@given(first=st.text(max_size=40), second=st.text(max_size=40))
def test_similarity_is_symmetric_and_bounded_for_any_text(first, second):
    score = name_similarity(first, second)

    assert 0 <= score <= 100
    assert score == name_similarity(second, first)


def test_accents_are_folded():
    assert name_key("Hämäläinen, Äijä-Öörni") == "hamalainen aija oorni"


# --- Finding pairs in the register ---------------------------------------------------------------


def _customer(organization, owner, name, **fields):
    return customer_services.customer_create(organization=organization, actor=owner, name=name, **fields)


@pytest.fixture
def register(organization, owner):
    make = _customer
    return {
        "maija": make(
            organization, owner, "Maija Meikäläinen", email="maija@example.fi", phone="040 123 4567"
        ),
        "maija_mail": make(organization, owner, "M. Meikäläinen", email="MAIJA@example.fi"),
        "maija_phone": make(organization, owner, "Maija Meikalainen", phone="+358 40 1234567"),
        "matti": make(organization, owner, "Matti Virtanen", attributes={"postal_code": "00100"}),
        "matti_twin": make(organization, owner, "Virtanen Matti", attributes={"postinumero": "00 100"}),
        "matti_far": make(organization, owner, "Matti Virtanen", attributes={"postal_code": "96100"}),
        "someone": make(organization, owner, "Liisa Lahtinen", email="liisa@example.fi"),
    }


def _pairs(organization, membership):
    return {
        frozenset((pair.first.name, pair.second.name)): pair
        for pair in duplicate_list(organization=organization, membership=membership)
    }


def test_duplicates_are_found_by_e_mail_phone_and_name_with_postal_code(organization, members, register):
    pairs = _pairs(organization, members[Role.OWNER])

    assert pairs[frozenset(("Maija Meikäläinen", "M. Meikäläinen"))].reasons == [REASON_EMAIL]
    assert pairs[frozenset(("Maija Meikäläinen", "Maija Meikalainen"))].reasons == [REASON_PHONE]
    assert pairs[frozenset(("Matti Virtanen", "Virtanen Matti"))].reasons == [REASON_NAME]
    # The same name in another postal code is another person; Liisa has no double.
    assert len(pairs) == 3
    assert not any("Liisa Lahtinen" in names for names in pairs)


def test_duplicates_are_ranked_with_their_reasons_shown(organization, members, register, owner_client):
    ranked = duplicate_list(organization=organization, membership=members[Role.OWNER])

    assert [pair.score for pair in ranked] == sorted((pair.score for pair in ranked), reverse=True)
    assert ranked[0].reasons == [REASON_EMAIL]
    page = owner_client.get("/o/aurinko/customers/duplicates/").content.decode()
    assert "Same e-mail address" in page and "Same phone number" in page
    assert "Similar name and same postal code" in page


def test_a_dismissed_pair_is_not_suggested_again(organization, members, register, owner_client):
    maija, copy = register["maija"], register["maija_mail"]

    response = owner_client.post(f"/o/aurinko/customers/{copy.pk}/not-duplicate/", {"other": maija.pk})

    assert response.status_code == 302
    pairs = _pairs(organization, members[Role.OWNER])
    assert frozenset(("Maija Meikäläinen", "M. Meikäläinen")) not in pairs
    assert len(pairs) == 2


def test_a_company_and_a_person_are_never_a_pair(organization, owner, members):
    _customer(organization, owner, "Kahvila Oy", email="info@kahvila.fi", kind="company")
    _customer(organization, owner, "Kalle Kahvila", email="info@kahvila.fi")

    assert duplicate_list(organization=organization, membership=members[Role.OWNER]) == []


def test_partner_sees_only_pairs_among_the_customers_it_served(
    organization, owner, members, delivery_customer
):
    _customer(organization, owner, "Pekka Toimitus", email="pekka.toimitus@example.fi")

    assert len(duplicate_list(organization=organization, membership=members[Role.OWNER])) == 1
    assert duplicate_list(organization=organization, membership=members[Role.PARTNER]) == []


def test_another_organisations_customers_are_never_pairs_with_mine(organization, owner, members, other):
    _customer(organization, owner, "Kalle Kuunasukas", phone="050 765 4321")

    assert duplicate_list(organization=organization, membership=members[Role.OWNER]) == []


def test_the_default_choice_takes_a_value_only_the_other_one_has(register):
    kept, absorbed = register["maija_mail"], register["maija"]

    choices = merging.default_choices(kept, absorbed)

    assert choices["phone"] == merging.ABSORBED  # kept has none
    assert choices["name"] == merging.KEPT and choices["email"] == merging.KEPT


def test_the_pairs_download_as_a_spreadsheet(owner_client, register):
    import io

    import openpyxl

    download = owner_client.get("/o/aurinko/customers/duplicates/", {"export": "xlsx"})

    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "E-mail", "Phone")
    assert len(rows) == 4
    assert rows[1][7] == "Same e-mail address" and rows[1][6] >= 60  # a number, best first
