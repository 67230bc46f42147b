"""A customer from the first keystroke to their timeline."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

NEEDS = "Prefers morning appointments.\nComes with a wheelchair: use the ground-floor studio."


def test_create_customer_fix_email_then_record_encounter_and_note(page, live_server, shop):
    organization = shop["organization"]
    sign_in(page, shop["user"].email)
    expect(page).to_have_url(f"{live_server.url}/o/{organization.slug}/")

    page.locator("nav.mainnav").get_by_role("link", name="Customers").click()
    page.get_by_role("link", name="New customer").click()
    expect(page.get_by_role("heading", name="New customer")).to_be_visible()

    page.locator("#id_name").fill("Maija Virtanen")
    page.locator("#id_email").fill("maija.virtanen(at)example.fi")
    page.locator("#id_phone").fill("040 123 4567")
    page.locator("#id_needs_and_wishes").fill(NEEDS)
    page.get_by_role("button", name="Save", exact=True).click()

    # The error sits with the e-mail field, and nothing typed is lost.
    expect(page.get_by_role("alert")).to_contain_text("Nothing you typed has been lost")
    email = page.locator("#id_email")
    expect(email).to_have_attribute("aria-invalid", "true")
    email_group = email.locator("xpath=..")
    expect(email_group.locator(".errorlist")).to_have_text(
        "Enter a valid e-mail address, like name@example.fi."
    )
    expect(page.locator(".errorlist")).to_have_count(1)
    expect(email).to_have_value("maija.virtanen(at)example.fi")
    expect(page.locator("#id_name")).to_have_value("Maija Virtanen")
    expect(page.locator("#id_phone")).to_have_value("040 123 4567")
    expect(page.locator("#id_needs_and_wishes")).to_have_value(NEEDS)

    email.fill("Maija.Virtanen@Example.FI")
    page.get_by_role("button", name="Save", exact=True).click()

    # The customer page: needs and wishes first, the phone in international form.
    expect(page).to_have_url(re.compile(rf"/o/{organization.slug}/customers/\d+/$"))
    expect(page.locator("main h1")).to_contain_text("Maija Virtanen")
    expect(page.locator(".messages")).to_contain_text("Customer Maija Virtanen saved.")
    needs = page.get_by_role("complementary", name="Needs and wishes")
    expect(needs).to_contain_text("Prefers morning appointments.")
    expect(needs).to_contain_text("use the ground-floor studio.")
    details = page.locator("dl.details")
    expect(details).to_contain_text("+358 40 1234567")
    expect(details).to_contain_text("Maija.Virtanen@example.fi")
    customer_url = page.url

    # On the list, and found by a search (which leaves the other customer out).
    page.locator("nav.mainnav").get_by_role("link", name="Customers").click()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Maija Virtanen")).to_contain_text("+358 40 1234567")
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("virtanen")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=virtanen"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Maija Virtanen")
    search.get_by_role("searchbox").fill("040 123")
    search.get_by_role("button", name="Search").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Maija Virtanen")
    rows.first.get_by_role("link", name="Maija Virtanen").click()
    expect(page).to_have_url(customer_url)

    # An encounter at a touchpoint, then a note: both on the timeline, the newest first.
    duplicate_ids = page.evaluate(
        "() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
        " return ids.filter((id, i) => ids.indexOf(id) !== i); }"
    )
    assert duplicate_ids == [], "every label on the page must name its own field"
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_text(["Nothing has happened with this customer yet."])
    encounter_form = page.locator("form[action$='/encounters/']")
    encounter_form.get_by_label("Touchpoint").select_option(label="Checkout")
    encounter_form.get_by_label("Outcome").select_option(index=0)
    encounter_form.get_by_label("What happened").fill("Paid for the portrait session by card.")
    encounter_form.get_by_role("button", name="Record encounter").click()
    expect(page.locator(".messages")).to_contain_text("Encounter recorded.")
    expect(timeline).to_have_count(1)

    page.locator("details > summary", has_text="Note").click()
    note_form = page.locator("form[action$='/notes/']")
    note_form.get_by_label("Note").fill("Wants the prints before Christmas.")
    note_form.get_by_role("button", name="Save note").click()
    expect(page.locator(".messages")).to_contain_text("Note saved.")

    expect(timeline).to_have_count(2)
    expect(timeline.nth(0)).to_have_class(re.compile(r"\bentry-note\b"))
    expect(timeline.nth(0)).to_contain_text("Wants the prints before Christmas.")
    expect(timeline.nth(0)).to_contain_text("Eero Esimerkki")
    expect(timeline.nth(1)).to_have_class(re.compile(r"\bentry-encounter\b"))
    expect(timeline.nth(1)).to_contain_text("Checkout")
    expect(timeline.nth(1)).to_contain_text("Paid for the portrait session by card.")
