"""Keeping the register true in the browser: reviewing and merging a duplicate pair (and undoing it),
and erasing a customer on their request."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_review_merge_and_undo_a_duplicate_pair(page, live_server, shop):
    from django.utils import timezone

    from hymy.customers.models import Customer, Encounter
    from hymy.customers.services import customer_create, encounter_create

    organization, user = shop["organization"], shop["user"]
    first = customer_create(
        organization=organization, actor=user, name="Maija Virtanen", email="maija@example.fi"
    )
    second = customer_create(
        organization=organization,
        actor=user,
        name="maija virtanen",
        email="MAIJA@example.fi",
        phone="040 123 4567",
    )
    encounter_create(
        organization=organization, actor=user, customer=second, touchpoint=shop["touchpoint"],
        started_at=timezone.now() - datetime.timedelta(hours=1), summary="Kävi kassalla",
    )  # fmt: skip
    sign_in(page, user.email)

    page.locator("nav.mainnav").get_by_role("link", name="Customers").click()
    page.get_by_role("link", name="Likely duplicates").click()
    row = page.locator("#duplicates tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Same e-mail address")
    row.get_by_role("link", name="Review").click()

    expect(page.get_by_role("heading", name="Review a likely duplicate")).to_be_visible()
    # The phone only the second one has is chosen already; keep the first one's name.
    expect(page.locator('input[name="field_phone"][value="absorbed"]')).to_be_checked()
    page.locator('input[name="field_name"][value="kept"]').check()
    page.locator("#merge-button").click()

    expect(page.locator(".messages")).to_contain_text("maija virtanen was merged into Maija Virtanen")
    expect(page.locator("h1")).to_contain_text("Maija Virtanen")
    expect(page.locator(".timeline")).to_contain_text("Kävi kassalla")
    kept = Customer.objects.get(pk=first.pk)
    assert (kept.phone, Customer.objects.filter(pk=second.pk).exists()) == ("+358401234567", False)
    assert Encounter.objects.get().customer_id == first.pk

    page.locator("#merges").get_by_role("button", name="Undo merge").click()
    expect(page.locator(".messages")).to_contain_text("The merge was undone")
    assert Customer.objects.get(pk=second.pk).phone == "+358401234567"
    assert Customer.objects.get(pk=first.pk).phone == ""
    assert Encounter.objects.get().customer_id == second.pk


def test_erase_a_customer_on_their_request(page, live_server, shop):
    from hymy.customers.models import Customer
    from hymy.customers.services import customer_create, note_create
    from hymy.privacy.models import PrivacyRequest

    organization, user = shop["organization"], shop["user"]
    customer = customer_create(
        organization=organization, actor=user, name="Erkki Esimerkki", email="erkki@example.fi",
        phone="050 111 2233", needs_and_wishes="Erkki haluaa hiljaisen huoneen",
    )  # fmt: skip
    note_create(organization=organization, actor=user, customer=customer, body="Erkki soitti")
    sign_in(page, user.email)

    page.goto(f"/o/{organization.slug}/customers/{customer.pk}/")
    page.locator("main").get_by_role("link", name="Personal data").click()
    expect(page.get_by_role("heading", name="Everything we hold about Erkki Esimerkki")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Erkki soitti")
    expect(page.get_by_role("link", name="Download as JSON")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(7) == b"%PDF-1."

    page.get_by_role("link", name="Erase…").click()
    page.get_by_label("I understand that the customer's personal data is removed for good").check()
    page.get_by_role("button", name="Erase for good").click()

    expect(page.locator(".messages")).to_contain_text("The customer's personal data was erased.")
    expect(page.locator("h1")).to_contain_text("Erased customer")
    expect(page.locator("main")).not_to_contain_text("Erkki")
    # The page says the person was erased and offers nothing that would write about them again.
    expect(page.locator("#erased")).to_contain_text("personal data was erased on")
    expect(page.locator("h1 .badge")).to_have_text("Erased")
    expect(page.locator("main").get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.locator("main").get_by_role("link", name="Merge a duplicate")).to_have_count(0)
    expect(page.get_by_role("button", name="Save note")).to_have_count(0)
    erased = Customer.objects.get(pk=customer.pk)
    assert (erased.email, erased.phone, erased.needs_and_wishes) == ("", "", "")
    assert list(PrivacyRequest.objects.values_list("kind", "file_format").order_by("pk")) == [
        ("export", "html"),
        ("export", "pdf"),
        ("erasure", ""),
    ]

    page.locator("nav.mainnav").get_by_role("link", name="Personal data").click()
    expect(page.locator("#privacy-log tbody tr")).to_have_count(3)
    expect(page.locator("#privacy-log")).to_contain_text("Erasure")
