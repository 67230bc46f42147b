"""Closing the loop in a real browser: a customer's comment beside the figures becomes a failure in the
learning log with a prevention solution and an owner; an action at the checkout shows its metric
before and after, and says whether it helped."""

import datetime

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def answers_around_today(shop):
    """NPS at the checkout: mostly detractors two and three days ago, promoters since yesterday, and
    one detractor's comment yesterday."""
    from django.utils import timezone

    from hymy.surveys import services
    from tests.surveys.conftest import answered

    organization = shop["organization"]
    survey = services.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[shop["touchpoint"]]
    )
    now = timezone.now()

    def answer(days_ago, score, followup=""):
        answered(
            survey, score=score, followup=followup, touchpoint=shop["touchpoint"], source="public_link",
            started_at=now - datetime.timedelta(days=days_ago), language="en",
        )  # fmt: skip

    for days_ago in (2, 3):
        for score in (2, 3, 5, 6, 6, 9):
            answer(days_ago, score)
    for days_ago in (0, 1):
        for score in (10, 10, 9, 9, 10, 8):
            answer(days_ago, score)
    answer(1, 2, "The queue at the checkout took twenty minutes.")
    return survey


def test_comment_becomes_a_failure_and_an_action_shows_before_and_after(page, shop, answers_around_today):
    from django.utils import timezone

    from hymy.improvement.models import ImprovementAction, LearningEntry

    sign_in(page, "eero@example.fi")

    # The latest comments beside the figures: share the unhappy one as a failure.
    page.goto("/o/kuva/insights/?days=7")
    comment = page.locator("ul.comments li").filter(has_text="The queue at the checkout took twenty minutes.")
    comment.get_by_role("button", name="Share as a failure").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the learning entry")
    expect(page.locator("blockquote")).to_contain_text("The queue at the checkout took twenty minutes.")
    expect(page.locator("#id_kind_1")).to_be_checked()  # failure
    page.get_by_role("button", name="Save").click()
    # A failure cannot be saved without its prevention solution and owner; nothing typed is lost.
    expect(page.locator(".errors")).to_be_visible()
    page.locator("#id_title").fill("Long queue at the checkout")
    page.locator("#id_prevention").fill("Open the second till when five people are queuing.")
    page.locator("#id_owner").select_option(label="Eero Esimerkki")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Learning log")
    entry = page.locator("li.entry-failure").filter(has_text="Long queue at the checkout")
    expect(entry).to_contain_text("The queue at the checkout took twenty minutes.")
    expect(entry).to_contain_text("Open the second till when five people are queuing.")
    expect(entry).to_contain_text("Eero Esimerkki")
    failure = LearningEntry.objects.get()
    assert (failure.kind, failure.owner, failure.touchpoint) == ("failure", shop["user"], shop["touchpoint"])

    # An action at the checkout, started yesterday: two days after it against the two days before.
    page.get_by_role("link", name="Actions").first.click()
    page.get_by_role("link", name="New action").click()
    page.locator("#id_title").fill("Second till open at rush hour")
    page.locator("#id_touchpoint").select_option(label="Checkout")
    page.locator("#id_metric").select_option("nps")
    page.locator("#id_started_on").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_due_on").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Second till open at rush hour")
    effect = page.locator("#effect")
    expect(effect.get_by_role("heading", name="Did it help?")).to_be_visible()
    before, after = effect.locator("article.figure").all()
    expect(before).to_contain_text("Before")
    expect(before).to_contain_text("-67")  # 2 promoters, 10 detractors of 12
    expect(before).to_contain_text("12 answers: the range is still wide")
    expect(after).to_contain_text("After")
    expect(after).to_contain_text("+69")  # 10 promoters, 2 passives, 1 detractor of 13
    expect(effect.locator(".verdict")).to_have_text("Yes: better, more than chance")
    action = ImprovementAction.objects.get()
    assert (action.touchpoint, action.owner) == (shop["touchpoint"], shop["user"])
