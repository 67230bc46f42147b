"""Fixtures for the cases tests. The shared ones (Kahvila Aurinko, members of every role, the partner
and its delivery touchpoint, the other organisation) come from tests/conftest.py."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from hymy.cases import services
from hymy.cases.models import SlaPolicy
from hymy.customers import services as customer_services

HELSINKI = timezone.get_fixed_timezone(120)


def at(year, month, day, hour=12, minute=0):
    """A moment in Helsinki local time (the project's TIME_ZONE)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


@pytest.fixture
def travel():
    """`travel(moment)`: freeze the clock at a moment (moves on only when travelled again)."""
    travellers = []

    def go(moment):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield go
    for traveller in travellers:
        traveller.stop()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what the code queued for after the commit (e-mails, tasks), immediately."""

    def make():
        return django_capture_on_commit_callbacks(execute=True)

    return make


@pytest.fixture
def complaint_policy(organization):
    """Complaints: first response in 4 business hours, resolution in 2 business days (8 h a day)."""
    return SlaPolicy.objects.create(
        organization=organization, name="Complaints", kind="complaint",
        first_response_minutes=4 * 60, resolution_minutes=16 * 60, warn_before_minutes=60,
    )  # fmt: skip


@pytest.fixture
def open_case(organization, owner, customer):
    def make(**fields):
        values = {"title": "Kahvi oli kylmää", "kind": "complaint", "channel": "phone", "customer": customer,
                  "description": "Tilasin latten, se oli kylmä."}  # fmt: skip
        values.update(fields)
        return services.case_create(organization=organization, actor=owner, **values)

    return make


@pytest.fixture
def english_customer(organization, owner):
    return customer_services.customer_create(
        organization=organization, actor=owner, name="John Smith", email="john@example.com", language="en"
    )
