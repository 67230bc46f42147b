"""Dates, numbers and money in the reader's language, and the language switch that chooses it."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from hymy.customers import services

NBSP = "\xa0"


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "24.11.2026"), ("en", "24 Nov 2026")],
)
def test_dates(language, expected):
    day = datetime.date(2026, 11, 24)

    assert _render("{{ day|date:'SHORT_DATE_FORMAT' }}", language, day=day) == expected
    assert _render("{{ day }}", language, day=day) == expected


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fi", Decimal("1234.5"), f"1{NBSP}234,50{NBSP}€"),
        ("fi", 1234.5, f"1{NBSP}234,50{NBSP}€"),
        ("fi", "1234567.891", f"1{NBSP}234{NBSP}567,89{NBSP}€"),
        ("fi", Decimal("0"), f"0,00{NBSP}€"),
        ("sv", Decimal("1234.5"), f"1{NBSP}234,50{NBSP}€"),
        ("en", Decimal("1234.5"), "€1,234.50"),
        ("en", Decimal("12"), "€12.00"),
        ("fi", None, ""),
        ("fi", "", ""),
        ("fi", "ei rahaa", "ei rahaa"),
    ],
)
def test_money(language, value, expected):
    assert _render("{{ value|money }}", language, value=value) == expected


def test_money_in_another_currency():
    assert _render("{{ value|money:'SEK' }}", "fi", value=Decimal("99.9")) == f"99,90{NBSP}kr"
    assert _render("{{ value|money:'USD' }}", "en", value=Decimal("99.9")) == "$99.90"


def test_finnish_reader_sees_finnish_dates_and_amounts_on_the_timeline(client_for, owner, customer):
    services.purchase_create(
        organization=customer.organization, actor=owner, customer=customer,
        purchased_on=datetime.date(2026, 11, 24), amount=Decimal("1234.50"),
    )  # fmt: skip
    owner.language = "fi"
    owner.save()

    html = client_for(owner).get(f"/o/aurinko/customers/{customer.pk}/").content.decode()

    assert '<html lang="fi">' in html
    assert "24.11.2026" in html
    assert f"1{NBSP}234,50{NBSP}€" in html


def test_english_reader_sees_english_amounts_on_the_timeline(owner_client, owner, customer):
    services.purchase_create(
        organization=customer.organization, actor=owner, customer=customer,
        purchased_on=datetime.date(2026, 11, 24), amount=Decimal("1234.50"),
    )  # fmt: skip

    html = owner_client.get(f"/o/aurinko/customers/{customer.pk}/").content.decode()

    assert '<html lang="en">' in html
    assert "24 Nov 2026" in html
    assert "€1,234.50" in html


# --- The language switch ---------------------------------------------------------------------


def test_language_switch_is_saved_on_the_account_and_used_on_the_next_page(client_for, owner, organization):
    owner.language = "fi"
    owner.save()
    client = client_for(owner)
    before = client.get("/o/aurinko/customers/")

    response = client.post("/language/", {"language": "en", "next": "/o/aurinko/customers/"})
    after = client.get("/o/aurinko/customers/")

    owner.refresh_from_db()
    assert '<html lang="fi">' in before.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/o/aurinko/customers/"
    assert owner.language == "en"
    assert '<html lang="en">' in after.content.decode()
    assert after["Content-Language"] == "en"


def test_language_follows_the_account_to_a_new_session(client_for, owner, organization):
    client_for(owner).post("/language/", {"language": "fi", "next": "/"})

    fresh = client_for(owner).get("/o/aurinko/")

    assert '<html lang="fi">' in fresh.content.decode()


def test_language_outside_the_interface_languages_is_not_saved(owner_client, owner, organization):
    owner_client.post("/language/", {"language": "de", "next": "/"})

    owner.refresh_from_db()
    assert owner.language == "en"
    assert '<html lang="en">' in owner_client.get("/o/aurinko/").content.decode()


def test_swedish_interface_with_finnish_formats(owner_client, owner, organization):
    owner_client.post("/language/", {"language": "sv", "next": "/"})

    owner.refresh_from_db()
    page = owner_client.get("/o/aurinko/customers/").content.decode()
    assert owner.language == "sv"
    assert '<html lang="sv">' in page
    assert "Kunder" in page


def test_language_switch_does_not_redirect_off_the_site(owner_client, organization):
    response = owner_client.post("/language/", {"language": "fi", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_signed_out_visitor_can_switch_language(client, db):
    client.post("/language/", {"language": "en", "next": "/login/"})

    assert '<html lang="en">' in client.get("/login/").content.decode()
    client.post("/language/", {"language": "fi", "next": "/login/"})
    assert '<html lang="fi">' in client.get("/login/").content.decode()


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(4.7, 0, "+5"), (-23.9, 0, "−24"), (-0.6, 0, "−1"), (-0.4, 0, "0"), (0.5, 0, "+1"), (2.25, 1, "+2.3")],
)
def test_a_change_is_rounded_not_cut_off(value, decimals, expected):
    # The figures' "+5 from the previous period": a difference of 4.7 is 5, and −0.4 has no sign.
    assert _render("{{ value|signed:decimals }}", "en", value=value, decimals=decimals) == expected
