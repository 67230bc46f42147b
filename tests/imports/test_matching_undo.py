"""Matching existing customers (update, skip, create), all-or-nothing, and undo to the exact old state."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import translation

from hymy.customers import services as customer_services
from hymy.customers.models import Customer, CustomerChange, Purchase
from hymy.imports import services
from hymy.imports.models import ImportJob

from .files import MIXED_ROWS, utf8_bom_csv

HEADERS = ["Asiakasnumero", "Nimi", "Sähköposti", "Puhelin", "Kaupunki", "Tagit"]


def csv_file(*rows) -> bytes:
    return utf8_bom_csv([HEADERS, *rows], ";")


@pytest.fixture
def existing(organization, owner):
    """Two customers already in the register: one known by id, one by e-mail; one has a tag and consent."""
    first = customer_services.customer_create(
        organization=organization, actor=owner, name="Maija Vanha", email="maija@example.fi",
        external_id="C-1", tags=["VIP"], survey_consent=True, survey_consent_source="web_form",
        attributes={"city": "Oulu", "shoe_size": 38},
    )  # fmt: skip
    second = customer_services.customer_create(
        organization=organization, actor=owner, name="Kalle Vanha", phone="050 765 4321"
    )
    return first, second


def state(organization) -> list[dict]:
    """Every customer as the register holds them, tags included, except the time of the last save."""
    result = []
    for customer in Customer.objects.filter(organization=organization).order_by("pk"):
        values = model_to_dict(customer, exclude=["tags"])
        values["tags"] = sorted(tag.name for tag in customer.tags.all())
        result.append(values)
    return result


ROWS = [
    ["C-1", "Maija Uusi", "", "040 123 4567", "Helsinki", "Kanta-asiakas"],  # matches by external id
    ["", "Kalle Uusi", "kalle@example.fi", "+358 50 765 4321", "", ""],  # matches by phone
    ["C-3", "Aino Ihan Uusi", "aino@example.fi", "", "Turku", ""],  # new
]


def test_update_matches_by_id_then_phone_and_merges_attributes_and_tags(run_import, organization, existing):
    job = run_import(csv_file(*ROWS), "asiakkaat.csv", on_match="update")

    assert (job.created_count, job.updated_count, job.skipped_count) == (1, 2, 0)
    maija = Customer.objects.get(pk=existing[0].pk)
    assert (maija.name, maija.email, maija.phone) == ("Maija Uusi", "maija@example.fi", "+358401234567")
    assert maija.attributes == {
        "city": "Helsinki",
        "shoe_size": 38,
    }  # the file's city, the other attribute kept
    assert sorted(tag.name for tag in maija.tags.all()) == ["Kanta-asiakas", "VIP"]
    assert maija.survey_consent  # an empty cell changes nothing
    kalle = Customer.objects.get(pk=existing[1].pk)
    assert (kalle.name, kalle.email) == ("Kalle Uusi", "kalle@example.fi")
    assert CustomerChange.objects.filter(customer=kalle, action="updated").count() == 1


def test_skip_leaves_existing_customers_alone(run_import, organization, existing):
    before = state(organization)

    job = run_import(csv_file(*ROWS), "asiakkaat.csv", on_match="skip")

    assert (job.created_count, job.updated_count, job.skipped_count) == (1, 0, 2)
    assert state(organization)[:2] == before


def test_create_makes_new_customers_even_when_they_match(run_import, organization, existing):
    job = run_import(csv_file(*ROWS), "asiakkaat.csv", on_match="create")

    assert (job.created_count, job.updated_count) == (3, 0)
    assert Customer.objects.filter(organization=organization, external_id="C-1").count() == 2


def test_matching_only_by_email_ignores_ids_and_phones(run_import, organization, existing):
    job = run_import(csv_file(*ROWS), "asiakkaat.csv", on_match="update", match_by=["email"])

    assert (job.created_count, job.updated_count) == (3, 0)


def test_two_rows_claiming_one_customer_are_not_both_imported(run_import, organization):
    job = run_import(
        csv_file(["", "Eka", "sama@example.fi", "", "", ""], ["", "Toka", "SAMA@example.fi", "", "", ""]),
        "dupe.csv",
    )

    assert job.created_count == 1
    rejection = job.rejections.get(dry_run=False)
    assert (rejection.row_number, rejection.problems) == (
        3,
        {"email": "The same e-mail as row 2 of this file."},
    )


def test_undo_restores_the_exact_previous_state(run_import, organization, owner, existing, counter):
    before = state(organization)
    job = run_import(csv_file(*ROWS), "asiakkaat.csv", on_match="update")
    assert state(organization) != before

    services.import_undo(job=job, actor=owner)

    assert state(organization) == before
    assert ImportJob.objects.get(pk=job.pk).status == "undone"
    assert not Customer.objects.filter(organization=organization, external_id="C-3").exists()


def test_undo_removes_imported_purchases(run_import, organization, owner, existing, counter):
    content = utf8_bom_csv(
        [["email", "date", "amount", "touchpoint"], ["maija@example.fi", "24.11.2026", "10,00", "Kassa"]], ";"
    )
    job = run_import(content, "ostot.csv", kind="purchases")
    assert Purchase.objects.get(organization=organization).amount == Decimal("10.00")

    services.import_undo(job=job, actor=owner)

    assert not Purchase.objects.filter(organization=organization).exists()


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(run_import, organization, owner, state_of):
    before = state_of(organization)
    job = run_import(utf8_bom_csv(MIXED_ROWS), "mixed.csv", all_or_nothing=True)

    assert (job.status, job.valid_rows, job.rejected_count) == ("validated", 3, 3)
    with translation.override("en"), pytest.raises(ValidationError, match="import nothing"):
        services.import_start(job=job, actor=owner)
    assert state_of(organization) == before


def test_all_or_nothing_rolls_back_every_batch_when_a_row_turns_bad(
    run_import, organization, owner, state_of, monkeypatch
):
    """A row that passed the dry run can still fail at import time (its customer was removed in
    between); all-or-nothing then leaves nothing, not even the rows of earlier batches."""
    monkeypatch.setattr(services, "BATCH_ROWS", 2)
    kept = customer_services.customer_create(
        organization=organization, actor=owner, name="A", email="a@example.fi"
    )
    leaving = customer_services.customer_create(
        organization=organization, actor=owner, name="B", email="b@example.fi"
    )
    rows = [["email", "date", "amount"]] + [["a@example.fi", f"{day}.11.2026", "5,00"] for day in range(1, 5)]
    rows.append(["b@example.fi", "5.11.2026", "5,00"])
    job = run_import(utf8_bom_csv(rows, ";"), "ostot.csv", kind="purchases", all_or_nothing=True, start=False)
    assert (job.status, job.valid_rows) == ("validated", 5)
    leaving.delete()
    before = state_of(organization)

    services.import_run(job=job, actor=owner)

    job.refresh_from_db()
    assert (job.status, job.created_count) == ("failed", 0)
    assert job.rejections.filter(dry_run=False).get().row_number == 6
    assert state_of(organization) == before
    assert not kept.purchases.exists()


def test_good_rows_are_imported_and_bad_ones_explained(run_import, organization):
    job = run_import(utf8_bom_csv(MIXED_ROWS), "mixed.csv")

    assert (job.status, job.created_count, job.rejected_count) == ("done", 3, 3)
    problems = {r.row_number: r.problems for r in job.rejections.filter(dry_run=False)}
    assert problems[3] == {"email": "Enter a valid e-mail address, like name@example.fi."}
    assert problems[5] == {"name": "The name is missing."}
    assert "phone" in problems[6]
    assert Customer.objects.get(organization=organization, name="Good Three").phone == "+46701234567"


def test_a_rejected_row_does_not_claim_its_email_for_later_rows(run_import, organization):
    job = run_import(
        csv_file(["", "", "sama@example.fi", "", "", ""], ["", "Toka", "sama@example.fi", "", "", ""]),
        "dupe.csv",
    )

    assert (job.created_count, job.rejected_count) == (1, 1)
    assert job.rejections.get(dry_run=False).problems == {"name": "The name is missing."}
