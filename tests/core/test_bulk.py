"""`bulk_insert` stores rows exactly as `save()` would, and the table's ids go on after them."""

import datetime

from django.forms.models import model_to_dict

from hymy.core.bulk import bulk_insert
from hymy.customers.models import Customer


def test_bulk_insert_stores_what_save_would(organization):
    given_at = datetime.datetime(2026, 11, 24, 14, 5, 7, 123456, tzinfo=datetime.UTC)
    built = [
        Customer(
            organization=organization, name="Åke Öberg", email="ake@example.fi", marketing_consent=True,
            marketing_consent_at=given_at, marketing_consent_source="import",
            attributes={"city": "Vaasa", "visits": 3, "note": 'tab\there "quoted" \\ back'},
        ),
        Customer(organization=organization, name="Nimi Vain"),
    ]  # fmt: skip

    bulk_insert(built)

    for customer in built:
        stored = Customer.objects.get(pk=customer.pk)
        assert model_to_dict(stored) == model_to_dict(customer)
        assert (stored.created_at, stored.updated_at) == (customer.created_at, customer.updated_at)
    assert Customer.objects.get(pk=built[0].pk).marketing_consent_at == given_at
    saved = Customer.objects.create(organization=organization, name="Tallennettu")
    assert saved.pk > built[1].pk > built[0].pk
