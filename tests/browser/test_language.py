"""Switching the interface between Finnish and English, and dates written the local way."""

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_switch_between_finnish_and_english(page, open_page, live_server, finnish_user_with_customer):
    user, organization, customer = finnish_user_with_customer
    sign_in(page, user.email)
    detail_url = f"{live_server.url}/o/{organization.slug}/customers/{customer.pk}/"
    page.goto(detail_url)

    html = page.locator("html")
    details = page.locator("dl.details")
    nav = page.locator("nav.mainnav")
    # Finnish, the user's own language: Finnish words and Finnish dates.
    expect(html).to_have_attribute("lang", "fi")
    expect(nav.get_by_role("link").nth(1)).to_have_text("Asiakkaat")
    expect(details).to_contain_text("24.11.2026")
    expect(details.locator("dd").nth(2)).to_have_text("suomi")
    expect(page.get_by_role("button", name="In English")).to_be_visible()

    page.get_by_role("button", name="In English").click()
    expect(page).to_have_url(detail_url)
    expect(html).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link").nth(1)).to_have_text("Customers")
    expect(details).to_contain_text("24 Nov 2026")
    expect(details).not_to_contain_text("24.11.2026")
    expect(details.locator("dd").nth(2)).to_have_text("Finnish")

    page.get_by_role("button", name="Suomeksi").click()
    expect(page).to_have_url(detail_url)
    expect(html).to_have_attribute("lang", "fi")
    expect(nav.get_by_role("link").nth(1)).to_have_text("Asiakkaat")
    expect(details).to_contain_text("24.11.2026")
    expect(details.locator("dd").nth(2)).to_have_text("suomi")
    expect(page.get_by_role("button", name="In English")).to_be_visible()

    # The choice is kept on the account, not only in this browser: signed in afresh from a browser
    # that asks for Finnish, the user who chose English gets English, with English dates.
    page.get_by_role("button", name="In English").click()
    expect(html).to_have_attribute("lang", "en")
    finnish_browser = open_page(locale="fi-FI")
    finnish_browser.goto("/login/")
    expect(finnish_browser.locator("html")).to_have_attribute("lang", "fi")
    sign_in(finnish_browser, user.email)
    expect(finnish_browser).to_have_url(f"{live_server.url}/o/{organization.slug}/")
    expect(finnish_browser.locator("html")).to_have_attribute("lang", "en")
    expect(finnish_browser.locator("main")).to_contain_text("24 Nov 2026")
