"""The demo's two years of cases come from the complaints the simulator planted, and the recovery
report finds the planted effect: complaints fixed within the SLA are followed by less churn than
complaints never fixed (telecom.py: hazard × 0.5 against × 4), beyond chance."""

import pytest

from hymy.cases.figures import operations_figures, recovery_report
from hymy.cases.models import Case
from hymy.demo.models import DemoTruth
from hymy.demo.services import demo_data_create
from hymy.tenancy.models import Membership, Organization


@pytest.fixture
def telecom(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data_create(scale=0.5)
    organization = Organization.objects.get(slug="revontuli")
    return organization, Membership.objects.get(organization=organization, user__email="demo@hymy.fi")


def test_demo_cases_follow_the_planted_complaints_and_the_report_recovers_the_effect(telecom):
    organization, owner = telecom
    truth = DemoTruth.objects.get(organization=organization).truth
    planted = truth["planted"]["complaint_hazard_multiplier"]
    assert planted["fixed_fast"] < planted["none"] < planted["unresolved"]

    cases = truth["cases"]
    assert Case.objects.filter(organization=organization).count() == cases["cases"] > 100
    assert cases["fixed_within_sla"] > 0 and cases["fixed_late"] > 0 and cases["never_fixed"] > 0

    report = recovery_report(organization=organization, membership=owner)
    groups = {group.key: group for group in report.groups}

    assert all(group.customers >= 30 for group in groups.values())
    assert groups["within_sla"].churn.value < groups["never"].churn.value
    assert report.churn_within_versus_never.is_significant
    assert groups["within_sla"].churn.value < groups["late"].churn.value
    # Each group's NPS comes with its own sample size, the voices of the customers followed.
    assert sum(group.nps.n for group in groups.values()) > 50


def test_operations_figures_of_the_demo(telecom):
    import datetime

    from django.utils import timezone

    organization, owner = telecom
    from django.utils import translation

    with translation.override("en"):
        figures = operations_figures(
            organization=organization, membership=owner,
            start=timezone.now() - datetime.timedelta(days=800), end=timezone.now(),
        )  # fmt: skip
    partner_rows = {row.label: row for row in figures.by_partner}
    own = partner_rows["Own staff"]
    partners = [row for label, row in partner_rows.items() if label != "Own staff"]
    assert figures.total.opened == Case.objects.filter(organization=organization).count()
    # The simulator fixes partner-born complaints more slowly: the figures show it.
    assert all(row.sla_hit_rate.value < own.sla_hit_rate.value for row in partners if row.opened >= 30)
    assert len(figures.by_month) >= 20
