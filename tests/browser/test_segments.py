"""Cutting by customer segment in a real browser: the loyalty page takes the figures page's tag filter,
says that it counts only the segment, and its download holds the segment's rows."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def buyers(shop):
    """Three buyers in the last 90 days; the one tagged VIP had bought before (a repeat buyer)."""
    from decimal import Decimal

    from django.utils import timezone

    from hymy.customers.services import customer_create, purchase_create

    organization, user = shop["organization"], shop["user"]
    today = timezone.localdate()
    for name, tags, days_ago in (
        ("Vilma VIP", ["VIP"], (200, 10)),
        ("Niko New", [], (20,)),
        ("Nea New", [], (30,)),
    ):
        customer = customer_create(organization=organization, actor=user, name=name, tags=tags)
        for days in days_ago:
            purchase_create(
                organization=organization, actor=user, customer=customer,
                purchased_on=today - datetime.timedelta(days=days), amount=Decimal("20"),
            )  # fmt: skip


def test_the_loyalty_page_is_cut_by_a_tag_and_its_download_follows(page, shop, buyers):
    import csv

    sign_in(page, "eero@example.fi")
    page.goto("/o/kuva/insights/loyalty/?days=90")
    repeat = page.locator("#repeat-purchases")
    expect(repeat).to_contain_text("of 3 customers who bought in the period")

    page.get_by_label("Tag").select_option("VIP")
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_label("Tag")).to_have_value("VIP")
    expect(page.get_by_text("Only the customers of the chosen segment are counted")).to_be_visible()
    expect(repeat).to_contain_text("100 %")
    expect(repeat).to_contain_text("of 1 customer who bought in the period")
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    text = io.StringIO(open(download.value.path(), encoding="utf-8-sig").read(), newline="")
    rows = list(csv.reader(text))
    assert sum(int(row[1]) for row in rows[1:]) == 1  # the VIP's own cohort, nobody else's
