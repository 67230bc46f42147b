"""Every privacy page for every role: only the roles with `privacy.manage` get in, and another
organisation's customer is 404 exactly like a missing one. New pages must be declared in PAGES."""

import pytest
from django.urls import reverse

from hymy.customers.models import Customer
from hymy.privacy.models import PrivacyRequest, RetentionPolicy
from hymy.privacy.urls import urlpatterns
from hymy.tenancy.permissions import MANAGE_PRIVACY, ROLE_PERMISSIONS, role_can

# URL name → a valid POST (None: the page takes no POST).
PAGES = {
    "privacy_home": {"responses_years": "3", "cases_years": ""},
    "privacy_customer": None,
    "privacy_customer_erase": {"confirm": "on"},
}


def _state(organization):
    return (
        list(PrivacyRequest.objects.filter(organization=organization).values()),
        list(RetentionPolicy.objects.filter(organization=organization).values()),
        list(Customer.objects.filter(organization=organization).order_by("pk").values("name", "email")),
    )


def test_every_privacy_page_is_declared():
    assert {pattern.name for pattern in urlpatterns} == set(PAGES)


def _url(name, customer):
    kwargs = {"org_slug": "aurinko"}
    if "pk" in next(p for p in urlpatterns if p.name == name).pattern.converters:
        kwargs["pk"] = customer.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS))
def test_privacy_permission_matrix(name, role, members, client_for, delivery_customer, organization):
    client = client_for(members[role].user)
    url = _url(name, delivery_customer)
    before = _state(organization)

    got = client.get(url)
    posted = client.post(url, PAGES[name]) if PAGES[name] is not None else None

    if not role_can(role, MANAGE_PRIVACY):
        assert got.status_code == 403
        assert posted is None or posted.status_code == 403
        assert _state(organization) == before
    else:
        assert got.status_code == 200
        assert posted is None or posted.status_code == 302


@pytest.mark.parametrize("name", [name for name in PAGES if name != "privacy_home"])
def test_another_organisations_customer_is_404_like_a_missing_one(name, owner_client, other, organization):
    foreign = reverse(name, kwargs={"org_slug": "aurinko", "pk": other.customer.pk})
    missing = reverse(name, kwargs={"org_slug": "aurinko", "pk": 2_000_000_000})
    before = _state(other.organization), _state(organization)

    assert owner_client.get(foreign).status_code == owner_client.get(missing).status_code == 404
    assert owner_client.post(foreign, {"confirm": "on"}).status_code == 404
    assert (_state(other.organization), _state(organization)) == before
