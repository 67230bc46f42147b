"""A customer's data request and erasure, both driven by the declarations and both logged."""

import datetime
import json

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from hymy.customers import services as customer_services
from hymy.customers.models import Customer, CustomerChange, Encounter, Note, Purchase
from hymy.insights.selectors import METRICS_BY_KEY, Period, histogram
from hymy.privacy import pdf as privacy_pdf
from hymy.privacy import services
from hymy.privacy.choices import PrivacyRequestKind
from hymy.privacy.models import PrivacyRequest
from hymy.surveys.models import Answer, Invitation, Response
from hymy.tenancy import services as tenancy_services
from hymy.tenancy.choices import Role

from .conftest import EMAIL, NAME, PHONE, customer_figures, figures, search_everywhere
from .pdftext import pdf_text

BASE = "/o/aurinko/privacy/"


def test_the_customers_data_is_everywhere_before_erasure(rich_customer):
    """The search is real: before erasure it finds the person in many tables."""
    hits = search_everywhere(EMAIL, PHONE, NAME)
    tables = {hit.split(".")[0] + "." + hit.split(".")[1].split(" ")[0] for hit in hits}

    assert {"customers.Customer", "customers.CustomerChange", "surveys.OutboxMessage"} <= {
        ".".join(t.split(".")[:2]) for t in tables
    }
    assert any("surveys.Answer" in hit for hit in hits)


def test_erasure_leaves_no_personal_data_and_the_figures_unchanged(world, owner_membership):
    before = figures(world.organization, owner_membership)
    before_through_customer = customer_figures(world.organization, owner_membership)
    responses = Response.objects.filter(customer=world.customer).count()
    # The figures are not trivial: the erased customer (score 3) is the tag cut and one of the stayers.
    assert before_through_customer["tag_nps"] == {3: 1}
    assert "stayers_histogram={3:1," in before_through_customer["stayers_and_leavers"].replace(" ", "")

    request = services.customer_erase(
        organization=world.organization,
        actor=world.owner,
        membership=owner_membership,
        customer=world.customer,
    )

    assert (
        search_everywhere(EMAIL, PHONE, NAME, "040 123 4567", "Maikki", "CRM-991", "kahvi oli kylmää") == []
    )
    assert figures(world.organization, owner_membership) == before
    assert customer_figures(world.organization, owner_membership) == before_through_customer
    customer = Customer.objects.get(pk=world.customer.pk)
    with translation.override("fi"):  # the organisation's language
        assert customer.name == gettext("Erased %(what)s") % {"what": gettext("customer")}
    assert (customer.email, customer.phone, customer.attributes, customer.needs_and_wishes) == (
        "",
        "",
        {},
        "",
    )
    # Tags are the organisation's segment labels: they stay on the shell (customers/privacy.py).
    assert list(customer.tags.values_list("name", flat=True)) == ["VIP"] and not customer.marketing_consent
    assert Encounter.objects.filter(customer=customer).count() == 2  # kept, summaries scrubbed
    assert set(Encounter.objects.filter(customer=customer).values_list("summary", flat=True)) == {""}
    assert Purchase.objects.filter(customer=customer).count() == 1
    assert Invitation.objects.filter(customer=customer).count() == 1
    assert Note.objects.filter(customer=customer).count() == 0
    assert list(CustomerChange.objects.filter(customer=customer).values_list("action", flat=True)) == [
        "erased"
    ]
    # Responses stay on the anonymous shell with no free text; the scores stay in the figures.
    assert Response.objects.filter(customer=customer).count() == responses
    assert Answer.objects.filter(response__customer=customer, score=3, followup_text="").count() == 1
    assert request.kind == PrivacyRequestKind.ERASURE and request.actor == world.owner
    assert request.rows["customers.customer"] == 1
    assert request.rows["surveys.response"] == responses
    assert request.rows["surveys.outboxmessage"] == 1  # the invitation's e-mail


def test_an_attribute_cut_loses_the_erased_customer(world, owner_membership):
    """Custom attributes may identify the person (a birthday, a membership number): they are erased,
    so a cut by them no longer finds the erased customer's answers — said so in the docs."""
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=365), today)
    cut = {"organization": world.organization, "membership": owner_membership, "period": period}
    nps = METRICS_BY_KEY["nps"]
    assert histogram(**cut, spec=nps, attribute=("postal_code", "00100")) == {3: 1}

    services.customer_erase(organization=world.organization, actor=world.owner, customer=world.customer)

    assert histogram(**cut, spec=nps, attribute=("postal_code", "00100")) == {}
    assert histogram(**cut, spec=nps, tag="VIP") == {3: 1}


def test_a_data_request_holds_every_row_of_every_app(world, owner_client):
    page = owner_client.get(f"{BASE}customers/{world.customer.pk}/", {"format": "json"})

    assert page.status_code == 200
    assert page["Content-Disposition"].startswith("attachment;")
    data = json.loads(page.content)["data"]
    assert data["customers.customer"][0]["email"] == EMAIL
    assert data["customers.customer"][0]["tags"] == ["VIP"]
    assert len(data["customers.encounter"]) == 2
    assert data["customers.note"][0]["body"] == "Soitettu Maijalle 040 123 4567"
    assert data["customers.purchase"][0]["external_id"] == "ORDER-77"
    assert len(data["customers.customerchange"]) == 3
    assert any("kahvi oli kylmää" in answer["followup_text"] for answer in data["surveys.answer"])
    assert len(data["surveys.invitation"]) == 1
    assert {message["recipient"] for message in data["surveys.outboxmessage"]} == {EMAIL}
    assert len(data["customers.detailsupdaterequest"]) == 1
    log = PrivacyRequest.objects.get()
    assert (log.kind, log.file_format, log.actor, log.customer) == (
        "export",
        "json",
        world.owner,
        world.customer,
    )
    assert log.rows["customers.encounter"] == 2


def test_the_data_request_downloads_as_a_readable_pdf_in_the_users_language(world, owner, owner_client):
    tenancy_services.user_language_set(user=owner, language="fi")

    page = owner_client.get(f"{BASE}customers/{world.customer.pk}/", {"format": "pdf"})

    assert page.status_code == 200
    assert page["Content-Type"] == "application/pdf"
    assert page["Content-Disposition"].startswith(f'attachment; filename="customer-{world.customer.pk}-data-')
    pdf = page.content
    assert pdf.startswith(b"%PDF-1.") and pdf.rstrip().endswith(b"%%EOF")
    assert b"DejaVuSans" in pdf  # a font with every Finnish and Swedish letter, embedded
    text = pdf_text(pdf)
    with translation.override("fi"):
        title = gettext("Everything we hold about %(name)s") % {"name": NAME}
        headings = [gettext("purchases"), gettext("encounters"), gettext("notes")]
    assert title in text and title != f"Everything we hold about {NAME}"
    for heading in headings:
        assert f"{heading[:1].upper()}{heading[1:]} (" in text  # model by model, in Finnish
    for value in (NAME, EMAIL, "ORDER-77", "Kaurakaakao", "12,50", "Soitettu Maijalle 040 123 4567"):
        assert value in text
    assert "Maikki" in text  # the custom attributes too
    log = PrivacyRequest.objects.get()
    assert (log.kind, log.file_format, log.actor, log.customer) == ("export", "pdf", owner, world.customer)
    assert log.rows["customers.purchase"] == 1


def test_a_value_longer_than_a_page_flows_onto_the_next_pages(world, owner_client):
    long_note = "\n".join(f"Rivi {number}: asiakas soitti ja kertoi toiveistaan." for number in range(300))
    customer_services.note_create(
        organization=world.organization, actor=world.owner, customer=world.customer, body=long_note
    )
    long_line = " ".join(["kauramaito"] * 900)
    customer_services.note_create(
        organization=world.organization, actor=world.owner, customer=world.customer, body=long_line
    )

    page = owner_client.get(f"{BASE}customers/{world.customer.pk}/", {"format": "pdf"})

    assert page.status_code == 200
    text = pdf_text(page.content)
    assert "Rivi 0:" in text and "Rivi 299: asiakas soitti" in text
    assert text.count("kauramaito") >= 900


def test_the_pdf_is_made_without_dejavu_too(world, owner_client, monkeypatch):
    """On a machine without Debian's fonts-dejavu: reportlab's Helvetica, which has ä, ö and å."""
    monkeypatch.setattr(privacy_pdf, "has_dejavu", lambda: False)
    privacy_pdf._fonts.cache_clear()
    try:
        page = owner_client.get(f"{BASE}customers/{world.customer.pk}/", {"format": "pdf"})
    finally:
        privacy_pdf._fonts.cache_clear()

    assert b"/BaseFont /Helvetica-Bold" in page.content and b"DejaVu" not in page.content
    assert NAME in pdf_text(page.content)


def test_the_readable_data_page_shows_everything_and_prints(world, owner_client):
    page = owner_client.get(f"{BASE}customers/{world.customer.pk}/")
    html = page.content.decode()

    assert page.status_code == 200
    for text in (NAME, EMAIL, "Maikki", "ovikoodi 1234", "Soitettu Maijalle", "kahvi oli kylmää", "ORDER-77"):
        assert text in html
    assert "@media print" in html
    assert 'href="?format=json"' in html and 'href="?format=pdf"' in html
    assert PrivacyRequest.objects.get().file_format == "html"


def test_erasing_through_the_page_needs_the_confirmation(world, owner_client):
    url = f"{BASE}customers/{world.customer.pk}/erase/"

    refused = owner_client.post(url, {})
    assert refused.status_code == 400
    assert "Tick the box to confirm the erasure." in refused.content.decode()
    assert Customer.objects.get(pk=world.customer.pk).email == EMAIL

    done = owner_client.post(url, {"confirm": "on"}, follow=True)
    assert done.redirect_chain[-1][0] == f"/o/aurinko/customers/{world.customer.pk}/"
    assert "The customer&#x27;s personal data was erased." in done.content.decode()
    assert search_everywhere(EMAIL, PHONE, NAME) == []
    log = owner_client.get(BASE).content.decode()
    assert "Erasure" in log and "Poistettu asiakas" in log  # the erased name, in the organisation's Finnish


@pytest.mark.parametrize("role", [Role.AGENT, Role.ANALYST, Role.VIEWER, Role.PARTNER])
def test_only_owners_and_admins_handle_personal_data(role, world, client_for):
    client = client_for(world.members[role].user)

    for url in (BASE, f"{BASE}customers/{world.customer.pk}/", f"{BASE}customers/{world.customer.pk}/erase/"):
        assert client.get(url).status_code == 403
        assert client.post(url, {"confirm": "on", "responses_years": "2"}).status_code == 403
    assert Customer.objects.get(pk=world.customer.pk).email == EMAIL
    assert PrivacyRequest.objects.count() == 0


def test_admin_may_erase(world, client_for):
    client = client_for(world.members[Role.ADMIN].user)

    assert client.post(f"{BASE}customers/{world.customer.pk}/erase/", {"confirm": "on"}).status_code == 302
    assert PrivacyRequest.objects.get().actor == world.members[Role.ADMIN].user


def test_another_organisations_customer_is_404(world, owner_client, other):
    for suffix in ("", "erase/"):
        url = f"{BASE}customers/{other.customer.pk}/{suffix}"
        assert owner_client.get(url).status_code == 404
        assert owner_client.post(url, {"confirm": "on"}).status_code == 404
    assert Customer.objects.get(pk=other.customer.pk).name == "Kalle Kuunasukas"
    assert PrivacyRequest.objects.count() == 0


def test_erasing_twice_changes_nothing_more(world, owner_membership):
    services.customer_erase(organization=world.organization, actor=world.owner, customer=world.customer)
    after_first = figures(world.organization, owner_membership)

    services.customer_erase(organization=world.organization, actor=world.owner, customer=world.customer)

    assert figures(world.organization, owner_membership) == after_first
    assert PrivacyRequest.objects.filter(kind="erasure").count() == 2
