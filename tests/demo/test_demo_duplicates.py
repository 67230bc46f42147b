"""The demo register holds a few people twice (hymy/demo/duplicates.py): the duplicates page finds them."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from hymy.customers.duplicates import name_key
from hymy.customers.models import Customer
from hymy.customers.selectors import duplicate_list
from hymy.demo.models import DemoTruth
from hymy.tenancy.models import Membership, Organization

pytestmark = pytest.mark.django_db


def test_the_duplicates_page_lists_the_planted_pairs_best_first(client):
    call_command("demo_data", "--scale", "0.05", stdout=StringIO())
    telecom = Organization.objects.get(slug="revontuli")
    planted = DemoTruth.objects.get(organization=telecom).truth["planted_duplicates"]
    customers = {customer.external_id: customer for customer in Customer.objects.filter(organization=telecom)}
    pairs = [(customers[pair["first"]], customers[pair["second"]]) for pair in planted]

    # Each pair is the same person written differently, as the people who typed them in did.
    (email_first, email_second), (phone_first, phone_second), (name_first, name_second) = pairs
    assert email_second.email == email_first.email.upper() and email_second.name != email_first.name
    assert name_key(" ".join(reversed(email_second.name.split()))) == name_key(email_first.name)
    assert phone_second.phone == phone_first.phone and phone_second.name == phone_first.name
    assert phone_second.email != phone_first.email
    assert name_second.name != name_first.name and name_key(name_second.name) == name_key(name_first.name)
    assert any(letter in name_first.name for letter in "äöåÄÖÅ")
    assert name_first.attributes["postinumero"] == name_second.attributes["postinumero"]
    assert (name_first.email, name_first.phone) != (name_second.email, name_second.phone)

    owner = Membership.objects.get(organization=telecom, user__email="demo@hymy.fi")
    found = duplicate_list(organization=telecom, membership=owner)
    assert [({pair.first.pk, pair.second.pk}, pair.score, pair.reasons) for pair in found] == [
        ({email_first.pk, email_second.pk}, 80, ["email"]),
        ({phone_first.pk, phone_second.pk}, 70, ["phone"]),
        ({name_first.pk, name_second.pk}, 40, ["name_postal_code"]),
    ]

    client.force_login(owner.user)
    page = client.get("/o/revontuli/customers/duplicates/")
    assert page.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", page.content.decode(), re.DOTALL)[1:]  # after the header
    assert len(rows) == 3
    for row, (first, second) in zip(rows, pairs, strict=True):
        linked = {int(pk) for pk in re.findall(r"/o/revontuli/customers/(\d+)/\"", row)}
        assert linked == {first.pk, second.pk}
