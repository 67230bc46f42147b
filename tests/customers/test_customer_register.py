"""The customer register: the form, contact details, companies, consents, attributes, tags, history."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hymy.customers import services
from hymy.customers.models import Customer, CustomerChange, Tag

NEW = "/o/aurinko/customers/new/"


def _form(**values) -> dict:
    return {"kind": "person", "language": "fi", "status": "active", **values}


@pytest.fixture
def english():
    """Service messages outside a request come in the active language; these tests read English."""
    with translation.override("en"):
        yield


# --- The form ------------------------------------------------------------------------------


def test_new_customer_is_saved_and_shown(owner_client, organization, owner):
    response = owner_client.post(
        NEW,
        _form(name="Maija Meikäläinen", email="maija@EXAMPLE.fi", phone="040 123 4567", language="sv"),
        follow=True,
    )

    customer = Customer.objects.get()
    assert response.redirect_chain == [(f"/o/aurinko/customers/{customer.pk}/", 302)]
    assert "Customer Maija Meikäläinen saved." in response.content.decode()
    assert (customer.organization, customer.name, customer.email, customer.phone, customer.language) == (
        organization,
        "Maija Meikäläinen",
        "maija@example.fi",
        "+358401234567",
        "sv",
    )


def test_bad_email_shows_the_error_and_keeps_every_typed_value(owner_client, organization):
    typed = _form(
        name="Matti Möttönen",
        email="matti@",
        phone="040 765 4321",
        external_id="ASIAKAS-77",
        needs_and_wishes="Haluaa kuitin sähköpostiin",
        tags="VIP, Kanta-asiakas",
        attributes="lempikahvi: latte",
        language="en",
    )

    response = owner_client.post(NEW, typed)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["email"] == ["Enter a valid e-mail address, like name@example.fi."]
    html = response.content.decode()
    assert "Please correct the marked fields. Nothing you typed has been lost." in html
    for value in ("Matti Möttönen", "matti@", "040 765 4321", "ASIAKAS-77", "Haluaa kuitin sähköpostiin",
                  "VIP, Kanta-asiakas", "lempikahvi: latte"):  # fmt: skip
        assert value in html, value
    assert '<option value="en" selected>' in html
    assert Customer.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("09 1234 567", "+35891234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("", ""),
    ],
)
def test_phone_is_stored_in_international_form(organization, owner, typed, stored):
    customer = services.customer_create(organization=organization, actor=owner, name="Puhelin", phone=typed)

    assert customer.phone == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("123", "This phone number is not valid: 123"),
        ("soita minulle", "This is not a phone number: soita minulle"),
    ],
)
def test_invalid_phone_gives_a_clear_error_on_the_form(owner_client, organization, typed, message):
    response = owner_client.post(NEW, _form(name="Väärä Numero", phone=typed))

    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == [message]
    assert f'value="{typed}"' in response.content.decode()
    assert Customer.objects.count() == 0


def test_phone_is_shown_for_reading(owner_client, customer):
    html = owner_client.get(f"/o/aurinko/customers/{customer.pk}/").content.decode()

    assert "+358 40 1234567" in html


# --- Companies -----------------------------------------------------------------------------


def test_person_belongs_to_a_company(owner_client, organization, owner):
    company = services.customer_create(organization=organization, actor=owner, name="Hymy Oy", kind="company")

    owner_client.post(NEW, _form(name="Tiina Työntekijä", company=company.pk))
    page = owner_client.get(f"/o/aurinko/customers/{company.pk}/")

    person = Customer.objects.get(name="Tiina Työntekijä")
    assert person.company == company
    assert [p.name for p in page.context["people"]] == ["Tiina Työntekijä"]


def test_company_cannot_belong_to_a_company(owner_client, organization, owner):
    company = services.customer_create(organization=organization, actor=owner, name="Hymy Oy", kind="company")

    response = owner_client.post(NEW, _form(name="Tytäryhtiö Oy", kind="company", company=company.pk))

    assert response.context["form"].errors["company"] == ["A company cannot belong to another company."]
    assert Customer.objects.count() == 1


def test_person_cannot_belong_to_a_person(organization, owner, customer, english):
    with pytest.raises(ValidationError) as error:
        services.customer_create(organization=organization, actor=owner, name="Lapsi", company=customer)

    assert error.value.message_dict == {"company": ["Choose a company customer of this organisation."]}


def test_company_of_another_organisation_is_rejected(owner_client, organization, owner, other, english):
    response = owner_client.post(NEW, _form(name="Loikkari", company=other.company.pk))
    with pytest.raises(ValidationError) as error:
        services.customer_create(
            organization=organization, actor=owner, name="Loikkari", company=other.company
        )

    assert response.status_code == 200
    assert response.context["form"].errors["company"]
    assert error.value.message_dict == {"company": ["Choose a company customer of this organisation."]}
    assert Customer.objects.filter(organization=organization).count() == 0
    assert other.company.people.count() == 0


def test_company_is_not_offered_as_its_own_company(owner_client, organization, owner):
    company = services.customer_create(organization=organization, actor=owner, name="Hymy Oy", kind="company")
    other_company = services.customer_create(
        organization=organization, actor=owner, name="Aurinko Oy", kind="company"
    )

    response = owner_client.get(f"/o/aurinko/customers/{company.pk}/edit/")

    assert list(response.context["form"].fields["company"].queryset) == [other_company]


# --- Consent -------------------------------------------------------------------------------


def test_consent_needs_to_say_how_it_was_given(owner_client, organization):
    response = owner_client.post(NEW, _form(name="Suostuja", survey_consent="on"))

    assert response.context["form"].errors["survey_consent_source"] == ["Say how the consent was given."]
    assert Customer.objects.count() == 0


def test_consent_records_its_source_and_time(organization, owner):
    before = timezone.now()

    customer = services.customer_create(
        organization=organization, actor=owner, name="Suostuja", survey_consent=True,
        survey_consent_source="web_form", marketing_consent=False,
    )  # fmt: skip

    assert customer.survey_consent is True
    assert customer.survey_consent_source == "web_form"
    assert before <= customer.survey_consent_at <= timezone.now()
    assert (customer.marketing_consent, customer.marketing_consent_at, customer.marketing_consent_source) == (
        False,
        None,
        "",
    )


def test_consent_time_stays_when_the_consent_is_saved_again(organization, owner, customer):
    services.customer_update(
        customer=customer, actor=owner, survey_consent=True, survey_consent_source="email"
    )
    customer.refresh_from_db()
    given_at = customer.survey_consent_at

    services.customer_update(
        customer=customer, actor=owner, survey_consent=True, survey_consent_source="email"
    )
    customer.refresh_from_db()

    assert customer.survey_consent_at == given_at


def test_withdrawing_consent_clears_when_and_how(owner_client, organization, owner, customer):
    services.customer_update(
        customer=customer, actor=owner, marketing_consent=True, marketing_consent_source="phone"
    )

    response = owner_client.post(
        f"/o/aurinko/customers/{customer.pk}/edit/",
        _form(
            name=customer.name, email=customer.email, phone=customer.phone, marketing_consent_source="phone"
        ),
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.marketing_consent, customer.marketing_consent_at, customer.marketing_consent_source) == (
        False,
        None,
        "",
    )
    last = customer.changes.first()
    assert last.changes["marketing_consent"] == [True, False]
    assert last.changes["marketing_consent_source"] == ["phone", ""]


# --- Attributes, tags, status ---------------------------------------------------------------


def test_custom_attributes_are_read_from_name_value_lines(owner_client, organization):
    owner_client.post(
        NEW, _form(name="Attribuutti", attributes="asiakasnumero: 1234\n\nlempikahvi:  latte \n")
    )

    assert Customer.objects.get().attributes == {"asiakasnumero": "1234", "lempikahvi": "latte"}


def test_bad_attribute_line_names_the_line(owner_client, organization):
    response = owner_client.post(
        NEW, _form(name="Attribuutti", attributes="asiakasnumero: 1234\nlempikahvi latte")
    )

    assert response.context["form"].errors["attributes"] == ["Line 2: write each attribute as 'name: value'."]
    assert Customer.objects.count() == 0


def test_attributes_are_shown_and_edited_as_lines(owner_client, organization, owner):
    customer = services.customer_create(
        organization=organization, actor=owner, name="Attribuutti", attributes={"asiakasnumero": "1234"}
    )

    detail = owner_client.get(f"/o/aurinko/customers/{customer.pk}/").content.decode()
    edit = owner_client.get(f"/o/aurinko/customers/{customer.pk}/edit/").content.decode()

    assert "<dt>asiakasnumero</dt><dd>1234</dd>" in detail
    assert "asiakasnumero: 1234</textarea>" in edit


def test_tags_are_created_once_and_shared(owner_client, organization, owner):
    owner_client.post(NEW, _form(name="Eka", tags="VIP, Kanta-asiakas"))
    owner_client.post(NEW, _form(name="Toka", tags=" VIP ,Kahvinystävä, VIP, "))

    eka, toka = Customer.objects.order_by("name")
    assert sorted(t.name for t in eka.tags.all()) == ["Kanta-asiakas", "VIP"]
    assert sorted(t.name for t in toka.tags.all()) == ["Kahvinystävä", "VIP"]
    assert sorted(Tag.objects.filter(organization=organization).values_list("name", flat=True)) == [
        "Kahvinystävä",
        "Kanta-asiakas",
        "VIP",
    ]


def test_churned_status_records_when_and_reactivating_clears_it(organization, owner, customer):
    before = timezone.now()

    services.customer_update(customer=customer, actor=owner, status="churned")
    customer.refresh_from_db()
    churned_at = customer.churned_at
    services.customer_update(customer=customer, actor=owner, status="active")
    customer.refresh_from_db()

    assert before <= churned_at <= timezone.now()
    assert customer.churned_at is None


# --- History -------------------------------------------------------------------------------


def test_creation_is_recorded_with_actor_and_values(owner_client, organization, owner):
    owner_client.post(NEW, _form(name="Historia", email="historia@example.fi", tags="VIP"))

    change = CustomerChange.objects.get()
    assert (change.action, change.actor, change.customer.name) == ("created", owner, "Historia")
    assert change.changes == {
        "kind": [None, "person"],
        "name": [None, "Historia"],
        "email": [None, "historia@example.fi"],
        "language": [None, "fi"],
        "tags": [None, ["VIP"]],
        "status": [None, "active"],
    }


def test_every_change_is_recorded_with_actor_and_old_and_new_values(
    client_for, members, organization, customer
):
    agent = members["agent"].user

    client_for(agent).post(
        f"/o/aurinko/customers/{customer.pk}/edit/",
        _form(name="Maija Virtanen", email="maija@example.fi", phone="050 111 2222", tags="VIP"),
    )

    change = customer.changes.first()
    assert (change.action, change.actor) == ("updated", agent)
    assert change.changes == {
        "name": ["Maija Meikäläinen", "Maija Virtanen"],
        "phone": ["+358401234567", "+358501112222"],
        "tags": [[], ["VIP"]],
    }
    assert customer.changes.count() == 2


def test_change_history_is_shown_on_the_customer_page(owner_client, organization, owner, customer):
    services.customer_update(customer=customer, actor=owner, name="Maija Virtanen")

    html = owner_client.get(f"/o/aurinko/customers/{customer.pk}/").content.decode()

    assert "<code>name</code> Maija Meikäläinen → Maija Virtanen" in html


def test_saving_without_changes_records_nothing(owner_client, organization, owner):
    company = services.customer_create(organization=organization, actor=owner, name="Hymy Oy", kind="company")
    customer = services.customer_create(
        organization=organization, actor=owner, name="Ennallaan", email="ennallaan@example.fi",
        phone="040 123 4567", company=company, tags=["VIP"], attributes={"numero": "7"},
        survey_consent=True, survey_consent_source="in_person",
    )  # fmt: skip
    edit_page = owner_client.get(f"/o/aurinko/customers/{customer.pk}/edit/")
    form = edit_page.context["form"]
    unchanged = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    unchanged["tags"] = form.fields["tags"].prepare_value(unchanged["tags"])
    unchanged["attributes"] = form.fields["attributes"].prepare_value(unchanged["attributes"])
    unchanged["survey_consent"] = "on"

    response = owner_client.post(f"/o/aurinko/customers/{customer.pk}/edit/", unchanged)

    assert response.status_code == 302
    assert customer.changes.count() == 1
    assert customer.changes.get().action == "created"


def test_tags_match_whatever_their_case(owner_client, organization):
    owner_client.post(NEW, _form(name="Eka", tags="VIP"))
    owner_client.post(NEW, _form(name="Toka", tags="vip, Vip"))

    assert list(Tag.objects.filter(organization=organization).values_list("name", flat=True)) == ["VIP"]
    assert [tag.name for tag in Customer.objects.get(name="Toka").tags.all()] == ["VIP"]
