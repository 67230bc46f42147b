"""The start page lists the user's organisations; each organisation lives under /o/<slug>/."""

import pytest
from django.urls import reverse

from hymy.journeys.models import JourneyStage
from hymy.tenancy import services
from hymy.tenancy.choices import Role
from hymy.tenancy.models import Membership, Organization, User


@pytest.fixture
def second_membership(owner, other):
    """Olli is also an analyst at Leipomo Kuu."""
    return services.membership_add(organization=other.organization, user=owner, role=Role.ANALYST)


def test_home_with_one_organisation_goes_straight_there(owner_client, organization):
    response = owner_client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == "/o/aurinko/"


def test_home_lists_every_organisation_of_the_user(owner_client, organization, second_membership):
    response = owner_client.get(reverse("home"))

    assert response.status_code == 200
    assert [m.organization.name for m in response.context["memberships"]] == [
        "Kahvila Aurinko",
        "Leipomo Kuu",
    ]
    html = response.content.decode()
    assert 'href="/o/aurinko/"' in html
    assert 'href="/o/kuu/"' in html


def test_home_without_organisations_says_so(client_for, db):
    loner = User.objects.create_user("yksin@example.fi", None, language="en")

    response = client_for(loner).get(reverse("home"))

    assert response.status_code == 200
    assert response.context["memberships"] == []
    assert "You do not belong to any organisation yet" in response.content.decode()


def test_switching_organisation_by_address_uses_that_organisations_role(
    owner_client, organization, customer, second_membership, other
):
    here = owner_client.get("/o/aurinko/customers/")
    there = owner_client.get("/o/kuu/customers/")

    assert here.status_code == 200
    assert there.status_code == 200
    assert here.context["current_organization"] == organization
    assert here.context["current_membership"].role == Role.OWNER
    assert [c.name for c in here.context["page"]] == ["Maija Meikäläinen"]
    assert there.context["current_organization"] == other.organization
    assert there.context["current_membership"].role == Role.ANALYST
    assert [c.name for c in there.context["page"]] == ["Kalle Kuunasukas", "Kuun Yritys Oy"]
    # The analyst role of Kuu is read-only, the owner role of Aurinko is not.
    assert owner_client.get("/o/kuu/customers/new/").status_code == 403
    assert owner_client.get("/o/aurinko/customers/new/").status_code == 200


def test_page_header_offers_the_other_organisations(owner_client, organization, second_membership):
    html = owner_client.get("/o/aurinko/").content.decode()

    assert 'href="/o/kuu/"' in html


def test_unknown_organisation_is_404(owner_client, organization):
    response = owner_client.get("/o/ei-ole/")

    assert response.status_code == 404


def test_creating_an_organisation_makes_the_creator_its_owner(db):
    founder = User.objects.create_user("perustaja@example.fi", None)

    organization = services.organization_create(name="Kukkakauppa Ruusu", owner=founder)

    assert organization.slug == "kukkakauppa-ruusu"
    assert list(Membership.objects.filter(organization=organization).values_list("user__email", "role")) == [
        ("perustaja@example.fi", Role.OWNER)
    ]
    assert JourneyStage.objects.filter(organization=organization).count() == 7
    assert Organization.objects.count() == 1
