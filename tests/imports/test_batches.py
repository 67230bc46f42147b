"""A file split into many batches gives the same import as one batch, and the customers it creates are
whole: their fields, tags, history row and undo record, with ids the register goes on from."""

import pytest

from hymy.customers import services as customer_services
from hymy.customers.models import Customer, CustomerChange
from hymy.imports import services
from hymy.imports.models import ImportRecord

from .files import utf8_bom_csv
from .test_matching_undo import HEADERS, state

ROWS = [
    ["", "Aino Uusi", "aino@example.fi", "040 111 2222", "Turku", "Uusi"],  # row 2: new
    ["", "Eero Uusi", "eero@example.fi", "", "", ""],  # row 3: new
    ["", "Maija Päivitetty", "MAIJA@Example.fi", "", "", ""],  # row 4: the register's Maija, by e-mail
    ["", "Aino Toinen", "AINO@example.fi", "", "", ""],  # row 5: row 2's e-mail
    ["C-9", "Kalle Päivitetty", "", "+358 50 765 4321", "", ""],  # row 6: the register's Kalle, by phone
    ["", "Eero Toinen", "", "0401112222", "", ""],  # row 7: row 2's phone
    ["", "Nimi Vain", "", "", "", ""],  # row 8: new, nothing to match by
]


@pytest.mark.parametrize("batch_rows", [2, 1000], ids=["batches of 2", "one batch"])
def test_matching_is_the_same_within_one_batch_and_across_batches(
    run_import, organization, owner, monkeypatch, batch_rows
):
    monkeypatch.setattr(services, "BATCH_ROWS", batch_rows)
    maija = customer_services.customer_create(
        organization=organization, actor=owner, name="Maija Vanha", email="maija@example.fi", tags=["VIP"]
    )
    kalle = customer_services.customer_create(
        organization=organization, actor=owner, name="Kalle Vanha", phone="050 765 4321"
    )
    before = state(organization)

    job = run_import(utf8_bom_csv([HEADERS, *ROWS], ";"), "asiakkaat.csv", on_match="update")

    assert (job.status, job.created_count, job.updated_count, job.rejected_count) == ("done", 3, 2, 2)
    assert {r.row_number: r.problems for r in job.rejections.filter(dry_run=False)} == {
        5: {"email": "The same e-mail as row 2 of this file."},
        7: {"phone": "The same phone number as row 2 of this file."},
    }
    assert Customer.objects.get(pk=maija.pk).name == "Maija Päivitetty"
    assert Customer.objects.get(pk=kalle.pk).external_id == "C-9"
    aino = Customer.objects.get(organization=organization, email="aino@example.fi")
    assert (aino.name, aino.phone, aino.attributes) == ("Aino Uusi", "+358401112222", {"city": "Turku"})
    assert [tag.name for tag in aino.tags.all()] == ["Uusi"]
    assert aino.created_at is not None and aino.updated_at is not None
    created = aino.changes.get()
    assert (created.action, created.actor, created.changes["name"]) == ("created", owner, [None, "Aino Uusi"])
    new = set(Customer.objects.filter(organization=organization).exclude(pk__in=[maija.pk, kalle.pk]))
    assert {customer.name for customer in new} == {"Aino Uusi", "Eero Uusi", "Nimi Vain"}
    records = ImportRecord.objects.filter(job=job, action="created", model="customer")
    assert set(records.values_list("object_id", flat=True)) == {customer.pk for customer in new}
    assert CustomerChange.objects.filter(customer__in=new, action="created").count() == 3

    # The register goes on after the import: new ids do not collide with the imported ones.
    later = customer_services.customer_create(organization=organization, actor=owner, name="Myöhemmin")
    assert later.pk > max(customer.pk for customer in new)
    later.delete()

    services.import_undo(job=job, actor=owner)

    assert state(organization) == before
