"""Importing real files through the browser: a Finnish Excel CSV, an XLSX with merged header cells, and a
file of good and bad rows whose rejected rows are downloaded; then the import is undone."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.imports.files import (
    FINNISH_CUSTOMERS,
    FINNISH_PURCHASES,
    MIXED_ROWS,
    finnish_excel_csv,
    utf8_bom_csv,
    xlsx_with_merged_headers,
)

from .conftest import sign_in

pytestmark = pytest.mark.browser

CSV_TYPE = "text/csv"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, *, kind: str, name: str, content: bytes, mime: str) -> None:
    page.locator("nav.mainnav").get_by_role("link", name="Imports").click()
    page.get_by_role("link", name="Import a file").click()
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_file").set_input_files({"name": name, "mimeType": mime, "buffer": content})
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Which column holds what")).to_be_visible()


def check_and_import(page, button: str) -> None:
    page.get_by_role("button", name="Check the whole file").click()
    expect(page.get_by_role("heading", name="The whole file was checked")).to_be_visible()
    expect(page.get_by_text("Nothing has been written yet.")).to_be_visible()
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()


def test_finnish_excel_customers_and_purchases(page, live_server, shop):
    from hymy.customers.models import Customer, Purchase

    organization = shop["organization"]
    sign_in(page, shop["user"].email)

    upload(
        page,
        kind="customers",
        name="asiakkaat.csv",
        content=finnish_excel_csv(FINNISH_CUSTOMERS),
        mime=CSV_TYPE,
    )
    # The columns are guessed from the Finnish headers; the preview shows the rows as they will be stored.
    expect(page.get_by_label("Sähköposti")).to_have_value("email")
    expect(page.get_by_label("Etunimi")).to_have_value("first_name")
    expect(page.locator("#preview")).to_contain_text("Hämäläinen")
    expect(page.locator("#preview .cell-problem")).to_have_count(0)
    # Åke's phone is Ossi's, who is already a customer: found by phone, and updated.
    expect(page.locator("#preview tr", has_text="Öberg")).to_contain_text("Updates an existing customer")
    check_and_import(page, "Import all 3 rows")
    expect(page.locator("#import-summary")).to_contain_text("2 created")
    expect(page.locator("#import-summary")).to_contain_text("1 updated")
    paivi = Customer.objects.get(organization=organization, email="paivi.hamalainen@example.fi")
    assert (paivi.name, paivi.phone, paivi.language) == ("Päivi Hämäläinen", "+358401234567", "fi")

    rows = [
        [*row[:4], "Checkout" if index else row[4], row[5]] for index, row in enumerate(FINNISH_PURCHASES)
    ]
    upload(page, kind="purchases", name="ostot.csv", content=finnish_excel_csv(rows), mime=CSV_TYPE)
    expect(page.get_by_label("Summa")).to_have_value("amount")
    expect(page.locator("#preview")).to_contain_text("1 234,50")
    check_and_import(page, "Import all 2 rows")
    assert sorted(str(p.amount) for p in Purchase.objects.filter(organization=organization)) == [
        "12.90",
        "1234.50",
    ]

    # The list shows both imports, to come back to.
    page.locator("nav.mainnav").get_by_role("link", name="Imports").click()
    expect(page.locator("table.table tbody tr")).to_have_count(2)


def test_xlsx_with_merged_header_cells(page, live_server, shop):
    from hymy.customers.models import Customer

    sign_in(page, shop["user"].email)
    upload(page, kind="customers", name="yritykset.xlsx", content=xlsx_with_merged_headers(), mime=XLSX_TYPE)

    expect(page.get_by_label("Sähköposti")).to_have_value("email")
    expect(page.get_by_label("Y-tunnus")).to_have_value("business_id")
    expect(page.locator("#preview")).to_contain_text("is not a valid business ID")
    check_and_import(page, "Import the 2 good rows")

    company = Customer.objects.get(organization=shop["organization"], name="Kuun Yritys Oy")
    assert (company.kind, company.attributes["business_id"]) == ("company", "1572860-0")


def test_mixed_file_rejected_rows_downloaded_then_import_undone(page, live_server, shop):
    from hymy.customers.models import Customer

    organization = shop["organization"]
    sign_in(page, shop["user"].email)
    upload(page, kind="customers", name="sekalainen.csv", content=utf8_bom_csv(MIXED_ROWS), mime=CSV_TYPE)

    # Every problem is shown with its row and column before anything is written.
    bad_email = page.locator("#preview tr", has_text="bad(at)example.com").locator(".cell-problem")
    expect(bad_email).to_contain_text("Enter a valid e-mail address")
    expect(page.locator("#preview .cell-problem")).to_have_count(3)
    check_and_import(page, "Import the 3 good rows")
    expect(page.locator("#rejections tbody tr")).to_have_count(3)
    assert Customer.objects.filter(organization=organization).count() == 1 + 3

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    content = download_info.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert [row[0] for row in rows] == ["Row", "3", "5", "6"]
    assert "Enter a valid e-mail address" in rows[1][-1]

    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_role("heading", name="The import was undone")).to_be_visible()
    assert list(Customer.objects.filter(organization=organization).values_list("name", flat=True)) == [
        "Ossi Otsonen"
    ]
    expect(page).to_have_url(re.compile(r"/imports/\d+/$"))


def test_progress_page_can_be_left_and_finds_the_result_by_itself(page, live_server, shop, settings):
    """With the real task queue: the page shows the work going on, the imports list shows it too, and the
    page turns into the result by itself once the worker has done the work."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    sign_in(page, shop["user"].email)
    upload(page, kind="customers", name="sekalainen.csv", content=utf8_bom_csv(MIXED_ROWS), mime=CSV_TYPE)
    page.get_by_role("button", name="Check the whole file").click()
    expect(page.get_by_role("heading", name="Checking every row")).to_be_visible()
    expect(page.locator("#import-progress progress")).to_be_visible()

    page.locator("nav.mainnav").get_by_role("link", name="Imports").click()
    expect(page.locator("table.table tbody tr").first).to_contain_text("Checking the file")
    page.get_by_role("link", name="sekalainen.csv").click()
    expect(page.get_by_role("heading", name="Checking every row")).to_be_visible()

    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "default", verbosity=0)
    expect(page.get_by_role("heading", name="The whole file was checked")).to_be_visible()

    page.get_by_role("button", name="Import the 3 good rows").click()
    expect(page.get_by_role("heading", name="Importing")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "default", verbosity=0)
    expect(page.get_by_role("heading", name="Imported", exact=True)).to_be_visible()
    expect(page.locator("#import-summary")).to_contain_text("3 created")
