"""Building the journey map: stages as columns, touchpoints in them, and their priority order."""

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


def _priority_names(page) -> list[str]:
    return page.locator("ol.priority-list > li > a").all_inner_texts()


def test_build_journey_map_and_reorder_priorities(page, live_server, shop):
    organization = shop["organization"]
    sign_in(page, shop["user"].email)
    page.locator("nav.mainnav").get_by_role("link", name="Journey").click()
    expect(page).to_have_url(f"{live_server.url}/o/{organization.slug}/journey/")
    stages = page.locator(".journey > section.stage")
    expect(stages).to_have_count(7)

    # A new stage goes last.
    page.get_by_role("link", name="New stage").click()
    page.get_by_label("Name").fill("Loyalty club")
    page.get_by_label("Description").fill("Members' evenings and birthday offers.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(stages).to_have_count(8)
    loyalty = page.get_by_role("listitem", name="Loyalty club")
    expect(loyalty.get_by_role("heading")).to_have_text("8. Loyalty club")

    # A touchpoint of our own in the new stage, from the stage's own "+ Touchpoint" link …
    loyalty.get_by_role("link", name="+ Touchpoint").click()
    expect(page.get_by_label("Journey stage")).to_have_value(str(_stage_pk(organization, "Loyalty club")))
    page.get_by_label("Name").fill("Birthday greeting")
    page.get_by_label("Channel").select_option(label="Text message")
    page.get_by_label("Experience tier").select_option(label="Exceeding expectations")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Touchpoint Birthday greeting added.")

    # … and one run by a partner in the delivery stage, from the page's button.
    page.get_by_role("link", name="New touchpoint").click()
    page.get_by_label("Name").fill("Home delivery")
    page.get_by_label("Journey stage").select_option(label="Delivery")
    page.get_by_label("Channel").select_option(label="Delivery")
    page.get_by_label("Experience tier").select_option(label="Core experience")
    page.get_by_label("Operated by").select_option(label="Kotiinkuljetus Oy")
    page.get_by_label("What customers expect here").fill("On time, and a call before arriving.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Touchpoint Home delivery added.")

    # Each touchpoint shows in its stage's column with its tier and who runs it.
    delivery = page.get_by_role("listitem", name="Delivery", exact=True)
    home_delivery = delivery.locator("article.touchpoint", has_text="Home delivery")
    expect(home_delivery).to_have_class("touchpoint tier-core")
    expect(home_delivery.locator(".tp-meta")).to_have_text("Delivery · Core experience")
    expect(home_delivery.locator(".tp-owner")).to_have_text("Kotiinkuljetus Oy")
    expect(home_delivery.locator(".tp-expect")).to_contain_text("On time, and a call before arriving.")
    birthday = loyalty.locator("article.touchpoint", has_text="Birthday greeting")
    expect(birthday).to_have_class("touchpoint tier-exceeding")
    expect(birthday.locator(".tp-meta")).to_have_text("Text message · Exceeding expectations")
    expect(birthday.locator(".tp-owner")).to_have_text("Own staff")
    # The stages are columns side by side, in journey order.
    delivery_box, loyalty_box = delivery.bounding_box(), loyalty.bounding_box()
    assert delivery_box["y"] == loyalty_box["y"]
    assert delivery_box["x"] < loyalty_box["x"]

    # New touchpoints come last in the priority order; ▲ and ▼ move them.
    assert _priority_names(page) == ["Checkout", "Birthday greeting", "Home delivery"]
    expect(page.get_by_role("button", name="Move Checkout up")).to_be_disabled()
    expect(page.get_by_role("button", name="Move Home delivery down")).to_be_disabled()
    page.get_by_role("button", name="Move Home delivery up").click()
    expect(page.locator("ol.priority-list > li").first).to_contain_text("Checkout")
    expect(page.locator("ol.priority-list > li").nth(1)).to_contain_text("#2 Home delivery")
    assert _priority_names(page) == ["Checkout", "Home delivery", "Birthday greeting"]
    page.get_by_role("button", name="Move Checkout down").click()
    expect(page.locator("ol.priority-list > li").first).to_contain_text("#1 Home delivery")
    assert _priority_names(page) == ["Home delivery", "Checkout", "Birthday greeting"]
    # The map's cards show the new rank too.
    expect(home_delivery.locator(".priority")).to_have_text("#1")
    expect(birthday.locator(".priority")).to_have_text("#3")


def _stage_pk(organization, name: str) -> int:
    from hymy.journeys.models import JourneyStage

    return JourneyStage.objects.get(organization=organization, name=name).pk
