"""The customer timeline: every kind of event on one list, newest first, in pages, open to new kinds."""

import datetime
import html
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from hymy.core import timeline
from hymy.customers import services
from hymy.customers.models import Note
from hymy.customers.views import TIMELINE_PAGE


def _at(month: int, day: int, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, month, day, hour, 0))


def _encounter(customer, touchpoint, at, summary=""):
    return services.encounter_create(
        organization=customer.organization, actor=None, customer=customer, touchpoint=touchpoint,
        started_at=at, summary=summary,
    )  # fmt: skip


def _purchase(customer, day: datetime.date, amount="10.00"):
    return services.purchase_create(
        organization=customer.organization,
        actor=None,
        customer=customer,
        purchased_on=day,
        amount=Decimal(amount),
    )


def _note(customer, at, body):
    author = customer.organization.memberships.get(role="owner").user
    note = services.note_create(
        organization=customer.organization, actor=author, customer=customer, body=body
    )
    Note.objects.filter(pk=note.pk).update(created_at=at)
    return note


def _describe(entry) -> tuple[str, str]:
    obj = entry.obj
    label = {"encounter": "summary", "purchase": "amount", "note": "body"}
    return entry.kind, str(getattr(obj, label.get(entry.kind, "body")))


def test_encounters_purchases_and_notes_are_on_one_timeline_newest_first(owner_client, customer, counter):
    _encounter(customer, counter, _at(11, 20, 10), "Ensimmäinen käynti")
    _purchase(customer, datetime.date(2026, 11, 21), "1234.50")
    _note(customer, _at(11, 22, 9), "Pitää kaurakaakaosta")
    _encounter(customer, counter, _at(11, 23, 15), "Toinen käynti")

    response = owner_client.get(f"/o/aurinko/customers/{customer.pk}/")

    assert [_describe(entry) for entry in response.context["entries"]] == [
        ("encounter", "Toinen käynti"),
        ("note", "Pitää kaurakaakaosta"),
        ("purchase", "1234.50"),
        ("encounter", "Ensimmäinen käynti"),
    ]
    page = response.content.decode()
    positions = [
        page.index(text) for text in ("Toinen käynti", "Pitää kaurakaakaosta", "€1,234.50", "Ensimmäinen")
    ]
    assert positions == sorted(positions)
    assert response.context["older_than"] is None
    assert "?before=" not in page


def test_empty_timeline_says_so(owner_client, customer):
    response = owner_client.get(f"/o/aurinko/customers/{customer.pk}/")

    assert response.context["entries"] == []
    assert "Nothing has happened with this customer yet." in response.content.decode()


def test_older_entries_are_paged_with_before(owner_client, customer, counter):
    """36 entries of every kind over October: two pages that together hold each entry exactly once."""
    for day in range(1, 32):
        _encounter(customer, counter, _at(10, day), f"käynti {day}")
    for day in (5, 15, 25):
        _purchase(customer, datetime.date(2026, 10, day), f"{day}.00")
    for day in (10, 20):
        _note(customer, _at(10, day, 18), f"muistiinpano {day}")
    everything = timeline.customer_timeline(
        organization=customer.organization,
        customer=customer,
        membership=_owner_membership(customer),
        limit=100,
    )

    first = owner_client.get(f"/o/aurinko/customers/{customer.pk}/")
    older_link = html.unescape(re.search(r'href="\?(before=[^"]+)"', first.content.decode()).group(1))
    second = owner_client.get(f"/o/aurinko/customers/{customer.pk}/?{older_link}")

    assert len(everything) == 36
    assert len(first.context["entries"]) == TIMELINE_PAGE == 30
    assert [_describe(e) for e in first.context["entries"] + second.context["entries"]] == [
        _describe(e) for e in everything
    ]
    assert [_describe(e) for e in second.context["entries"]] == [
        ("encounter", "käynti 5"),
        ("purchase", "5.00"),  # a purchase has a date only: the start of 5 October
        ("encounter", "käynti 4"),
        ("encounter", "käynti 3"),
        ("encounter", "käynti 2"),
        ("encounter", "käynti 1"),
    ]
    assert second.context["older_than"] is None


def test_timeline_with_a_malformed_before_starts_from_the_newest(owner_client, customer, counter):
    _encounter(customer, counter, _at(11, 20), "Käynti")

    response = owner_client.get(f"/o/aurinko/customers/{customer.pk}/", {"before": "eilen"})

    assert response.status_code == 200
    assert [_describe(e) for e in response.context["entries"]] == [("encounter", "Käynti")]


def _owner_membership(customer):
    return customer.organization.memberships.get(role="owner")


@pytest.fixture
def survey_answers():
    """A new kind of timeline entry, registered the way any app registers one, and removed afterwards."""
    answers = []

    @timeline.timeline_source("test_answer")
    def answer_entries(*, organization, customer, membership, before, limit):
        for answer in answers:
            if answer.customer == customer and (before is None or answer.created_at < before.at):
                yield timeline.TimelineEntry(
                    answer.created_at, "test_answer", "customers/timeline/note.html", answer
                )

    yield answers
    del timeline._SOURCES["test_answer"]
    assert "test_answer" not in timeline.registered_kinds()


def test_a_new_source_adds_its_entries_to_the_timeline(owner_client, customer, counter, survey_answers):
    _encounter(customer, counter, _at(11, 20), "Käynti")
    _note(customer, _at(11, 22), "Muistiinpano")
    survey_answers.append(
        SimpleNamespace(
            pk=1, customer=customer, created_at=_at(11, 21), author="Kysely", body="Suosittelisin: 9/10"
        )
    )

    response = owner_client.get(f"/o/aurinko/customers/{customer.pk}/")

    assert "test_answer" in timeline.registered_kinds()
    assert [_describe(e) for e in response.context["entries"]] == [
        ("note", "Muistiinpano"),
        ("test_answer", "Suosittelisin: 9/10"),
        ("encounter", "Käynti"),
    ]
    assert "Suosittelisin: 9/10" in response.content.decode()


def test_entries_with_the_same_time_are_not_lost_between_pages(owner_client, customer, counter):
    for day in range(2, 31):
        _encounter(customer, counter, _at(10, day), f"käynti {day}")
    for amount in ("1.00", "2.00", "3.00"):
        _purchase(customer, datetime.date(2026, 10, 1), amount)

    first = owner_client.get(f"/o/aurinko/customers/{customer.pk}/")
    second = owner_client.get(f"/o/aurinko/customers/{customer.pk}/", {"before": first.context["older_than"]})

    shown = first.context["entries"] + second.context["entries"]
    assert sorted(str(e.obj.amount) for e in shown if e.kind == "purchase") == ["1.00", "2.00", "3.00"]
