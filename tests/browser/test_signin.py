"""Signing in and moving between one's organisations."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_lists_organisations_and_header_switches_between_them(
    page, live_server, user_with_two_organizations
):
    user, first, second = user_with_two_organizations

    sign_in(page, user.email)

    # With two organisations the user lands on the list of them.
    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
    cards = page.locator("ul.cards li.card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Kahvila Aalto")
    expect(cards.nth(0)).to_contain_text("Owner")
    expect(cards.nth(1)).to_contain_text("Pyörähuolto Oy")
    expect(page.locator(".topbar .who")).to_have_text("Aino Aaltonen")

    page.get_by_role("link", name="Kahvila Aalto").click()
    expect(page).to_have_url(f"{live_server.url}/o/{first.slug}/")
    expect(page.locator("main h1")).to_have_text("Kahvila Aalto")

    # The header switcher names the current organisation and offers the other one.
    switcher = page.locator("header details.switcher")
    expect(switcher.locator("summary")).to_have_text("Kahvila Aalto")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="Pyörähuolto Oy").click()
    expect(page).to_have_url(f"{live_server.url}/o/{second.slug}/")
    expect(page.locator("main h1")).to_have_text("Pyörähuolto Oy")
    expect(switcher.locator("summary")).to_have_text("Pyörähuolto Oy")
    expect(page).to_have_title(re.compile("Pyörähuolto Oy"))

    # And back again.
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="Kahvila Aalto").click()
    expect(page).to_have_url(f"{live_server.url}/o/{first.slug}/")
    expect(page.locator("main h1")).to_have_text("Kahvila Aalto")


def test_wrong_password_is_refused_with_a_message(page, live_server, user_with_two_organizations):
    user, _first, _second = user_with_two_organizations

    sign_in(page, user.email, "not-the-password")

    expect(page).to_have_url(f"{live_server.url}/login/")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct e-mail and password.")
    expect(page.locator("#id_username")).to_have_value(user.email)
