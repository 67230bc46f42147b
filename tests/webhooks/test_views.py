"""The owners' and admins' webhook pages: the permission matrix, isolation between organisations,
forms that keep what was typed, the secret on request, the test button and the delivery log."""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as settings_
from hypothesis import strategies as st

from hymy.tenancy.permissions import MANAGE_WEBHOOKS, ROLE_PERMISSIONS, role_can
from hymy.urls import organization_patterns
from hymy.webhooks import services
from hymy.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

BASE = "/o/aurinko/webhooks/"


def messages_of(page) -> list[str]:
    return [str(message) for message in get_messages(page.wsgi_request)]


def webhooks_state(organization) -> dict:
    def rows(queryset):
        return list(queryset.order_by("pk").values())

    return {
        "subscriptions": rows(WebhookSubscription.objects.filter(organization=organization)),
        "deliveries": rows(WebhookDelivery.objects.filter(organization=organization)),
        "attempts": rows(WebhookAttempt.objects.filter(organization=organization)),
    }


@pytest.fixture
def world(organization, members, receiver, subscribe):
    subscription = subscribe(receiver, ["customer.churned"])
    delivery = services.subscription_test_send(subscription=subscription, actor=members["owner"])
    return SimpleNamespace(
        organization=organization,
        members=members,
        subscription=subscription,
        delivery=delivery,
        receiver=receiver,
    )


# --- The permission matrix, declared page by page ---------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    get: bool = False
    pk: Callable[[SimpleNamespace], int] | None = None
    post: Callable[[SimpleNamespace], dict] | None = None
    # What a successful POST answers: a redirect, or the page itself (the secret is shown, never linked).
    post_status: int = 302


PAGES = [
    Page("webhook_list", get=True),
    Page(
        "webhook_create",
        get=True,
        post=lambda w: {
            "url": w.receiver.url + "/2",
            "events": ["response.created"],
            "description": "Toinen",
        },
    ),
    Page("webhook_detail", get=True, pk=lambda w: w.subscription.pk),
    Page(
        "webhook_edit",
        get=True,
        pk=lambda w: w.subscription.pk,
        post=lambda w: {"url": w.receiver.url, "events": ["response.detractor"], "description": "Muutettu"},
    ),
    Page("webhook_status", pk=lambda w: w.subscription.pk, post=lambda w: {"status": "paused"}),
    Page("webhook_delete", pk=lambda w: w.subscription.pk, post=lambda w: {}),
    Page(
        "webhook_secret", pk=lambda w: w.subscription.pk, post=lambda w: {"action": "rotate"}, post_status=200
    ),
    Page("webhook_test", pk=lambda w: w.subscription.pk, post=lambda w: {}),
    Page("webhook_delivery", get=True, pk=lambda w: w.delivery.pk),
    Page("webhook_redeliver", pk=lambda w: w.delivery.pk, post=lambda w: {}),
]

CASES = [
    pytest.param(page, role, method, id=f"{page.name}-{role}-{method}")
    for page in PAGES
    for role in ROLE_PERMISSIONS
    for method in (["GET"] if page.get else []) + (["POST"] if page.post else [])
]


def _url(page: Page, w: SimpleNamespace, org_slug: str = "aurinko") -> str:
    kwargs = {"org_slug": org_slug}
    if page.pk is not None:
        kwargs["pk"] = page.pk(w)
    return reverse(page.name, kwargs=kwargs)


def test_every_webhook_page_is_in_the_matrix():
    (include,) = [entry for entry in organization_patterns if str(entry.pattern) == "webhooks/"]
    assert {page.name for page in PAGES} == {pattern.name for pattern in include.url_patterns}


def test_only_owners_and_admins_manage_webhooks():
    assert sorted(role for role in ROLE_PERMISSIONS if role_can(role, MANAGE_WEBHOOKS)) == ["admin", "owner"]


@pytest.mark.parametrize(("page", "role", "method"), CASES)
def test_permission_matrix(page, role, method, world, client_for):
    client = client_for(world.members[role].user)
    url = _url(page, world)
    before = webhooks_state(world.organization)

    response = client.get(url) if method == "GET" else client.post(url, page.post(world))

    if not role_can(role, MANAGE_WEBHOOKS):
        assert response.status_code == 403
        assert webhooks_state(world.organization) == before
        assert "Webhooks" not in response.content.decode()
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == page.post_status
        assert webhooks_state(world.organization) != before


# --- Isolation --------------------------------------------------------------------------------------


MISSING_PK = 2_000_000_000


@pytest.fixture
def kuu_world(other, second_receiver, subscribe):
    subscription = subscribe(second_receiver, ["customer.churned"], organization=other.organization)
    delivery = services.subscription_test_send(subscription=subscription, actor=other.membership)
    return SimpleNamespace(subscription=subscription, delivery=delivery)


@pytest.mark.parametrize("page", [page for page in PAGES if page.pk], ids=lambda page: page.name)
def test_another_organisations_webhooks_are_404_under_my_address(page, world, kuu_world, owner_client, other):
    """Kuu's webhook or delivery under Aurinko's address answers exactly as one that does not exist, even
    with a body every form here would accept, and nothing changes (or is sent) in either organisation."""
    foreign = _url(page, kuu_world)
    missing = foreign.replace(f"/{page.pk(kuu_world)}/", f"/{MISSING_PK}/")
    before = webhooks_state(other.organization), webhooks_state(world.organization)
    form = {"status": "paused", "action": "rotate", "url": world.receiver.url, "events": ["customer.churned"]}

    for method in ("GET", "POST"):
        got = owner_client.get(foreign) if method == "GET" else owner_client.post(foreign, form)
        expected = owner_client.get(missing) if method == "GET" else owner_client.post(missing, form)
        assert got.status_code in (404, 405)
        assert got.status_code == expected.status_code

    assert (webhooks_state(other.organization), webhooks_state(world.organization)) == before
    assert len(kuu_world.delivery.subscription.deliveries.all()) == 1


def test_my_list_shows_only_my_webhooks(world, kuu_world, owner_client):
    page = owner_client.get(BASE)

    assert list(page.context["subscriptions"]) == [world.subscription]
    assert kuu_world.subscription.url not in page.content.decode()


# --- Forms, secret, test button, log ------------------------------------------------------------------


def test_create_a_webhook_and_see_it_listed(owner_client, organization, receiver, owner):
    page = owner_client.post(
        f"{BASE}new/",
        {"url": receiver.url, "events": ["response.created", "response.detractor"]},
        follow=True,
    )

    subscription = WebhookSubscription.objects.get()
    assert page.redirect_chain[-1][0] == f"{BASE}{subscription.pk}/"
    assert (subscription.events, subscription.created_by, subscription.status) == (
        ["response.created", "response.detractor"], owner, "active"
    )  # fmt: skip
    assert subscription.secret not in page.content.decode()
    assert receiver.url in owner_client.get(BASE).content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.fi/hook", "Enter a full address that starts with https://."),
        ("http://example.fi/hook", "Use an https:// address, so that nobody can read the events on the way."),
        ("https://user:pw@example.fi/hook", "Leave the user name and password out of the address."),
        ("https://127.0.0.1/hook", "This address points to a private network; use a public address."),
        ("https://10.1.2.3/hook", "This address points to a private network; use a public address."),
        (
            "https://169.254.169.254/latest/meta-data",
            "This address points to a private network; use a public address.",
        ),
        ("https://[::1]/hook", "This address points to a private network; use a public address."),
        ("https://localhost/hook", "This address points to a private network; use a public address."),
        ("https://name.invalid/hook", "The host name of this address cannot be found."),
    ],
)
def test_addresses_refused_in_production_say_why_and_keep_what_was_typed(
    settings, owner_client, organization, url, message
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    page = owner_client.post(
        f"{BASE}new/", {"url": url, "events": ["customer.churned"], "description": "Kassa"}
    )

    assert page.status_code == 200
    assert page.context["form"].errors["url"] == [message]
    assert page.context["form"]["description"].value() == "Kassa"
    assert page.context["form"]["url"].value() == url
    assert WebhookSubscription.objects.count() == 0


def test_a_name_resolving_to_a_private_address_is_refused(settings):
    """localhost resolves to 127.0.0.1: the name does not hide the address."""
    from django.core.exceptions import ValidationError

    from hymy.webhooks.addresses import url_check

    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError):
        url_check("https://localhost.localdomain./hook")
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert url_check("http://127.0.0.1:8000/hook")[2] == ["127.0.0.1"]


def test_a_webhook_needs_an_event(owner_client, organization, receiver):
    page = owner_client.post(f"{BASE}new/", {"url": receiver.url})

    assert page.status_code == 200
    assert "events" in page.context["form"].errors
    assert WebhookSubscription.objects.count() == 0


def test_an_unknown_event_is_refused(owner_client, organization, receiver):
    page = owner_client.post(f"{BASE}new/", {"url": receiver.url, "events": ["webhook.test"]})

    assert "events" in page.context["form"].errors


def test_the_secret_is_shown_on_request_and_can_be_replaced(world, owner_client):
    detail = owner_client.get(f"{BASE}{world.subscription.pk}/")
    assert world.subscription.secret not in detail.content.decode()

    shown = owner_client.post(f"{BASE}{world.subscription.pk}/secret/", {"action": "show"})
    assert world.subscription.secret in shown.content.decode()
    assert shown["Cache-Control"] == "no-store"

    rotated = owner_client.post(f"{BASE}{world.subscription.pk}/secret/", {"action": "rotate"})
    world.subscription.refresh_from_db()
    assert world.subscription.secret in rotated.content.decode()
    assert "The old one no longer signs anything" in rotated.content.decode()


def test_send_a_test_event_from_the_page(world, owner_client):
    page = owner_client.post(f"{BASE}{world.subscription.pk}/test/", follow=True)

    assert messages_of(page)[0].startswith("Test event delivered: HTTP 200 in ")
    assert world.receiver.events == ["webhook.test", "webhook.test"]
    assert all(request.signature_valid for request in world.receiver.requests)


def test_a_failing_test_event_says_what_the_receiver_answered(world, owner_client):
    world.receiver.answers = [404]

    page = owner_client.post(f"{BASE}{world.subscription.pk}/test/", follow=True)

    assert messages_of(page) == ["The test event was not delivered: the receiver answered HTTP 404."]


def test_the_log_shows_status_time_and_attempts_and_redeliver_sends_again(world, owner_client):
    log = owner_client.get(f"{BASE}{world.subscription.pk}/")
    assert list(log.context["page"]) == [world.delivery]
    html = log.content.decode()
    assert "webhook.test" in html and "Delivered" in html and " ms" in html

    page = owner_client.post(f"{BASE}deliveries/{world.delivery.pk}/redeliver/", follow=True)

    assert messages_of(page) == ["Delivered again: HTTP 200."]
    assert [a.number for a in page.context["attempts"]] == [1, 2]
    assert len(world.receiver.requests) == 2
    assert "This is a test event from Hymy." in page.content.decode()


def test_pause_resume_edit_and_delete(world, owner_client):
    url = f"{BASE}{world.subscription.pk}/"

    owner_client.post(f"{url}status/", {"status": "paused"})
    world.subscription.refresh_from_db()
    assert (world.subscription.status, world.subscription.paused_by) == (
        "paused",
        world.members["owner"].user,
    )
    assert "Paused by Olli Omistaja on " in owner_client.get(url).content.decode()
    owner_client.post(f"{url}status/", {"status": "active"})
    world.subscription.refresh_from_db()
    assert world.subscription.status == "active"
    owner_client.post(f"{url}edit/", {"url": world.receiver.url, "events": ["response.detractor"]})
    world.subscription.refresh_from_db()
    assert world.subscription.events == ["response.detractor"]
    page = owner_client.post(f"{url}delete/", follow=True)
    assert WebhookSubscription.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0
    assert messages_of(page)[-1] == f"Webhook {world.receiver.url} deleted."


def test_the_pages_speak_finnish(world, client_for, owner):
    owner.language = "fi"
    owner.save()
    page = client_for(owner).get(BASE)

    assert "Uusi webhook" in page.content.decode()


@given(address=st.ip_addresses(v=4) | st.ip_addresses(v=6))
@settings_(max_examples=300, deadline=None)
def test_in_production_only_public_ip_addresses_are_accepted(address):
    from django.core.exceptions import ValidationError
    from django.test import override_settings

    from hymy.webhooks.addresses import url_check

    host = f"[{address}]" if address.version == 6 else str(address)
    public = address.is_global and not address.is_multicast
    if address.version == 6 and address.ipv4_mapped is not None:
        public = address.ipv4_mapped.is_global and not address.ipv4_mapped.is_multicast
    with override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False):
        try:
            url_check(f"https://{host}/hook", resolve=False)
        except ValidationError:
            accepted = False
        else:
            accepted = True
    assert accepted == public
