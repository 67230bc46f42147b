"""A partner user sees only its own touchpoints, the customers it has served there, and those encounters."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hymy.customers import services
from hymy.customers.models import Encounter
from hymy.tenancy.choices import Role


def _at(day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


@pytest.fixture
def pekka(organization, owner, counter, delivery_customer):
    """Pekka has had a delivery (the partner's), but also bought at the counter, and has a note."""
    services.encounter_create(
        organization=organization, actor=owner, customer=delivery_customer, touchpoint=counter,
        started_at=_at(21), summary="Osti kahvia kassalta",
    )  # fmt: skip
    services.purchase_create(
        organization=organization, actor=owner, customer=delivery_customer,
        purchased_on=datetime.date(2026, 11, 21), amount=Decimal("8.40"),
    )  # fmt: skip
    services.note_create(
        organization=organization, actor=owner, customer=delivery_customer, body="Allergia: pähkinä"
    )
    return delivery_customer


@pytest.fixture
def counter_only_customer(organization, owner, counter):
    person = services.customer_create(organization=organization, actor=owner, name="Sanna Kassa-asiakas")
    services.encounter_create(
        organization=organization, actor=owner, customer=person, touchpoint=counter, started_at=_at(19)
    )
    return person


def test_journey_map_shows_only_the_partners_touchpoints(partner_client, counter, delivery):
    response = partner_client.get("/o/aurinko/journey/")

    assert response.status_code == 200
    assert [t.name for t in response.context["priority_list"]] == ["Kotiinkuljetus"]
    shown = [t.name for stage in response.context["stages"] for t in stage.visible_touchpoints]
    assert shown == ["Kotiinkuljetus"]
    assert "Kassa" not in response.content.decode()


def test_touchpoint_detail_only_for_the_partners_touchpoints(partner_client, counter, delivery):
    assert partner_client.get(f"/o/aurinko/journey/touchpoints/{delivery.pk}/").status_code == 200
    assert partner_client.get(f"/o/aurinko/journey/touchpoints/{counter.pk}/").status_code == 404


def test_customer_list_shows_only_customers_served_at_the_partners_touchpoints(
    partner_client, customer, pekka, counter_only_customer
):
    response = partner_client.get("/o/aurinko/customers/")
    searched = partner_client.get("/o/aurinko/customers/", {"q": "Maija"})

    assert [c.name for c in response.context["page"]] == ["Pekka Toimitus"]
    assert list(searched.context["page"]) == []


def test_customer_detail_only_for_customers_the_partner_has_served(
    partner_client, customer, pekka, counter_only_customer
):
    assert partner_client.get(f"/o/aurinko/customers/{pekka.pk}/").status_code == 200
    assert partner_client.get(f"/o/aurinko/customers/{customer.pk}/").status_code == 404
    assert partner_client.get(f"/o/aurinko/customers/{counter_only_customer.pk}/").status_code == 404


def test_partner_timeline_has_only_its_encounters(partner_client, owner_client, pekka):
    as_partner = partner_client.get(f"/o/aurinko/customers/{pekka.pk}/")
    as_owner = owner_client.get(f"/o/aurinko/customers/{pekka.pk}/")

    assert [(e.kind, e.obj.touchpoint.name) for e in as_partner.context["entries"]] == [
        ("encounter", "Kotiinkuljetus")
    ]
    assert sorted(e.kind for e in as_owner.context["entries"]) == [
        "encounter",
        "encounter",
        "note",
        "purchase",
    ]
    html = as_partner.content.decode()
    assert "Kahvipaketti ovelle" in html
    assert "Osti kahvia kassalta" not in html
    assert "Allergia" not in html
    assert "8.40" not in html
    assert list(as_partner.context["changes"]) == []
    assert as_partner.context["purchase_form"] is None
    assert as_partner.context["note_form"] is None
    assert [t.name for t in as_partner.context["encounter_form"].fields["touchpoint"].queryset] == [
        "Kotiinkuljetus"
    ]


def test_partner_records_an_encounter_at_its_own_touchpoint(partner_client, members, pekka, delivery):
    response = partner_client.post(
        f"/o/aurinko/customers/{pekka.pk}/encounters/",
        {
            "touchpoint": delivery.pk,
            "started_at": "2026-11-24 10:00",
            "outcome": "resolved",
            "summary": "Toimitettu",
        },
    )

    assert response.status_code == 302
    encounter = Encounter.objects.get(summary="Toimitettu")
    assert (encounter.touchpoint, encounter.staff, encounter.channel) == (
        delivery,
        members[Role.PARTNER].user,
        "delivery",
    )


def test_partner_cannot_record_an_encounter_at_another_touchpoint(partner_client, pekka, counter, state_of):
    before = state_of(pekka.organization)

    response = partner_client.post(
        f"/o/aurinko/customers/{pekka.pk}/encounters/",
        {"touchpoint": counter.pk, "started_at": "2026-11-24 10:00", "outcome": "served"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["touchpoint"]
    assert state_of(pekka.organization) == before


def test_encounter_service_refuses_a_partner_at_another_touchpoint(members, pekka, counter):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.encounter_create(
            organization=pekka.organization,
            actor=members[Role.PARTNER].user,
            membership=members[Role.PARTNER],
            customer=pekka,
            touchpoint=counter,
            started_at=_at(24),
        )

    assert error.value.message_dict == {
        "touchpoint": ["You can record encounters only at your own touchpoints."]
    }


def test_partner_cannot_create_or_edit_customers(partner_client, pekka, state_of):
    before = state_of(pekka.organization)

    responses = [
        partner_client.get("/o/aurinko/customers/new/"),
        partner_client.post("/o/aurinko/customers/new/", {"kind": "person", "name": "Uusi", "language": "fi",
                                                          "status": "active"}),
        partner_client.get(f"/o/aurinko/customers/{pekka.pk}/edit/"),
        partner_client.post(f"/o/aurinko/customers/{pekka.pk}/edit/", {"kind": "person", "name": "Muutettu",
                                                                      "language": "fi", "status": "active"}),
        partner_client.post(f"/o/aurinko/customers/{pekka.pk}/notes/", {"body": "Huomio"}),
        partner_client.post(f"/o/aurinko/customers/{pekka.pk}/purchases/", {"purchased_on": "2026-11-24",
                                                                           "amount": "5.00"}),
    ]  # fmt: skip

    assert [response.status_code for response in responses] == [403] * 6
    assert state_of(pekka.organization) == before


def test_partner_sees_only_the_people_of_a_company_it_has_served(
    organization, owner, delivery, partner_client
):
    company = services.customer_create(
        organization=organization, actor=owner, name="Yritys Oy", kind="company"
    )
    services.customer_create(organization=organization, actor=owner, name="Salainen Henkilö", company=company)
    served = services.customer_create(
        organization=organization, actor=owner, name="Tuttu Henkilö", company=company
    )
    for customer in (company, served):
        services.encounter_create(
            organization=organization, actor=owner, customer=customer, touchpoint=delivery, started_at=_at(22)
        )

    response = partner_client.get(f"/o/aurinko/customers/{company.pk}/")

    assert [person.name for person in response.context["people"]] == ["Tuttu Henkilö"]
    assert "Salainen Henkilö" not in response.content.decode()


def test_partner_does_not_see_a_company_it_has_not_served(organization, owner, delivery, partner_client):
    company = services.customer_create(organization=organization, actor=owner, name="Tuntematon Oy", kind="company")
    person = services.customer_create(organization=organization, actor=owner, name="Tuttu Henkilö", company=company)
    services.encounter_create(
        organization=organization, actor=owner, customer=person, touchpoint=delivery, started_at=_at(22)
    )

    response = partner_client.get(f"/o/aurinko/customers/{person.pk}/")

    assert response.status_code == 200
    assert "Tuntematon Oy" not in response.content.decode()
