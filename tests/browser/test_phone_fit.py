"""On a phone (375 px) the pages fit the screen: a wide table scrolls inside itself and a details list
stacks, instead of the whole page sliding sideways (as the demo's touchpoint, targets, customer list,
imports and merge pages did)."""

import datetime

import pytest
from django.utils import timezone

from .conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
FITS = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def busy_shop(shop):
    """Long words where a person writes them: a touchpoint's expectations, encounters, a target, customers."""
    from hymy.customers.services import customer_create, encounter_create
    from hymy.insights.services import target_set
    from hymy.journeys.services import touchpoint_update

    organization, user, touchpoint = shop["organization"], shop["user"], shop["touchpoint"]
    touchpoint_update(
        touchpoint=touchpoint,
        stage=touchpoint.stage,
        name=touchpoint.name,
        channel=touchpoint.channel,
        tier=touchpoint.tier,
        partner=None,
        expectations="Kuvat tai 3D-malli luvatussa ajassa, valmiiksi käsiteltyinä, helppo ladata.",
        is_active=True,
    )
    customer = customer_create(
        organization=organization,
        actor=user,
        name="Asuntokulma Kiinteistönvälitys LKV Oy",
        email="toimisto.asiakaspalvelu@asuntokulma-kiinteistonvalitys.example.fi",
        phone="020 789 1230",
        tags=["3D-mallinnus", "Yritysasiakas"],
    )
    encounter_create(
        organization=organization,
        actor=user,
        touchpoint=touchpoint,
        customer=customer,
        started_at=timezone.now() - datetime.timedelta(days=2),
        summary="3D-malli toimitettu: Rivitalokolmio 86 m², Kangasala, pohjapiirrokset PDF-muodossa.",
    )
    target_set(organization=organization, metric="nps", good=20, excellent=50, best=70)
    target_set(organization=organization, metric="nps", touchpoint=touchpoint, good=10, excellent=40, best=60)
    return shop


@pytest.mark.parametrize(
    "address",
    [
        "journey/touchpoints/{touchpoint}/",
        "insights/targets/",
        "customers/",
        "imports/",
    ],
)
def test_on_a_phone_the_page_fits_the_screen(page, live_server, busy_shop, address):
    page.set_viewport_size(PHONE)
    sign_in(page, busy_shop["user"].email)
    slug = busy_shop["organization"].slug

    page.goto(f"/o/{slug}/" + address.format(touchpoint=busy_shop["touchpoint"].pk))

    assert page.locator("h1").is_visible()
    assert page.evaluate(FITS), page.evaluate("() => document.scrollingElement.scrollWidth")
