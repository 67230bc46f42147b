"""Whatever the rows hold, the importer does not crash: every row ends imported, skipped or rejected
with a reason, and the counts add up to the file."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hymy.customers.models import Customer, Purchase

CUSTOMER_HEADERS = ["Nimi", "Sähköposti", "Puhelin", "Kieli", "Postinumero", "Y-tunnus", "Palautelupa", "Tagit",
                    "Tyyppi", "Yritys", "Asiakasnumero"]  # fmt: skip
PURCHASE_HEADERS = [
    "Sähköposti",
    "Päivämäärä",
    "Summa",
    "Kustannus",
    "Kosketuspiste",
    "Tilausnumero",
    "Tuote",
]

PLAUSIBLE = [
    "", " ", "kyllä", "ei", "x", "040 123 4567", "+358 50 765 4321", "12", "a@b.fi", "maija@example.fi",
    "=HYPERLINK(1)", "@SUM(A1)", "1234567-2", "1572860-0", "yritys", "henkilö", "fi", "ruotsi", "klingon",
    "24.11.2026", "31.2.2026", "2026-11-24 14:05", "1 234,50", "-5", "1,2,3", "Kassa", "Kahvila Oy", "A-1",
]  # fmt: skip
# Text without line breaks and NUL (line breaks inside cells are tested on their own), so that the
# header's separator is found in every generated file.
CELL = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(st.characters(blacklist_characters="\r\n\x00", blacklist_categories=("Cs",)), max_size=40),
)
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def assert_every_row_accounted_for(job, rows):
    non_empty = [row for row in rows if any(cell.strip() for cell in row)]
    assert job.status in ("done", "validated", "failed"), job.failure
    assert job.total_rows == len(non_empty)
    assert job.created_count + job.updated_count + job.skipped_count + job.rejected_count == job.total_rows
    rejections = list(job.rejections.filter(dry_run=job.status == "validated"))
    assert len(rejections) == job.rejected_count
    assert all(rejection.problems and all(rejection.problems.values()) for rejection in rejections)


@pytest.mark.django_db
@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=len(CUSTOMER_HEADERS), max_size=len(CUSTOMER_HEADERS)), min_size=1,
                     max_size=12))  # fmt: skip
def test_generated_customer_rows_never_crash_the_importer(run_import, organization, rows):
    if not any(any(cell.strip() for cell in row) for row in rows):
        rows = [*rows, ["Maija", *[""] * (len(CUSTOMER_HEADERS) - 1)]]
    before = Customer.objects.filter(organization=organization).count()

    job = run_import(csv_bytes(CUSTOMER_HEADERS, rows), "generated.csv")

    assert_every_row_accounted_for(job, rows)
    if job.status == "done":
        assert Customer.objects.filter(organization=organization).count() >= before + job.created_count


@pytest.mark.django_db
@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=len(PURCHASE_HEADERS), max_size=len(PURCHASE_HEADERS)), min_size=1,
                     max_size=12))  # fmt: skip
def test_generated_purchase_rows_never_crash_the_importer(run_import, organization, customer, counter, rows):
    if not any(any(cell.strip() for cell in row) for row in rows):
        rows = [*rows, ["maija@example.fi", "24.11.2026", "5", "", "", "", ""]]
    before = Purchase.objects.filter(organization=organization).count()

    job = run_import(csv_bytes(PURCHASE_HEADERS, rows), "generated.csv", kind="purchases")

    assert_every_row_accounted_for(job, rows)
    if job.status == "done":
        assert Purchase.objects.filter(organization=organization).count() == before + job.created_count
