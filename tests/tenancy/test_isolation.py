"""Tenant isolation: nothing of another organisation can be seen or touched, by any address.

The pages are generated from the URL patterns under /o/<org_slug>/ (see `pytest_generate_tests` in
conftest), so a new page is covered the moment it is added: every page of every app answers 404 under
another organisation's address, and every page about one object of tenancy, customers and journeys
answers 404 for another organisation's object under one's own address. Such a page must say here
which kind of object its pk names, or `test_every_object_page_names_its_object` fails.
"""

import pytest
from django.urls import reverse

from hymy.tenancy.choices import Role

# Route prefix (under /o/<org_slug>/) → the attribute of the `other` fixture its pk points to.
OBJECT_BY_ROUTE_PREFIX = {
    "journey/stages/": "stage",
    "journey/touchpoints/": "touchpoint",
    "customers/": "customer",
    "members/": "membership",
    "api-keys/": "api_key",
}

MISSING_PK = 2_000_000_000


def _object_attribute(route: str) -> str | None:
    for prefix in sorted(OBJECT_BY_ROUTE_PREFIX, key=len, reverse=True):
        if route.startswith(prefix):
            return OBJECT_BY_ROUTE_PREFIX[prefix]
    return None


def _plausible_post(other) -> dict:
    """Fields that most forms accept, pointing at the other organisation's objects where they can."""
    return {
        "name": "Murtautuja",
        "kind": "person",
        "language": "fi",
        "status": "active",
        "role": Role.VIEWER,
        "direction": "up",
        "body": "Ei kuulu minulle",
        "amount": "10.00",
        "purchased_on": "2026-11-24",
        "started_at": "2026-11-24 10:00",
        "outcome": "served",
        "touchpoint": other.touchpoint.pk,
        "stage": other.stage.pk,
        "channel": "web",
        "tier": "core",
    }


def test_every_object_page_names_its_object(foundation_pk_url):
    assert foundation_pk_url.params == ("pk",)
    assert _object_attribute(foundation_pk_url.route) is not None, (
        f"add the route prefix of {foundation_pk_url.route!r} to OBJECT_BY_ROUTE_PREFIX"
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_another_organisations_object_is_404_under_my_address(
    foundation_pk_url, method, owner_client, organization, other, state_of
):
    """/o/aurinko/customers/<a Kuu customer>/… answers exactly as for a customer that does not exist."""
    foreign_pk = getattr(other, _object_attribute(foundation_pk_url.route)).pk
    url = reverse(foundation_pk_url.name, kwargs={"org_slug": "aurinko", "pk": foreign_pk})
    missing = reverse(foundation_pk_url.name, kwargs={"org_slug": "aurinko", "pk": MISSING_PK})
    before = state_of(other.organization), state_of(organization)

    if method == "GET":
        response, for_missing = owner_client.get(url), owner_client.get(missing)
        # A page that takes only POST answers 405 before it looks anything up, for any pk.
        assert response.status_code in (404, 405)
        assert response.status_code == for_missing.status_code
    else:
        response = owner_client.post(url, _plausible_post(other))
        assert response.status_code == 404
    assert (state_of(other.organization), state_of(organization)) == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_page_of_another_organisation_is_404(
    organization_url, method, owner_client, organization, other, state_of
):
    """/o/kuu/… is 404 for a member of Aurinko only, for every page of every app (with a real Kuu
    object where this test knows which kind the page is about)."""
    kwargs = {"org_slug": "kuu"}
    for param in organization_url.params:
        attribute = _object_attribute(organization_url.route) if param == "pk" else None
        kwargs[param] = getattr(other, attribute).pk if attribute else 1
    url = reverse(organization_url.name, kwargs=kwargs)
    before = state_of(other.organization)

    response = owner_client.get(url) if method == "GET" else owner_client.post(url, _plausible_post(other))

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert state_of(other.organization) == before


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<title>") : html.index("</title>")] + html[html.index("<main>") :]


def test_another_organisation_looks_the_same_as_one_that_does_not_exist(owner_client, organization, other):
    existing = owner_client.get("/o/kuu/")
    missing = owner_client.get("/o/ei-ole-olemassa/")

    assert existing.status_code == missing.status_code == 404
    assert _main(existing) == _main(missing)
    assert "Kuu" not in existing.content.decode()


def test_other_organisations_customers_are_not_listed_or_found(owner_client, customer, other):
    response = owner_client.get("/o/aurinko/customers/", {"q": "Kalle"})
    everyone = owner_client.get("/o/aurinko/customers/")

    assert list(response.context["page"]) == []
    assert [c.name for c in everyone.context["page"]] == ["Maija Meikäläinen"]


def test_other_organisations_touchpoints_are_not_on_my_journey(owner_client, counter, other):
    response = owner_client.get("/o/aurinko/journey/")

    assert [t.name for t in response.context["priority_list"]] == ["Kassa"]
    assert "Leipätiski" not in response.content.decode()


def test_encounter_at_another_organisations_touchpoint_is_refused(owner_client, customer, counter, other):
    response = owner_client.post(
        f"/o/aurinko/customers/{customer.pk}/encounters/",
        {"touchpoint": other.touchpoint.pk, "started_at": "2026-11-24 10:00", "outcome": "served"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["touchpoint"]
    assert customer.encounters.count() == 0
    assert other.touchpoint.encounters.count() == 0


def test_touchpoint_in_another_organisations_stage_is_refused(owner_client, organization, other, state_of):
    before = state_of(organization), state_of(other.organization)

    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/new/",
        {"name": "Varastettu", "stage": other.stage.pk, "channel": "web", "tier": "core"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["stage"]
    assert (state_of(organization), state_of(other.organization)) == before


def test_reordering_with_another_organisations_touchpoints_changes_nothing(
    owner_client, organization, counter, delivery, other, state_of
):
    before = state_of(organization), state_of(other.organization)

    response = owner_client.post(
        "/o/aurinko/journey/touchpoints/reorder/",
        {"touchpoint": [other.touchpoint.pk, counter.pk]},
        follow=True,
    )

    assert "The new order could not be saved." in response.content.decode()
    assert (state_of(organization), state_of(other.organization)) == before


def test_role_change_with_another_organisations_partner_is_refused(owner_client, members, other, state_of):
    organization = members[Role.OWNER].organization
    before = state_of(organization)

    response = owner_client.post(
        f"/o/aurinko/members/{members[Role.AGENT].pk}/role/",
        {"role": Role.PARTNER, "partner": other.partner.pk},
        follow=True,
    )

    assert "Choose a valid role." in response.content.decode()
    assert state_of(organization) == before
