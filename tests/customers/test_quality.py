"""The data-quality page: the lists of problems, bulk changes, downloads, and the customer's own link
for correcting their details (a real e-mail through a real SMTP server)."""

import datetime
import email
import email.policy
import re
import socket

import pytest
from django.utils import timezone, translation

from hymy.customers import services as customer_services
from hymy.customers.models import Customer, CustomerChange, DetailsUpdateRequest
from hymy.tenancy.choices import Role

BASE = "/o/aurinko/customers/quality/"


def _make(organization, owner, name, **fields):
    return customer_services.customer_create(organization=organization, actor=owner, name=name, **fields)


@pytest.fixture
def register(organization, owner):
    people = {
        "nobody": _make(organization, owner, "Ei Yhteystietoja"),
        "consenting": _make(
            organization,
            owner,
            "Saa Kysyä",
            email="saa@example.fi",
            survey_consent=True,
            survey_consent_source="in_person",
            verified_at=timezone.now() - datetime.timedelta(days=30),
        ),  # fmt: skip
        "old": _make(
            organization,
            owner,
            "Vanha Tieto",
            phone="040 765 4321",
            verified_at=timezone.now() - datetime.timedelta(days=800),
        ),  # fmt: skip
        "broken": _make(organization, owner, "Rikki Osoite", email="rikki@example.fi"),
    }
    # An address that slipped in before validation (an old import): stored as it came.
    Customer.objects.filter(pk=people["broken"].pk).update(email="rikki(at)example", phone="12")
    return people


def _names(page) -> list[str]:
    return [customer.name for customer in page.context["page"]]


def test_each_list_shows_the_customers_with_that_problem(owner_client, register):
    counts = owner_client.get(BASE).context["counts"]

    assert counts == {"no_contact": 1, "no_consent": 3, "not_verified": 3, "invalid": 1}
    assert _names(owner_client.get(BASE, {"list": "no_contact"})) == ["Ei Yhteystietoja"]
    assert _names(owner_client.get(BASE, {"list": "invalid"})) == ["Rikki Osoite"]
    assert _names(owner_client.get(BASE, {"list": "not_verified"})) == [
        "Ei Yhteystietoja",
        "Rikki Osoite",
        "Vanha Tieto",
    ]
    # Counting from 36 months, the details checked 800 days ago are recent enough.
    assert "Vanha Tieto" not in _names(owner_client.get(BASE, {"list": "not_verified", "months": "36"}))


def test_a_list_downloads_as_csv(owner_client, register):
    download = owner_client.get(BASE, {"list": "no_contact", "export": "csv"})

    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    body = download.content.decode("utf-8-sig")
    assert "Ei Yhteystietoja" in body and "Saa Kysyä" not in body


def test_bulk_tagging_records_each_change_in_the_history(owner_client, register, owner):
    ticked = [register["nobody"].pk, register["old"].pk]

    page = owner_client.post(
        f"{BASE}?list=not_verified", {"list": "not_verified", "action": "add_tag", "tag": "Tarkista", "customer": ticked},
        follow=True,
    )  # fmt: skip

    assert "2 customers changed." in page.content.decode()
    for pk in ticked:
        customer = Customer.objects.get(pk=pk)
        assert [tag.name for tag in customer.tags.all()] == ["Tarkista"]
        change = customer.changes.first()
        assert (change.action, change.actor, change.changes["tags"]) == ("updated", owner, [[], ["Tarkista"]])
    assert not register["broken"].tags.exists()


def test_bulk_consent_needs_its_source_and_keeps_the_ticks(owner_client, register):
    ticked = str(register["nobody"].pk)

    page = owner_client.post(
        BASE, {"list": "no_consent", "action": "give_survey_consent", "customer": [ticked]}
    )

    assert page.status_code == 400
    assert "Say how the consent was given." in page.content.decode()
    assert f'value="{ticked}" aria-label="Ei Yhteystietoja" checked' in page.content.decode()
    assert not Customer.objects.get(pk=ticked).survey_consent

    owner_client.post(
        BASE,
        {
            "list": "no_consent",
            "action": "give_survey_consent",
            "consent_source": "phone",
            "customer": [ticked],
        },
    )
    customer = Customer.objects.get(pk=ticked)
    assert (customer.survey_consent, customer.survey_consent_source) == (True, "phone")


def test_bulk_change_of_another_organisations_customer_is_refused(owner_client, register, other):
    page = owner_client.post(BASE, {"action": "add_tag", "tag": "X", "customer": [other.customer.pk]})

    assert page.status_code == 400
    assert "Choose customers from the list." in page.content.decode()
    assert not other.customer.tags.exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.PARTNER])
def test_roles_that_do_not_change_customers_have_no_quality_page(role, client_for, members, register):
    client = client_for(members[role].user)

    assert client.get(BASE).status_code == 403
    assert (
        client.post(BASE, {"action": "add_tag", "tag": "X", "customer": [register["old"].pk]}).status_code
        == 403
    )
    assert not register["old"].tags.exists()


# --- The customer's own link ---------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.HYMY_BASE_URL = "http://testserver"
    yield inbox
    controller.stop()


@pytest.fixture
def link(owner_client, register, smtp_inbox, django_capture_on_commit_callbacks):
    """Staff ask Saa Kysyä to check her details; the e-mail goes by SMTP; the link is read from it."""
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            BASE, {"action": "ask_update", "customer": [register["consenting"].pk, register["nobody"].pk]}
        )
    (envelope,) = smtp_inbox.envelopes  # the customer without an address is skipped
    assert envelope.rcpt_tos == ["saa@example.fi"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == "Kahvila Aurinko: ovatko tietosi ajan tasalla?"  # in the customer's Finnish
    (url,) = re.findall(r"http://testserver(/details/\S+/)", message.get_body().get_content())
    return url


def test_the_customer_corrects_their_own_details_through_the_link(client, link, register):
    form = client.get(link)
    assert form.status_code == 200
    assert 'value="saa@example.fi"' in form.content.decode()

    bad = client.post(
        link, {"name": "Saara Kysyjä", "email": "ei-osoite", "phone": "", "survey_consent": "on"}
    )
    assert bad.status_code == 400
    assert 'value="Saara Kysyjä"' in bad.content.decode()  # what was typed stays
    assert Customer.objects.get(pk=register["consenting"].pk).name == "Saa Kysyä"

    done = client.post(
        link,
        {
            "name": "Saara Kysyjä",
            "email": "saara@example.fi",
            "phone": "040 111 2222",
            "marketing_consent": "on",
        },
    )
    assert done.status_code == 200
    customer = Customer.objects.get(pk=register["consenting"].pk)
    assert (customer.name, customer.email, customer.phone) == (
        "Saara Kysyjä",
        "saara@example.fi",
        "+358401112222",
    )
    assert (customer.survey_consent, customer.marketing_consent, customer.marketing_consent_source) == (
        False, True, "web_form",
    )  # fmt: skip
    assert customer.verified_at > timezone.now() - datetime.timedelta(minutes=1)
    change = CustomerChange.objects.filter(customer=customer).first()
    assert (change.action, change.actor) == ("customer", None)
    with translation.override("en"):
        assert change.get_action_display() == "Updated by the customer"
    # Used once: the same link no longer opens.
    assert client.get(link).status_code == 404


def test_an_expired_or_unknown_link_shows_the_same_page(client, link):
    DetailsUpdateRequest.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    expired, unknown = client.get(link), client.get("/details/arvattu-tunniste/")

    assert expired.status_code == unknown.status_code == 404
    assert expired.content == unknown.content


def test_the_link_page_is_rate_limited(client, link):
    answers = [client.post(link, {"name": "", "email": "x"}).status_code for _ in range(21)]

    assert answers[:20] == [400] * 20
    assert answers[20] == 429


def test_the_token_is_stored_only_as_its_hash(link):
    token = link.strip("/").split("/")[-1]

    assert not DetailsUpdateRequest.objects.filter(token_digest=token).exists()
    assert DetailsUpdateRequest.objects.count() == 1
