"""A customer with data in every corner of Hymy, and the figures to compare before and after.

`rich_customer` is made with the services, the way the application makes it: encounters, a purchase,
a note, a change in the history, a survey invitation whose e-mail is in the outbox, a response with a
comment, a "check your details" link. Other customers answer too, so the figures are not trivial.
"""

import datetime
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from hymy.cases.figures import recovery_report
from hymy.customers import services as customer_services
from hymy.insights import loyalty
from hymy.insights.models import DailyScoreCount
from hymy.insights.selectors import (
    METRICS,
    METRICS_BY_KEY,
    Period,
    histogram,
    metric_figures,
    response_rate,
    touchpoint_table,
)
from hymy.surveys.models import Response
from hymy.tenancy.choices import Role
from tests.surveys.conftest import (  # noqa: F401  (fixtures)
    answered,
    contact_policy,
    make_customer,
    nps_survey,
    record_encounter,
)

EMAIL = "maija.meikalainen@example.fi"
PHONE = "+358401234567"
NAME = "Maija Meikäläinen"


@pytest.fixture
def rich_customer(organization, owner, counter, delivery, nps_survey, record_encounter):  # noqa: F811
    customer = make_customer(
        organization,
        owner,
        NAME,
        email=EMAIL,
        phone="040 123 4567",
        language="fi",
        needs_and_wishes="Maija Meikäläinen toivoo kauramaitoa",
        attributes={"postal_code": "00100", "lempinimi": "Maikki"},
        tags=["VIP"],
        marketing_consent=True,
        marketing_consent_source="in_person",
    )
    customer_services.customer_update(
        customer=customer, actor=owner, email=EMAIL.upper().replace("@EXAMPLE.FI", "@example.fi")
    )
    customer_services.customer_update(customer=customer, actor=owner, email=EMAIL, external_id="CRM-991")
    record_encounter(customer)  # the NPS survey's invitation is e-mailed at once: the outbox has it
    customer_services.encounter_create(
        organization=organization, actor=owner, customer=customer, touchpoint=delivery,
        started_at=timezone.now() - datetime.timedelta(days=3), summary="Maija Meikäläinen, ovikoodi 1234",
    )  # fmt: skip
    customer_services.purchase_create(
        organization=organization, actor=owner, customer=customer, purchased_on=datetime.date(2026, 11, 1),
        amount=Decimal("12.50"), items=[{"name": "Kaurakaakao", "quantity": 2}], external_id="ORDER-77",
    )  # fmt: skip
    customer_services.note_create(
        organization=organization, actor=owner, customer=customer, body="Soitettu Maijalle 040 123 4567"
    )
    answered(
        nps_survey, score=3, followup=f"Maija tässä ({EMAIL}), kahvi oli kylmää", customer=customer,
        touchpoint=counter,
    )  # fmt: skip
    customer_services.details_update_request_send(organization=organization, actor=owner, customer=customer)
    # Others answer too, so the figures have more than one voice; two of them bought long ago and
    # have since left, so the NPS of those who left is not empty.
    for number, score in enumerate([10, 9, 7, 2, 10]):
        other = make_customer(organization, owner, f"Asiakas {number}", email=f"asiakas{number}@example.fi")
        record_encounter(other)
        answered(nps_survey, score=score, followup="Hyvä", customer=other, touchpoint=counter)
        if number in (2, 3):
            for days_ago in (500 + number, 300 + number):
                customer_services.purchase_create(
                    organization=organization, actor=owner, customer=other, amount=Decimal("20.00"),
                    purchased_on=timezone.localdate() - datetime.timedelta(days=days_ago),
                )  # fmt: skip
            customer_services.customer_update(customer=other, actor=owner, status="churned")
    answered(nps_survey, score=8, touchpoint=counter, source="public_link")
    customer.refresh_from_db()
    return customer


def figures(organization, membership) -> dict:
    """Every figure a person reads from the insights pages for the last year, as comparable values."""
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=365), today)
    return {
        "rollups": sorted(
            DailyScoreCount.objects.filter(organization=organization).values_list(
                "day", "touchpoint_id", "channel", "survey_id", "question_id", "score", "count"
            )
        ),
        "metrics": [
            repr(figure)
            for figure in metric_figures(organization=organization, membership=membership, period=period)
        ],
        "nps_per_touchpoint": [
            repr(row)
            for row in touchpoint_table(
                organization=organization, membership=membership, spec=METRICS_BY_KEY["nps"], period=period
            )
        ],  # fmt: skip
        "response_rate": repr(response_rate(organization=organization, membership=membership, period=period)),
        "responses": Response.objects.filter(organization=organization).count(),
        "metrics_known": [metric.key for metric in METRICS],
    }


def customer_figures(organization, membership) -> dict:
    """The figures computed from answers and purchases through the customer: the tag cut and loyalty."""
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=365), today)
    every = {"organization": organization, "membership": membership}
    return {
        "tag_cut": [repr(figure) for figure in metric_figures(**every, period=period, tag="VIP")],
        "tag_nps": histogram(**every, spec=METRICS_BY_KEY["nps"], period=period, tag="VIP"),
        "repeat_rate": repr(loyalty.repeat_purchase_rate(**every, period=period)),
        "churn": repr(loyalty.churn_rate(**every, period=period)),
        "cohorts": repr(loyalty.cohort_retention(**every, today=today)),
        "stayers_and_leavers": repr(loyalty.nps_of_stayers_and_leavers(**every, as_of=today)),
        # Churn, purchases and NPS after a complaint, through the case's customer (the rich one has one).
        "recovery": repr(recovery_report(**every, window_days=None, as_of=timezone.now())),
    }


@pytest.fixture
def owner_membership(members):
    return members[Role.OWNER]


def text_columns() -> list[tuple[type[models.Model], models.Field]]:
    """Every text and JSON column of every table of every installed app (Django's own included)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                found.append((model, field))
    return found


def search_everywhere(*needles: str) -> list[str]:
    """Where any of the needles appears, case-insensitively, in any text or JSON column of any table."""
    wanted = [needle.casefold() for needle in needles if needle]
    hits = []
    for model, field in text_columns():
        for pk, value in model._base_manager.values_list("pk", field.attname):
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
            text = (text or "").casefold()
            for needle in wanted:
                if needle in text:
                    hits.append(f"{model._meta.label}.{field.name} #{pk}: {needle}")
    return hits


@pytest.fixture
def world(organization, owner, rich_customer, members):
    return SimpleNamespace(organization=organization, owner=owner, customer=rich_customer, members=members)
