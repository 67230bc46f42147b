"""The permission matrix, generated from `ROLE_PERMISSIONS` and one declaration per page.

For every page of tenancy, customers and journeys under /o/<slug>/, every role and every method the page answers: a role with the
permission gets the page (200) or its redirect after a successful POST (302, and something changed);
a role without it gets 403 and nothing in the organisation changes. A new page must be declared in
PAGES (a test below fails until it is); a new role or permission is covered by the table itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse

from hymy.tenancy import services as tenancy_services
from hymy.tenancy.choices import Role
from hymy.tenancy.permissions import (
    CHANGE_CUSTOMERS,
    CHANGE_JOURNEY,
    MANAGE_API_KEYS,
    MANAGE_MEMBERS,
    RECORD_ENCOUNTERS,
    ROLE_PERMISSIONS,
    VIEW_CUSTOMERS,
    VIEW_JOURNEY,
    role_can,
)


@dataclass(frozen=True)
class Page:
    name: str
    permission: str
    get: bool = False
    # The primary key in the address, from the world of this test.
    pk: Callable[[SimpleNamespace], int] | None = None
    # A valid POST for this page, or None if the page takes no POST.
    post: Callable[[SimpleNamespace], dict] | None = None


def _touchpoint_form(w: SimpleNamespace, **changes) -> dict:
    data = {
        "name": w.delivery.name,
        "stage": w.delivery.stage_id,
        "channel": w.delivery.channel,
        "tier": w.delivery.tier,
        "partner": w.delivery.partner_id,
        "expectations": w.delivery.expectations,
        "is_active": "on",
    }
    return {**data, **changes}


def _customer_form(**changes) -> dict:
    return {"kind": "person", "language": "fi", "status": "active", **changes}


PAGES = [
    Page("organization_home", VIEW_CUSTOMERS, get=True),
    Page(
        "member_list",
        MANAGE_MEMBERS,
        get=True,
        post=lambda w: {"email": "uusi@aurinko.test", "role": Role.AGENT},
    ),
    Page(
        "member_role_change",
        MANAGE_MEMBERS,
        pk=lambda w: w.members[Role.VIEWER].pk,
        post=lambda w: {"role": Role.ANALYST},
    ),
    Page("partner_create", MANAGE_MEMBERS, post=lambda w: {"name": "Siivous Puhdas Oy"}),
    Page(
        "api_key_list",
        MANAGE_API_KEYS,
        get=True,
        post=lambda w: {"name": "Verkkokauppa", "scopes": ["customers:write", "encounters:write"]},
    ),
    Page("api_key_revoke", MANAGE_API_KEYS, pk=lambda w: w.api_key.pk, post=lambda w: {}),
    Page("customer_list", VIEW_CUSTOMERS, get=True),
    Page("customer_create", CHANGE_CUSTOMERS, get=True, post=lambda w: _customer_form(name="Uusi Asiakas")),
    Page("customer_detail", VIEW_CUSTOMERS, get=True, pk=lambda w: w.customer.pk),
    Page(
        "customer_edit",
        CHANGE_CUSTOMERS,
        get=True,
        pk=lambda w: w.customer.pk,
        post=lambda w: _customer_form(name="Pekka Toimitus-Virtanen", email=w.customer.email),
    ),
    Page(
        "encounter_create",
        RECORD_ENCOUNTERS,
        pk=lambda w: w.customer.pk,
        post=lambda w: {"touchpoint": w.delivery.pk, "started_at": "2026-11-24 10:00", "outcome": "served"},
    ),
    Page(
        "purchase_create",
        CHANGE_CUSTOMERS,
        pk=lambda w: w.customer.pk,
        post=lambda w: {"purchased_on": "2026-11-24", "amount": "12.50"},
    ),
    Page(
        "note_create",
        CHANGE_CUSTOMERS,
        pk=lambda w: w.customer.pk,
        post=lambda w: {"body": "Toivoo kauramaitoa."},
    ),
    Page("journey_map", VIEW_JOURNEY, get=True),
    Page("stage_create", CHANGE_JOURNEY, get=True, post=lambda w: {"name": "Kanta-asiakkuus"}),
    Page(
        "stage_edit",
        CHANGE_JOURNEY,
        get=True,
        pk=lambda w: w.stages[0].pk,
        post=lambda w: {"name": "Kuulee meistä"},
    ),
    Page("stage_move", CHANGE_JOURNEY, pk=lambda w: w.stages[0].pk, post=lambda w: {"direction": "right"}),
    Page(
        "touchpoint_create",
        CHANGE_JOURNEY,
        get=True,
        post=lambda w: {"name": "Verkkokauppa", "stage": w.stages[1].pk, "channel": "web", "tier": "core"},
    ),
    Page("touchpoint_reorder", CHANGE_JOURNEY, post=lambda w: {"touchpoint": [w.delivery.pk, w.counter.pk]}),
    Page("touchpoint_detail", VIEW_JOURNEY, get=True, pk=lambda w: w.delivery.pk),
    Page(
        "touchpoint_edit",
        CHANGE_JOURNEY,
        get=True,
        pk=lambda w: w.delivery.pk,
        post=lambda w: _touchpoint_form(w, name="Kotiinkuljetus 24/7"),
    ),
    Page("touchpoint_move", CHANGE_JOURNEY, pk=lambda w: w.delivery.pk, post=lambda w: {"direction": "up"}),
    # Duplicates and data quality (see _quality_objects below for the twin and the merge).
    Page("duplicate_list", CHANGE_CUSTOMERS, get=True),
    Page(
        "customer_quality",
        CHANGE_CUSTOMERS,
        get=True,
        post=lambda w: {"action": "add_tag", "tag": "Tarkista", "customer": [w.customer.pk]},
    ),
    Page("customer_merge", CHANGE_CUSTOMERS, get=True, pk=lambda w: w.customer.pk, post=lambda w: {"with": w.twin.pk}),
    Page("customer_not_duplicate", CHANGE_CUSTOMERS, pk=lambda w: w.customer.pk, post=lambda w: {"other": w.twin.pk}),
    Page("customer_unmerge", CHANGE_CUSTOMERS, pk=lambda w: w.customer.pk, post=lambda w: {"merge": w.merge.pk}),
]

CASES = [
    pytest.param(page, role, method, id=f"{page.name}-{role}-{method}")
    for page in PAGES
    for role in ROLE_PERMISSIONS
    for method in (["GET"] if page.get else []) + (["POST"] if page.post else [])
]


@pytest.fixture
def world(organization, members, stages, counter, delivery, delivery_customer):
    """Objects every role can see: the partner's touchpoint and a customer it has served."""
    return SimpleNamespace(
        organization=organization,
        members=members,
        stages=stages,
        counter=counter,
        delivery=delivery,
        customer=delivery_customer,
        api_key=tenancy_services.api_key_create(
            organization=organization, actor=None, name="Kassa", scopes=["customers:read"]
        )[0],
        **_quality_objects(organization, delivery_customer),
    )


def _quality_objects(organization, customer) -> dict:
    """A likely duplicate of the customer, and an earlier merge into it that can be undone."""
    from hymy.customers.merging import customer_merge
    from hymy.customers.services import customer_create

    twin = customer_create(organization=organization, actor=None, name=customer.name, email=customer.email)
    merged = customer_create(organization=organization, actor=None, name="P. Toimitus", email=customer.email)
    return {"twin": twin, "merge": customer_merge(organization=organization, actor=None, kept=customer, absorbed=merged)}


def _url(page: Page, w: SimpleNamespace) -> str:
    kwargs = {"org_slug": w.organization.slug}
    if page.pk is not None:
        kwargs["pk"] = page.pk(w)
    return reverse(page.name, kwargs=kwargs)


@pytest.mark.parametrize(("page", "role", "method"), CASES)
def test_permission_matrix(page, role, method, world, client_for, state_of):
    client = client_for(world.members[role].user)
    url = _url(page, world)
    before = state_of(world.organization)

    response = client.get(url) if method == "GET" else client.post(url, page.post(world))

    if not role_can(role, page.permission):
        assert response.status_code == 403
        assert "403.html" in [template.name for template in response.templates]
        assert state_of(world.organization) == before
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert state_of(world.organization) != before


def test_every_page_of_tenancy_customers_and_journeys_is_in_the_matrix(foundation_url_names):
    assert {page.name for page in PAGES} == foundation_url_names


def test_every_role_has_a_row_in_the_permission_table():
    assert set(ROLE_PERMISSIONS) == set(Role.values)


def test_owner_alone_may_grant_the_owner_role():
    assert [role for role in ROLE_PERMISSIONS if role_can(role, "tenancy.grant_owner")] == [Role.OWNER]
