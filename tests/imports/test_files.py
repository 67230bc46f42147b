"""Reading files as Finnish Excel and other programs write them, and guessing their columns."""

from decimal import Decimal

import pytest

from hymy.customers.models import Customer, Purchase
from hymy.imports.cleaning import parse_amount, parse_date
from hymy.imports.mapping import guess
from hymy.imports.parsing import read_table

from .files import (
    FINNISH_CUSTOMERS,
    FINNISH_PURCHASES,
    finnish_excel_csv,
    utf8_bom_csv,
    xlsx_with_merged_headers,
)


def test_finnish_excel_csv_is_read_with_its_encoding_and_separator():
    table = read_table(finnish_excel_csv(FINNISH_CUSTOMERS), "asiakkaat.csv")

    assert table.delimiter == ";"
    assert table.encoding == "cp1252"
    assert table.headers[3] == "Sähköposti"
    assert table.rows[1] == (3, FINNISH_CUSTOMERS[2])


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_utf8_with_byte_order_mark_and_any_separator(delimiter):
    table = read_table(utf8_bom_csv(FINNISH_CUSTOMERS, delimiter), "customers.csv")

    assert table.headers[0] == "Asiakasnumero"  # no byte-order mark glued to the first header
    assert table.delimiter == delimiter
    assert table.rows[0][1][2] == "Hämäläinen"


def test_xlsx_merged_header_cells_become_one_header_row():
    table = read_table(xlsx_with_merged_headers(), "yritykset.xlsx")

    assert table.headers == ["Nimi", "Sähköposti", "Puhelin", "Y-tunnus", "Tyyppi"]
    assert table.rows[0] == (3, ["Kuun Yritys Oy", "info@kuu.example", "09 123 4567", "1572860-0", "yritys"])
    assert table.rows[1][1][2] == "401234567"  # a number typed into Excel, without ".0"


def test_columns_are_guessed_from_finnish_and_english_headers():
    assert guess("customers", FINNISH_CUSTOMERS[0]) == {
        "0": "external_id", "1": "first_name", "2": "last_name", "3": "email", "4": "phone",
        "5": "postal_code", "6": "city", "7": "language", "8": "marketing_consent",
    }  # fmt: skip
    assert guess("customers", ["Name", "E-mail", "Mobile", "Zip code", "Business ID", "Notes"]) == {
        "0": "name", "1": "email", "2": "phone", "3": "postal_code", "4": "business_id", "5": "needs_and_wishes",
    }  # fmt: skip
    assert guess("purchases", FINNISH_PURCHASES[0]) == {
        "0": "external_id", "1": "customer_email", "2": "purchased_on", "3": "amount", "4": "touchpoint", "5": "item",
    }  # fmt: skip
    assert guess("customers", ["Asiakkaan sähköposti", "Y-TUNNUS", "kaupunki "]) == {
        "0": "email", "1": "business_id", "2": "city",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1 234,50", "1234.50"), ("1\u00a0234,50 €", "1234.50"), ("12,9", "12.90"), ("1,234.50", "1234.50"),
     ("1.234,50", "1234.50"), ("99", "99.00"), ("0,5", "0.50")],
)  # fmt: skip
def test_amounts_in_finnish_and_english_forms(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["1,2,3.4.5", "abc", "12,345", "1 2 3,456", ""])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_dates_in_finnish_and_iso_forms():
    assert parse_date("24.11.2026") == parse_date("2026-11-24") == parse_date("24/11/2026")
    with pytest.raises(ValueError):
        parse_date("31.2.2026")


def test_finnish_excel_customers_then_purchases(run_import, organization, counter):
    customers = run_import(finnish_excel_csv(FINNISH_CUSTOMERS), "asiakkaat.csv")

    assert (customers.status, customers.created_count, customers.rejected_count) == ("done", 3, 0)
    paivi = Customer.objects.get(organization=organization, external_id="A-100")
    assert paivi.name == "Päivi Hämäläinen"
    assert paivi.phone == "+358401234567"
    assert paivi.attributes == {"postal_code": "00100", "city": "Helsinki"}
    assert paivi.marketing_consent and paivi.marketing_consent_source == "import"
    assert Customer.objects.get(external_id="A-101").language == "sv"
    assert paivi.changes.get().action == "created"  # the change log, as for a customer typed in

    purchases = run_import(finnish_excel_csv(FINNISH_PURCHASES), "ostot.csv", kind="purchases")

    assert (purchases.status, purchases.created_count, purchases.rejected_count) == ("done", 2, 0)
    first = Purchase.objects.get(external_id="T-1")
    assert (first.customer, first.amount, first.purchased_on.isoformat()) == (
        paivi,
        Decimal("1234.50"),
        "2026-11-24",
    )
    assert first.touchpoint == counter
    assert first.items == [{"name": "Kahvipaketti", "quantity": "1", "unit_price": "1234.50"}]

    again = run_import(finnish_excel_csv(FINNISH_PURCHASES), "ostot.csv", kind="purchases", start=False)
    assert (again.valid_rows, again.skipped_count) == (2, 2)  # the same order numbers are not imported twice


def test_xlsx_companies_with_business_ids(run_import, organization):
    job = run_import(xlsx_with_merged_headers(), "yritykset.xlsx")

    assert (job.created_count, job.rejected_count) == (2, 1)
    company = Customer.objects.get(organization=organization, name="Kuun Yritys Oy")
    assert company.kind == "company"
    assert company.attributes == {"business_id": "1572860-0"}
    assert company.phone == "+35891234567"
    assert Customer.objects.get(name="Maija Malli").phone == "+358401234567"
    rejection = job.rejections.get(dry_run=False)
    assert rejection.row_number == 5
    assert "business ID" in rejection.problems["business_id"]
