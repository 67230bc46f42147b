"""Merging two records of one customer, and undoing it: every related row of every app moves, the
merge is recorded, the figures do not change, and undoing restores both customers exactly."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hymy.customers import merging
from hymy.customers import services as customer_services
from hymy.customers.models import (
    Customer,
    CustomerChange,
    CustomerMerge,
    DuplicateDismissal,
    Encounter,
    Note,
    Purchase,
)
from hymy.insights import loyalty
from hymy.insights.selectors import Period
from hymy.privacy.models import PrivacyRequest
from hymy.surveys.models import Invitation, Response
from hymy.tenancy.choices import Role
from tests.privacy.conftest import customer_figures, figures
from tests.surveys.conftest import answered, make_customer


@pytest.fixture(autouse=True)
def in_english():
    """The messages below are checked in English; the project's default language is Finnish."""
    with translation.override("en"):
        yield


def _state(organization) -> dict:
    """Every row about customers, for comparing before a merge and after it was undone."""

    def rows(queryset):
        return list(queryset.order_by("pk").values())

    customers = rows(Customer.objects.filter(organization=organization))
    for customer in customers:
        del customer["updated_at"]  # touched by every save, as it should be
    return {
        "customers": customers,
        "tags": sorted(
            Customer.tags.through.objects.filter(customer__organization=organization).values_list(
                "customer_id", "tag_id"
            )
        ),
        "encounters": rows(Encounter.objects.filter(organization=organization)),
        "purchases": rows(Purchase.objects.filter(organization=organization)),
        "notes": rows(Note.objects.filter(organization=organization)),
        "invitations": rows(Invitation.objects.filter(organization=organization)),
        "responses": rows(Response.objects.exclude(customer=None).filter(organization=organization)),
        "dismissals": sorted(
            DuplicateDismissal.objects.filter(organization=organization).values_list("first_id", "second_id")
        ),
        "changes": rows(
            CustomerChange.objects.filter(organization=organization).exclude(
                action__in=["merged", "unmerged"]
            )
        ),
    }


@pytest.fixture
def twin(organization, owner, counter, rich_customer, nps_survey, record_encounter):
    """The same Maija typed in again by another shop: another address, a phone, her own history."""
    person = make_customer(
        organization, owner, "Maija Meikalainen", email="maija.m@posti.fi", phone="050 555 1234",
        attributes={"postal_code": "00100", "asiakasnumero": "42"}, tags=["Kanta-asiakas", "VIP"], consent=False,
    )  # fmt: skip
    record_encounter(person)
    customer_services.purchase_create(
        organization=organization, actor=owner, customer=person, purchased_on=datetime.date(2026, 10, 2),
        amount=Decimal("30.00"),
    )  # fmt: skip
    customer_services.note_create(
        organization=organization, actor=owner, customer=person, body="Toinen kortti"
    )
    answered(nps_survey, score=9, followup="Hyvää palvelua", customer=person, touchpoint=counter)
    return person


def test_merge_moves_every_row_and_keeps_the_figures(organization, owner, members, rich_customer, twin):
    membership = members[Role.OWNER]
    before = figures(organization, membership)
    twins_rows = sum(
        model.objects.filter(customer=twin).count()
        for model in (Encounter, Purchase, Response, Invitation, Note)
    )
    counts = {
        "encounters": Encounter.objects.filter(customer__in=[rich_customer, twin]).count(),
        "purchases": Purchase.objects.filter(customer__in=[rich_customer, twin]).count(),
        "responses": Response.objects.filter(customer__in=[rich_customer, twin]).count(),
        "invitations": Invitation.objects.filter(customer__in=[rich_customer, twin]).count(),
        "notes": Note.objects.filter(customer__in=[rich_customer, twin]).count(),
    }

    merge = merging.customer_merge(
        organization=organization, actor=owner, membership=membership, kept=rich_customer, absorbed=twin,
        choices={"phone": merging.ABSORBED},
    )  # fmt: skip

    kept = Customer.objects.get(pk=rich_customer.pk)
    assert not Customer.objects.filter(pk=twin.pk).exists()
    assert kept.encounters.count() == counts["encounters"]
    assert kept.purchases.count() == counts["purchases"]
    assert kept.responses.count() == counts["responses"]
    assert kept.invitations.count() == counts["invitations"]
    assert kept.notes.count() == counts["notes"]
    assert (kept.email, kept.phone) == ("maija.meikalainen@example.fi", "+358505551234")
    assert sorted(kept.tags.values_list("name", flat=True)) == ["Kanta-asiakas", "VIP"]
    assert figures(organization, membership) == before
    assert merge.moved_count == twins_rows + 1  # and its "created" change
    assert merge.kept_before == {"phone": "+358401234567"}
    assert kept.changes.first().action == "merged"


def test_a_merge_counts_the_person_once_where_figures_count_customers(
    organization, owner, members, rich_customer, twin
):
    """The score figures stay (above); figures per customer now see one person where they saw two."""
    membership = members[Role.OWNER]
    today = timezone.localdate()
    period = Period(today - datetime.timedelta(days=365), today)
    every = {"organization": organization, "membership": membership}
    before_tag = customer_figures(organization, membership)["tag_nps"]
    before_stayers = loyalty.nps_of_stayers_and_leavers(**every, as_of=today).stayers
    before_repeat = loyalty.repeat_purchase_rate(**every, period=period)

    merging.customer_merge(
        organization=organization, actor=owner, membership=membership, kept=rich_customer, absorbed=twin,
        choices={},
    )  # fmt: skip

    assert customer_figures(organization, membership)["tag_nps"] == before_tag  # both were VIP
    after_stayers = loyalty.nps_of_stayers_and_leavers(**every, as_of=today).stayers
    assert after_stayers.n == before_stayers.n - 1  # one voice, her latest answer
    after_repeat = loyalty.repeat_purchase_rate(**every, period=period)
    # Two one-off buyers (1 Oct and 1 Nov) are one customer who came back.
    assert after_repeat.estimate.n == before_repeat.estimate.n - 1
    assert after_repeat.count == before_repeat.count + 1


def test_unmerge_restores_both_customers_and_moves_the_rows_back(
    organization, owner, members, rich_customer, twin
):
    membership = members[Role.OWNER]
    DuplicateDismissal.objects.create(
        organization=organization, first=rich_customer, second=twin, actor=owner
    )
    before_state, before_figures = _state(organization), figures(organization, membership)
    merge = merging.customer_merge(
        organization=organization, actor=owner, kept=rich_customer, absorbed=twin,
        choices={name: merging.ABSORBED for name in merging.MERGE_FIELDS},
    )  # fmt: skip

    merging.customer_unmerge(organization=organization, actor=owner, merge=merge)

    after_state = _state(organization)
    for old, new in zip(before_state["customers"], after_state["customers"], strict=True):
        assert {k: v for k, v in old.items() if new[k] != v} == {}, old["name"]
    assert after_state == before_state
    assert figures(organization, membership) == before_figures
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == owner
    with pytest.raises(Exception, match="already been undone"):
        merging.customer_unmerge(organization=organization, actor=owner, merge=merge)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    encounters=st.tuples(st.integers(0, 3), st.integers(0, 3)),
    notes=st.tuples(st.integers(0, 2), st.integers(0, 2)),
    choices=st.fixed_dictionaries(
        {name: st.sampled_from([merging.KEPT, merging.ABSORBED]) for name in merging.MERGE_FIELDS}
    ),
    tags=st.tuples(
        st.sets(st.sampled_from(["VIP", "B2B", "Uusi"])), st.sets(st.sampled_from(["VIP", "B2B", "Uusi"]))
    ),
    emails=st.tuples(st.sampled_from(["", "a@example.fi"]), st.sampled_from(["", "b@example.fi"])),
    edit_after=st.booleans(),
)
def test_merge_and_unmerge_round_trip_for_any_two_customers(
    organization, owner, counter, encounters, notes, choices, tags, emails, edit_after
):
    with transaction.atomic():
        people = []
        for index in range(2):
            person = customer_services.customer_create(
                organization=organization, actor=owner, name=f"Asiakas {index}", email=emails[index],
                tags=sorted(tags[index]), survey_consent=index == 0, survey_consent_source="in_person" if index == 0 else "",
                attributes={"n": str(index)} if index else {},
            )  # fmt: skip
            for minute in range(encounters[index]):
                customer_services.encounter_create(
                    organization=organization, actor=owner, customer=person, touchpoint=counter,
                    started_at=timezone.now() - datetime.timedelta(minutes=minute + 1),
                )  # fmt: skip
            for number in range(notes[index]):
                customer_services.note_create(
                    organization=organization, actor=owner, customer=person, body=f"{number}"
                )
            people.append(person)
        before = _state(organization)

        merge = merging.customer_merge(
            organization=organization, actor=owner, kept=people[0], absorbed=people[1], choices=choices
        )
        if edit_after:  # something recorded on the kept customer after the merge stays there
            customer_services.note_create(
                organization=organization, actor=owner, customer=people[0], body="uusi"
            )
        merging.customer_unmerge(organization=organization, actor=owner, merge=merge)

        after = _state(organization)
        if edit_after:
            assert [n["body"] for n in after["notes"] if n["body"] == "uusi"] == ["uusi"]
            after["notes"] = [n for n in after["notes"] if n["body"] != "uusi"]
        assert after == before
        transaction.set_rollback(True)


def test_rows_of_any_app_that_points_at_customers_move_too(organization, owner, rich_customer, twin):
    """A model this app does not know (here the privacy log) is found through the relations."""
    log = PrivacyRequest.objects.create(organization=organization, kind="export", customer=twin, actor=owner)

    merge = merging.customer_merge(organization=organization, actor=owner, kept=rich_customer, absorbed=twin)

    log.refresh_from_db()
    assert log.customer_id == rich_customer.pk
    assert {"model": "privacy.privacyrequest", "field": "customer", "pks": [log.pk]} in merge.moved
    merging.customer_unmerge(organization=organization, actor=owner, merge=merge)
    log.refresh_from_db()
    assert log.customer_id == twin.pk


def test_people_and_companies_cannot_be_merged(organization, owner, customer):
    company = customer_services.customer_create(
        organization=organization, actor=owner, name="Oy", kind="company"
    )

    with pytest.raises(Exception, match="A person and a company cannot be merged."):
        merging.customer_merge(organization=organization, actor=owner, kept=customer, absorbed=company)
    with pytest.raises(Exception, match="cannot be merged with itself"):
        merging.customer_merge(organization=organization, actor=owner, kept=customer, absorbed=customer)


def test_review_page_shows_both_side_by_side_and_merges_with_the_chosen_values(
    owner_client, rich_customer, twin
):
    url = f"/o/aurinko/customers/{rich_customer.pk}/merge/"

    review = owner_client.get(url, {"with": twin.pk})
    html = review.content.decode()
    assert review.status_code == 200
    assert "maija.meikalainen@example.fi" in html and "maija.m@posti.fi" in html
    assert 'name="field_email" value="absorbed"' in html

    done = owner_client.post(
        url, {"with": twin.pk, "field_email": "absorbed", "field_name": "kept"}, follow=True
    )
    page = done.content.decode()
    assert "was merged into Maija Meikäläinen" in page
    assert "Undo merge" in page
    assert Customer.objects.get(pk=rich_customer.pk).email == "maija.m@posti.fi"

    merge = CustomerMerge.objects.get()
    undone = owner_client.post(
        f"/o/aurinko/customers/{rich_customer.pk}/unmerge/", {"merge": merge.pk}, follow=True
    )
    assert "The merge was undone" in undone.content.decode()
    assert Customer.objects.get(pk=twin.pk).email == "maija.m@posti.fi"
    assert Customer.objects.get(pk=rich_customer.pk).email == "maija.meikalainen@example.fi"


def test_merging_with_another_organisations_customer_is_refused(owner_client, rich_customer, other):
    page = owner_client.post(f"/o/aurinko/customers/{rich_customer.pk}/merge/", {"with": other.customer.pk})

    assert page.status_code == 302
    assert Customer.objects.filter(pk=other.customer.pk).exists()
    assert CustomerMerge.objects.count() == 0


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST, Role.PARTNER])
def test_roles_that_do_not_change_customers_cannot_merge(role, client_for, members, rich_customer, twin):
    client = client_for(members[role].user)

    page = client.post(f"/o/aurinko/customers/{rich_customer.pk}/merge/", {"with": twin.pk})

    assert page.status_code in (403, 404)
    assert Customer.objects.filter(pk=twin.pk).exists()


def test_merging_a_record_with_one_row_says_one_row_in_the_message_and_on_the_page(
    owner_client, organization, owner, customer
):
    # Two bare records typed in twice (as in the demo): only the absorbed one's creation moves.
    again = customer_services.customer_create(
        organization=organization, actor=owner, name="Maija Meikäläinen", phone="040 123 4567"
    )
    url = f"/o/aurinko/customers/{customer.pk}/merge/"

    page = owner_client.post(url, {"with": again.pk}, follow=True).content.decode()

    merge = CustomerMerge.objects.get()
    assert merge.moved_count == 1
    assert "; 1 row moved. You can undo it below." in page
    assert "(1 row moved)" in page
    assert "1 rows moved" not in page


def test_the_other_customer_is_found_by_name_not_by_a_number_nobody_knows(
    owner_client, organization, owner, customer, other
):
    again = customer_services.customer_create(
        organization=organization, actor=owner, name="Maija M. Meikäläinen", email="mm@posti.fi",
        phone="050 765 4321",  # the other organisation's Kalle has the same number
    )
    url = f"/o/aurinko/customers/{customer.pk}/merge/"

    page = owner_client.get(url).content.decode()
    assert "Or find the other customer by name, e-mail or phone" in page

    found = owner_client.get(url, {"q": "meikäl"}).content.decode().split('id="merge-found"', 1)[1]
    listed = found.split("</ul>", 1)[0]
    assert f'href="?with={again.pk}"' in listed and "mm@posti.fi" in listed
    assert f'href="?with={customer.pk}"' not in listed  # not the customer itself
    by_phone = owner_client.get(url, {"q": "050 765 4321"}).content.decode()
    assert f'href="?with={again.pk}"' in by_phone
    assert other.customer.name not in by_phone  # never another organisation's customer
    assert "No customers match." in owner_client.get(url, {"q": "nobody"}).content.decode()
