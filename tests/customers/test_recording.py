"""Recording what happens with a customer from their page: encounters, purchases and notes."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hymy.customers.models import Encounter, Note, Purchase


def test_encounter_is_recorded_with_the_touchpoints_channel_and_the_staff_member(
    owner_client, owner, customer, delivery
):
    response = owner_client.post(
        f"/o/aurinko/customers/{customer.pk}/encounters/",
        {
            "touchpoint": delivery.pk,
            "started_at": "2026-11-24 10:15",
            "outcome": "sale",
            "summary": "Tilasi kahvia",
        },
        follow=True,
    )

    assert "Encounter recorded." in response.content.decode()
    encounter = Encounter.objects.get()
    assert (
        encounter.customer,
        encounter.touchpoint,
        encounter.channel,
        encounter.staff,
        encounter.outcome,
    ) == (
        customer,
        delivery,
        "delivery",
        owner,
        "sale",
    )
    assert encounter.started_at == timezone.make_aware(datetime.datetime(2026, 11, 24, 10, 15))


def test_finnish_reader_types_amounts_the_finnish_way(client_for, owner, customer):
    owner.language = "fi"
    owner.save()

    response = client_for(owner).post(
        f"/o/aurinko/customers/{customer.pk}/purchases/",
        {
            "purchased_on": "24.11.2026",
            "amount": "1 234,50",
            "cost": "800",
            "items": "Kahvipaketti\n\nMuki\n",
        },
    )

    assert response.status_code == 302
    purchase = Purchase.objects.get()
    assert (purchase.purchased_on, purchase.amount, purchase.cost, purchase.margin, purchase.currency) == (
        datetime.date(2026, 11, 24),
        Decimal("1234.50"),
        Decimal("800.00"),
        Decimal("434.50"),
        "EUR",
    )
    assert purchase.items == [
        {"name": "Kahvipaketti", "quantity": "1", "unit_price": None},
        {"name": "Muki", "quantity": "1", "unit_price": None},
    ]


def test_negative_amount_is_refused(owner_client, customer):
    response = owner_client.post(
        f"/o/aurinko/customers/{customer.pk}/purchases/", {"purchased_on": "2026-11-24", "amount": "-5"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["amount"] == ["The amount cannot be negative."]
    assert Purchase.objects.count() == 0


def test_note_is_saved_with_its_author(owner_client, owner, customer):
    owner_client.post(f"/o/aurinko/customers/{customer.pk}/notes/", {"body": "  Toivoo kauramaitoa.  "})

    note = Note.objects.get()
    assert (note.customer, note.author, note.body) == (customer, owner, "Toivoo kauramaitoa.")


def test_empty_note_is_refused(owner_client, customer):
    response = owner_client.post(f"/o/aurinko/customers/{customer.pk}/notes/", {"body": "   "})

    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["This field is required."]
    assert Note.objects.count() == 0
