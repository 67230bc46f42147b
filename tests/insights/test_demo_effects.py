"""The figures recover what the demo simulator planted: the outsourced touchpoints are worse,
clearly and beyond chance, and the priority matrix says to fix them first."""

import pytest

from hymy.demo.models import DemoTruth
from hymy.demo.services import demo_data_create
from hymy.insights import matrix, selectors, statistics
from hymy.tenancy.models import Membership, Organization


@pytest.fixture
def telecom(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data_create(scale=0.3)
    organization = Organization.objects.get(slug="revontuli")
    return organization, Membership.objects.get(organization=organization, user__email="demo@hymy.fi")


def test_outsourced_delivery_has_a_significantly_lower_nps_than_every_shop(telecom):
    organization, owner = telecom
    period = selectors.Period.last_days(730)
    nps = selectors.METRICS_BY_KEY["nps"]

    rows = {
        row.touchpoint.name: row
        for row in selectors.touchpoint_table(
            organization=organization, membership=owner, spec=nps, period=period
        )
    }
    delivery = next(
        row for row in rows.values() if row.touchpoint.partner and "kuljetus" in row.touchpoint.name.lower()
    )
    shops = [row for name, row in rows.items() if name.startswith("Myymälä")]

    assert shops
    for shop in shops:
        histogram_delivery = selectors.histogram(
            organization=organization,
            membership=owner,
            spec=nps,
            period=period,
            touchpoint_id=delivery.touchpoint.pk,
        )
        histogram_shop = selectors.histogram(
            organization=organization,
            membership=owner,
            spec=nps,
            period=period,
            touchpoint_id=shop.touchpoint.pk,
        )
        change = statistics.nps_change(histogram_delivery, histogram_shop)
        assert delivery.estimate.value < shop.estimate.value - 20
        assert change.is_significant, (shop.touchpoint.name, change)


def test_realised_nps_per_touchpoint_matches_the_truth_the_simulator_recorded(telecom):
    organization, owner = telecom
    by_touchpoint = DemoTruth.objects.get(organization=organization).truth["feedback"]["by_touchpoint"]
    nps = selectors.METRICS_BY_KEY["nps"]

    figures = {
        row.touchpoint.name: row.estimate
        for row in selectors.touchpoint_table(
            organization=organization, membership=owner, spec=nps, period=selectors.Period.last_days(800)
        )
    }

    recorded = {name: values["nps"] for name, values in by_touchpoint.items() if "nps" in values}
    assert recorded
    for name, planted in recorded.items():
        assert (figures[name].value, figures[name].n) == (
            pytest.approx(planted["nps"], abs=0.05),
            planted["n"],
        )


def test_priority_matrix_puts_the_outsourced_call_centre_or_delivery_first(telecom):
    organization, owner = telecom

    rows = matrix.priority_matrix(
        organization=organization, membership=owner, period=selectors.Period.last_days(730)
    )

    first = rows[0]
    assert first.touchpoint.partner is not None
    assert first.quadrant == "fix"
