"""The data request reads as a person reads: labels in the user's language, yes/no, names not ids."""

import re

import pytest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext

from hymy.privacy import registry
from hymy.privacy.selectors import FIELD_LABELS, HIDDEN_ON_PAGE, customer_data, field_label
from hymy.tenancy import services as tenancy_services

from .conftest import EMAIL, NAME
from .pdftext import pdf_text

BASE = "/o/aurinko/privacy/"


def test_every_field_of_a_customers_data_has_a_translated_label():
    """A model added later with an unnamed field fails here, not in front of a Finnish customer."""
    unnamed = [
        f"{declaration.label}.{model_field.name}"
        for declaration in registry.customer_declarations()
        for model_field in [*declaration.model._meta.concrete_fields, *declaration.model._meta.many_to_many]
        if model_field.name not in HIDDEN_ON_PAGE and not isinstance(field_label(model_field), Promise)
    ]
    assert unnamed == []
    assert all(isinstance(label, Promise) for label in FIELD_LABELS.values())


@pytest.fixture
def finnish_owner(world, owner, owner_client):
    tenancy_services.user_language_set(user=owner, language="fi")
    return owner_client


def fi(text: str) -> str:
    with translation.override("fi"):
        return capfirst(gettext(text))


def test_the_finnish_data_page_reads_in_finnish(world, finnish_owner):
    html = finnish_owner.get(f"{BASE}customers/{world.customer.pk}/").content.decode()
    cells = re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', html)
    labels = {label for label, _value in cells}
    values = [value for _label, value in cells]

    for english in ("Organization", "Customer", "Actor", "Action", "Changed at", "Changes", "ID", "Id"):
        assert english not in labels
    assert fi("Organization") not in labels  # the same on every row: not repeated
    for label in ("done by", "changes", "changed", "number in Hymy"):
        finnish = fi(label)
        assert finnish != capfirst(label) and finnish in labels
    assert not any(value in ("True", "False") for value in values)
    assert "{&#x27;" not in html and "{'" not in html and "[None" not in html
    assert fi("Yes") in values  # marketing consent
    assert fi("Person") in values  # the kind, by its label
    # The change log as "field: old → new", the field in Finnish.
    assert any(f"{fi('e-mail')}: " in value and " → " in value for value in values)
    # Links by their readable name, numbers without thousand separators.
    owner_name = "Olli Omistaja"
    assert owner_name in values
    assert str(world.customer.pk) in values
    assert not any(re.fullmatch(r"\d{1,3}(\s\d{3})+", value.replace("\xa0", " ")) for value in values)


def test_the_pdf_has_the_same_readable_rows(world, finnish_owner):
    text = pdf_text(finnish_owner.get(f"{BASE}customers/{world.customer.pk}/", {"format": "pdf"}).content)

    assert NAME in text and EMAIL in text
    assert fi("done by") in text and fi("Yes") in text and " → " in text
    assert "True" not in text and "False" not in text and "{'" not in text


def test_the_json_file_stays_machine_readable(world, owner_client):
    data = owner_client.get(f"{BASE}customers/{world.customer.pk}/", {"format": "json"}).json()["data"]

    customer = data["customers.customer"][0]
    assert customer["marketing_consent"] is True
    assert customer["kind"] == {"value": "person", "label": "Person"}
    assert customer["organization"] == world.organization.pk
    change = data["customers.customerchange"][0]
    assert isinstance(change["changes"], dict)


def test_a_merge_record_reads_as_indented_lines(world, owner):
    from hymy.customers import merging
    from tests.surveys.conftest import make_customer

    twin = make_customer(world.organization, owner, "Maija M.", email="maija.toinen@example.fi")
    merging.customer_merge(organization=world.organization, actor=owner, kept=world.customer, absorbed=twin)

    with translation.override("fi"):
        sections = {s.label: s for s in customer_data(organization=world.organization, customer=world.customer)}
    merge = dict(sections["customers.customermerge"].readable()[0])
    details = merge[fi("merged customer's details")]
    assert "name: Maija M." in details and "\n" in details and "{" not in details
