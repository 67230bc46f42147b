"""Loyalty metrics (R4.3): repeat buyers, churn, retention by cohort, NPS of stayers and leavers.

The small cases are computed by hand from purchases on known dates; the expected intervals and
tests come from `statistics`, whose own tests check them against textbook values.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from hymy.customers import services as customer_services
from hymy.customers.choices import CustomerStatus
from hymy.customers.models import Customer
from hymy.demo.services import demo_data_create
from hymy.insights import loyalty, statistics
from hymy.insights.selectors import Period
from hymy.surveys import services as surveys
from hymy.tenancy.choices import Role
from hymy.tenancy.models import Membership, Organization

D = datetime.date


@pytest.fixture
def membership(organization, owner):
    return Membership.objects.get(organization=organization, user=owner)


@pytest.fixture
def person(organization, owner):
    """`person(name, *purchase_days, churned_on=None)`: a customer with purchases on those days."""

    def make(name, *days, churned_on=None, in_organization=None, actor=None):
        where = in_organization or organization
        customer = customer_services.customer_create(organization=where, actor=actor or owner, name=name)
        for day in days:
            customer_services.purchase_create(
                organization=where,
                actor=actor or owner,
                customer=customer,
                purchased_on=day,
                amount=Decimal("20"),
            )
        if churned_on is not None:
            at = timezone.make_aware(datetime.datetime.combine(churned_on, datetime.time(12)))
            Customer.objects.filter(pk=customer.pk).update(status=CustomerStatus.CHURNED, churned_at=at)
        return customer

    return make


@pytest.fixture
def nps_survey(organization, counter):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )


def answer_nps(survey, customer, score, day):
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    response = surveys.response_start(
        survey=survey, source="public_link", language="fi", customer=customer, started_at=at
    )
    surveys.answer_save(response=response, question=survey.questions.first(), score=score, answered_at=at)


# The first quarter of 2026 (90 days); the previous period is 3.10.–31.12.2025.
QUARTER = Period(D(2026, 1, 1), D(2026, 3, 31))


# --- repeat buyers ---------------------------------------------------------------------------------


def test_repeat_buyers_are_those_who_had_bought_before_or_bought_again_on_another_day(
    organization, membership, person, other
):
    person("Returning", D(2025, 6, 1), D(2026, 2, 1))  # bought before the period: repeat
    person("Twice", D(2026, 1, 10), D(2026, 3, 1))  # two days within it: repeat
    person("Same day twice", D(2026, 2, 15), D(2026, 2, 15))  # one visit: not a repeat
    person("Once", D(2026, 2, 20))
    person("Only before", D(2025, 12, 1))  # not a buyer of the period (but of the previous one)
    person("Only after", D(2026, 4, 2))
    person("Elsewhere", D(2025, 6, 1), D(2026, 2, 1), in_organization=other.organization, actor=other.owner)

    figure = loyalty.repeat_purchase_rate(organization=organization, membership=membership, period=QUARTER)

    assert figure.estimate == statistics.share(2, 4)
    assert (figure.estimate.value, figure.estimate.n, figure.count) == (50.0, 4, 2)
    # The previous quarter had one buyer, a first-timer.
    assert figure.change == statistics.share_change(2, 4, 0, 1)
    assert figure.change.difference == 50.0 and not figure.change.is_significant


# --- churn -----------------------------------------------------------------------------------------


def test_churn_counts_the_marked_and_the_lapsed_among_customers_active_at_the_start(
    organization, membership, person
):
    # With the default 365 days, a customer is active on 31.12.2025 if they bought on 1.1.2025 or later.
    person("Recent", D(2025, 6, 1))  # lapses 1.6.2026, after the period: stays
    person("Lapses in the period", D(2025, 2, 15))  # lapses 15.2.2026: churned
    person("Lapses on the first day", D(2025, 1, 1))  # active at the start, lapses 1.1.2026: churned
    person("Lapsed before", D(2024, 12, 31))  # lapsed 31.12.2025: not in the base
    person("Marked in the period", D(2025, 9, 1), churned_on=D(2026, 2, 10))  # churned
    person("Marked before", D(2025, 9, 1), churned_on=D(2025, 12, 20))  # not in the base
    person("Bought again in time", D(2025, 2, 1), D(2026, 1, 20))  # stays
    person("Never bought", churned_on=D(2026, 2, 1))  # not in the base: no purchases
    person("Marked after, lapsed within", D(2025, 3, 1), churned_on=D(2026, 5, 1))  # lapsed 1.3.2026: churned
    person("Lapsed and came back", D(2025, 1, 10), D(2026, 3, 1))  # active again at the end: stays

    figure = loyalty.churn_rate(organization=organization, membership=membership, period=QUARTER)

    assert (figure.count, figure.estimate.n) == (4, 7)
    assert figure.estimate == statistics.share(4, 7)
    # Previous quarter (3.10.–31.12.2025): all but "never bought" were active on 2.10.2025, 9 in all;
    # "Lapsed before" lapsed on 31.12.2025 and "Marked before" was marked on 20.12.2025.
    assert figure.change == statistics.share_change(4, 7, 2, 9)


def test_the_days_without_a_purchase_are_a_setting(organization, membership, person, settings):
    settings.CHURN_AFTER_DAYS_WITHOUT_PURCHASE = 30
    person("Bought in early December", D(2025, 12, 5))  # lapses 4.1.2026
    person("Bought in late December", D(2025, 12, 20), D(2026, 1, 15), D(2026, 2, 10), D(2026, 3, 5))
    person("Bought in November", D(2025, 11, 20))  # lapsed 20.12.2025: not in the base

    figure = loyalty.churn_rate(organization=organization, membership=membership, period=QUARTER)

    assert loyalty.churn_after_days(organization) == 30
    assert (figure.count, figure.estimate.n) == (1, 2)


def test_with_no_purchases_every_figure_is_empty(organization, membership, person, nps_survey):
    person("Browser")  # a customer, but no purchases and no answers

    repeat = loyalty.repeat_purchase_rate(organization=organization, membership=membership, period=QUARTER)
    churn = loyalty.churn_rate(organization=organization, membership=membership, period=QUARTER)
    cohorts = loyalty.cohort_retention(organization=organization, membership=membership, today=D(2026, 3, 31))
    groups = loyalty.nps_of_stayers_and_leavers(organization=organization, membership=membership)

    assert repeat.estimate == churn.estimate == statistics.EMPTY
    assert repeat.change == churn.change == statistics.NO_CHANGE
    assert len(cohorts) == 24 and all(row.n == 0 and row.cells == (None, None, None) for row in cohorts)
    assert groups.stayers == groups.leavers == statistics.EMPTY
    assert groups.change == statistics.NO_CHANGE


def test_when_everyone_churns_the_share_is_all_with_an_honest_range(organization, membership, person):
    for index in range(5):
        person(f"Leaver {index}", D(2025, 10, 1), churned_on=D(2026, 1, 5 + index))

    figure = loyalty.churn_rate(organization=organization, membership=membership, period=QUARTER)

    assert (figure.estimate.value, figure.estimate.n, figure.estimate.high) == (100.0, 5, 100.0)
    assert figure.estimate.low == pytest.approx(56.55, abs=0.01)  # Wilson: 5 of 5 is not certainty
    # In the previous quarter the same five were active and nobody left: a rise beyond chance.
    assert figure.change == statistics.share_change(5, 5, 0, 5) and figure.change.is_significant


# --- retention by cohort ---------------------------------------------------------------------------


def test_cohorts_show_the_share_still_active_after_3_6_and_12_months_where_observable(
    organization, membership, person, other
):
    today = D(2026, 11, 15)
    person("Keeps buying", D(2025, 10, 5), D(2026, 6, 1))  # active at 5.1., 5.4. and 5.10.2026
    person("Once on the last day", D(2025, 10, 31))  # 31.10.2026 is 365 days later: lapsed that day
    person("Marked in February", D(2025, 10, 15), churned_on=D(2026, 2, 1))  # active at 15.1. only
    person("November", D(2025, 11, 20))  # 12 months: 20.11.2026, not yet reached
    person("September", D(2026, 9, 3))  # 3 months: 3.12.2026, not yet reached
    person("Older customer", D(2025, 9, 10), D(2025, 10, 20))  # first bought before the table
    person("Elsewhere", D(2025, 10, 5), in_organization=other.organization, actor=other.owner)

    rows = loyalty.cohort_retention(organization=organization, membership=membership, months=14, today=today)

    assert [row.month for row in rows][:3] == [D(2025, 10, 1), D(2025, 11, 1), D(2025, 12, 1)]
    assert rows[-1].month == D(2026, 11, 1) and len(rows) == 14
    by_month = {row.month: row for row in rows}
    october = by_month[D(2025, 10, 1)]
    assert october.n == 3
    assert october.cells == (statistics.share(3, 3), statistics.share(2, 3), statistics.share(1, 3))
    november = by_month[D(2025, 11, 1)]
    assert (november.n, november.cells) == (1, (statistics.share(1, 1), statistics.share(1, 1), None))
    assert by_month[D(2026, 9, 1)].n == 1 and by_month[D(2026, 9, 1)].cells == (None, None, None)
    assert by_month[D(2025, 12, 1)].n == 0 and by_month[D(2025, 12, 1)].cells == (None, None, None)
    assert sum(row.n for row in rows) == 5


def test_adding_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert loyalty.add_months(D(2025, 10, 31), 4) == D(2026, 2, 28)
    assert loyalty.add_months(D(2023, 11, 30), 3) == D(2024, 2, 29)
    assert loyalty.add_months(D(2026, 1, 15), -13) == D(2024, 12, 15)


# --- NPS of stayers and leavers --------------------------------------------------------------------


def test_nps_of_stayers_and_leavers_uses_each_customers_latest_answer_before_churn(
    organization, membership, person, nps_survey, other, counter
):
    as_of = D(2025, 12, 31)
    stayer = person("Stayer", D(2025, 6, 1))
    answer_nps(nps_survey, stayer, 10, D(2025, 3, 1))
    answer_nps(nps_survey, stayer, 6, D(2025, 7, 1))  # the latest counts: a detractor
    answer_nps(nps_survey, person("Promoter", D(2025, 10, 1)), 9, D(2025, 10, 5))
    answer_nps(nps_survey, person("Never bought"), 10, D(2025, 11, 1))  # can leave only by being marked
    marked = person("Marked", D(2025, 1, 1), churned_on=D(2025, 8, 1))
    answer_nps(nps_survey, marked, 3, D(2025, 5, 1))
    answer_nps(nps_survey, marked, 10, D(2025, 9, 1))  # the exit survey, after leaving: not counted
    lapsed = person("Lapsed", D(2024, 3, 1))  # lapsed on 1.3.2025
    answer_nps(nps_survey, lapsed, 8, D(2025, 2, 1))
    answer_nps(nps_survey, lapsed, 0, D(2025, 4, 1))  # after lapsing: not counted
    answer_nps(nps_survey, person("Only after", D(2025, 1, 1), churned_on=D(2025, 6, 1)), 0, D(2025, 7, 1))
    answer_nps(nps_survey, person("Answers later", D(2025, 1, 1)), 0, D(2026, 1, 5))  # after as_of
    anonymous = surveys.response_start(survey=nps_survey, source="kiosk", language="fi", touchpoint=counter)
    surveys.answer_save(response=anonymous, question=nps_survey.questions.first(), score=0)
    outsider = surveys.survey_create_from_template(
        organization=other.organization, template_key="nps_after_purchase"
    )
    answer_nps(outsider, other.customer, 0, D(2025, 5, 1))

    groups = loyalty.nps_of_stayers_and_leavers(organization=organization, membership=membership, as_of=as_of)

    assert groups.stayers_histogram == {6: 1, 9: 1, 10: 1}
    assert groups.leavers_histogram == {3: 1, 8: 1}
    assert (round(groups.stayers.value, 1), groups.stayers.n) == (33.3, 3)
    assert (groups.leavers.value, groups.leavers.n) == (-50.0, 2)
    assert groups.change == statistics.nps_change({3: 1, 8: 1}, {6: 1, 9: 1, 10: 1})
    assert groups.change.difference == pytest.approx(-83.33, abs=0.01)


# --- the organisation's own churn rule -------------------------------------------------------------


def test_an_owner_sets_the_organisations_churn_rule_and_every_loyalty_figure_follows_it(
    owner_client, organization, membership, person, nps_survey, other
):
    regular = person("Buys monthly", D(2025, 12, 20), D(2026, 1, 15), D(2026, 2, 10), D(2026, 3, 5))
    person("Bought in early December", D(2025, 12, 5))
    november = person("Bought in November", D(2025, 11, 20))
    answer_nps(nps_survey, regular, 10, D(2026, 1, 16))
    answer_nps(nps_survey, november, 3, D(2025, 12, 1))

    def figures():
        churn = loyalty.churn_rate(organization=organization, membership=membership, period=QUARTER)
        groups = loyalty.nps_of_stayers_and_leavers(
            organization=organization, membership=membership, as_of=QUARTER.end
        )
        return (churn.count, churn.estimate.n), groups.stayers.n, groups.leavers.n

    # The default 365 days: everyone bought within a year of 31.3.2026, nobody has left.
    assert loyalty.churn_after_days(organization) == 365
    assert figures() == ((0, 3), 2, 0)

    saved = owner_client.post("/o/aurinko/insights/loyalty/?days=90", {"churn_after_days": "60"})

    assert saved.status_code == 302 and saved["Location"].endswith("?days=90")
    assert loyalty.churn_after_days(organization) == 60
    # 60 days: early December lapses on 3.2.2026 and November on 19.1.2026, both active on 31.12.2025,
    # so 2 of 3 churned; November's 3 (given before leaving) moves to the leavers.
    assert figures() == ((2, 3), 1, 1)
    assert loyalty.churn_after_days(other.organization) == 365  # another organisation keeps the default
    page = owner_client.get("/o/aurinko/insights/loyalty/").content.decode()
    assert "or after 60 days without a purchase." in page


def test_the_churn_rule_refuses_nonsense_and_keeps_what_was_typed(owner_client, organization):
    for typed in ("0", "3651", "kolme"):
        response = owner_client.post("/o/aurinko/insights/loyalty/", {"churn_after_days": typed})

        assert response.status_code == 200
        assert response.context["churn_form"].errors["churn_after_days"]
        assert f'value="{typed}"' in response.content.decode()
    assert loyalty.churn_after_days(organization) == 365


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.OWNER, True),
        (Role.ADMIN, True),
        (Role.ANALYST, False),
        (Role.AGENT, False),
        (Role.VIEWER, False),
    ],
)
def test_only_owners_and_admins_may_change_the_churn_rule(client_for, members, organization, role, may):
    client = client_for(members[role].user)

    page = client.get("/o/aurinko/insights/loyalty/")
    response = client.post("/o/aurinko/insights/loyalty/", {"churn_after_days": "90"})

    assert ('name="churn_after_days"' in page.content.decode()) is may
    assert response.status_code == (302 if may else 403)
    assert loyalty.churn_after_days(organization) == (90 if may else 365)


def test_a_partner_may_neither_see_nor_change_the_churn_rule(partner_client, organization):
    assert partner_client.post("/o/aurinko/insights/loyalty/", {"churn_after_days": "90"}).status_code == 403
    assert loyalty.churn_after_days(organization) == 365


# --- access ----------------------------------------------------------------------------------------


def test_partner_users_are_refused_the_whole_customer_bases_figures(organization, members):
    partner = members[Role.PARTNER]
    for selector in (loyalty.repeat_purchase_rate, loyalty.churn_rate):
        with pytest.raises(PermissionDenied):
            selector(organization=organization, membership=partner, period=QUARTER)
    with pytest.raises(PermissionDenied):
        loyalty.cohort_retention(organization=organization, membership=partner)
    with pytest.raises(PermissionDenied):
        loyalty.nps_of_stayers_and_leavers(organization=organization, membership=partner)


# --- the page --------------------------------------------------------------------------------------


def test_the_page_shows_each_figure_with_its_n_and_range(owner_client, person, nps_survey):
    today = timezone.localdate()
    person("Loyal", today - datetime.timedelta(days=200), today - datetime.timedelta(days=10))
    person("New", today - datetime.timedelta(days=20))
    leaver = person(
        "Leaver", today - datetime.timedelta(days=150), churned_on=today - datetime.timedelta(days=5)
    )
    answer_nps(nps_survey, leaver, 2, today - datetime.timedelta(days=40))

    response = owner_client.get("/o/aurinko/insights/loyalty/", {"days": 90})

    page = response.content.decode()
    assert response.status_code == 200 and response.context["days"] == 90
    assert (response.context["repeat"].estimate.value, response.context["repeat"].estimate.n) == (50.0, 2)
    assert (response.context["churn"].estimate.n, response.context["churn"].count) == (2, 1)
    assert response.context["stayers_and_leavers"].leavers.n == 1
    assert "of 2 customers who bought in the period had bought before or bought again within it" in page
    assert "of 2 customers active at the start of the period had churned by its end" in page
    assert "Only 2 customers: too few to say much." in page
    assert "after 365 days without a purchase" in page
    assert len(response.context["cohorts"]) == 24
    assert "After 12 months" in page


def test_the_page_falls_back_to_a_year_for_an_unknown_period_and_is_linked_from_the_figures(
    owner_client, organization
):
    response = owner_client.get("/o/aurinko/insights/loyalty/", {"days": "7x"})

    assert response.status_code == 200 and response.context["days"] == 365
    assert "No purchases in this period." in response.content.decode()
    assert "/o/aurinko/insights/loyalty/" in owner_client.get("/o/aurinko/insights/").content.decode()


def test_partners_get_403_and_no_link(partner_client):
    assert partner_client.get("/o/aurinko/insights/loyalty/").status_code == 403
    assert "/insights/loyalty/" not in partner_client.get("/o/aurinko/insights/").content.decode()


def test_another_organisations_user_is_not_found(client_for, other, person):
    person("Maija", D(2025, 6, 1))

    assert client_for(other.owner).get("/o/aurinko/insights/loyalty/").status_code == 404


# --- the demo --------------------------------------------------------------------------------------


def test_on_the_demo_customers_who_left_had_a_lower_nps_than_those_who_stayed_as_planted(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo makes users
    demo_data_create(scale=0.3)  # 600 customers: as the demo's own tests of planted effects
    telecom = Organization.objects.get(slug="revontuli")
    owner = Membership.objects.filter(organization=telecom, role=Role.OWNER).first()

    groups = loyalty.nps_of_stayers_and_leavers(organization=telecom, membership=owner)

    planted = telecom.demo_truth.truth["feedback"]["nps_by_later_churn"]
    assert planted["leavers"]["nps"] < planted["stayers"]["nps"]
    assert groups.leavers.n >= 15 and groups.stayers.n >= 80
    assert groups.leavers.value < groups.stayers.value
    assert groups.change.difference < 0
    # The other figures come out of the same data without surprises.
    period = Period.last_days(365)
    churn = loyalty.churn_rate(organization=telecom, membership=owner, period=period)
    repeat = loyalty.repeat_purchase_rate(organization=telecom, membership=owner, period=period)
    assert 0 < churn.estimate.value < 100 and churn.estimate.n > 50
    assert 0 < repeat.estimate.value < 100 and repeat.estimate.n > 50
    cohorts = loyalty.cohort_retention(organization=telecom, membership=owner)
    assert cohorts[0].cells[2] is not None and cohorts[-1].cells == (None, None, None)


def test_the_cohort_table_downloads_as_csv(owner_client, person):
    from tests.export_files import export_rows

    today = timezone.localdate()
    person("Early", today - datetime.timedelta(days=400), today - datetime.timedelta(days=20))

    response = owner_client.get("/o/aurinko/insights/loyalty/", {"export": "csv"})

    rows = export_rows(response)
    assert rows[0][:3] == ["First purchase", "Customers", "After 3 months"]
    filled = [row for row in rows[1:] if row[1] == "1"]
    assert len(rows) == 25 and len(filled) == 1
    assert filled[0][2] == "100"  # still active 3 months after the first purchase


# --- customer segments -----------------------------------------------------------------------------


@pytest.fixture
def into_segment(owner):
    """`into_segment(customer)`: tag the customer VIP and give them the attribute liittymä: Prepaid."""

    def put(customer):
        customer_services.customer_update(
            customer=customer, actor=owner, tags=["VIP"], attributes={"liittymä": "Prepaid"}
        )
        return customer

    return put


SEGMENTS = [{"tag": "VIP"}, {"attribute": ("liittymä", "Prepaid")}]


@pytest.mark.parametrize("segment", SEGMENTS)
def test_repeat_buyers_and_churn_of_a_segment_count_only_its_customers(
    organization, membership, person, into_segment, segment
):
    into_segment(person("Returning", D(2025, 6, 1), D(2026, 2, 1)))  # repeat
    into_segment(person("Twice", D(2026, 1, 10), D(2026, 3, 1)))  # repeat
    person("Same day twice", D(2026, 2, 15), D(2026, 2, 15))
    into_segment(person("Once", D(2026, 2, 20)))
    person("Only before", D(2025, 12, 1))
    scope = {"organization": organization, "membership": membership, "period": QUARTER}

    whole = loyalty.repeat_purchase_rate(**scope)
    cut = loyalty.repeat_purchase_rate(**scope, **segment)

    assert (whole.count, whole.estimate.n) == (2, 4)
    # By hand: the segment's buyers of the quarter are Returning, Twice and Once; two of them repeat.
    assert (cut.count, cut.estimate.n) == (2, 3)
    assert cut.estimate == statistics.share(2, 3)
    assert cut.change == statistics.share_change(2, 3, 0, 0)  # none of them bought in the previous quarter


@pytest.mark.parametrize("segment", SEGMENTS)
def test_churn_of_a_segment_counts_only_its_customers(
    organization, membership, person, into_segment, segment
):
    into_segment(person("Recent", D(2025, 6, 1)))  # stays
    into_segment(person("Lapses in the period", D(2025, 2, 15)))  # churned
    person("Lapses on the first day", D(2025, 1, 1))  # churned, not in the segment
    person("Marked in the period", D(2025, 9, 1), churned_on=D(2026, 2, 10))  # churned, not in the segment
    into_segment(person("Bought again in time", D(2025, 2, 1), D(2026, 1, 20)))  # stays
    scope = {"organization": organization, "membership": membership, "period": QUARTER}

    whole = loyalty.churn_rate(**scope)
    cut = loyalty.churn_rate(**scope, **segment)

    assert (whole.count, whole.estimate.n) == (3, 5)
    assert (cut.count, cut.estimate.n) == (1, 3)
    assert cut.estimate == statistics.share(1, 3)


@pytest.mark.parametrize("segment", SEGMENTS)
def test_cohort_retention_of_a_segment(organization, membership, person, into_segment, segment):
    today = D(2026, 11, 15)
    into_segment(person("Keeps buying", D(2025, 10, 5), D(2026, 6, 1)))  # active at 3, 6 and 12 months
    person("Once on the last day", D(2025, 10, 31))  # not in the segment
    into_segment(person("Marked in February", D(2025, 10, 15), churned_on=D(2026, 2, 1)))  # active at 3 only
    person("November", D(2025, 11, 20))  # not in the segment

    rows = loyalty.cohort_retention(
        organization=organization, membership=membership, months=14, today=today, **segment
    )

    by_month = {row.month: row for row in rows}
    october = by_month[D(2025, 10, 1)]
    assert october.n == 2
    assert october.cells == (statistics.share(2, 2), statistics.share(1, 2), statistics.share(1, 2))
    assert by_month[D(2025, 11, 1)].n == 0
    assert sum(row.n for row in rows) == 2


@pytest.mark.parametrize("segment", SEGMENTS)
def test_nps_of_stayers_and_leavers_of_a_segment(
    organization, membership, person, into_segment, nps_survey, segment
):
    as_of = D(2025, 12, 31)
    stayer = into_segment(person("Stayer", D(2025, 6, 1)))
    answer_nps(nps_survey, stayer, 6, D(2025, 7, 1))
    answer_nps(nps_survey, person("Promoter", D(2025, 10, 1)), 9, D(2025, 10, 5))  # not in the segment
    marked = into_segment(person("Marked", D(2025, 1, 1), churned_on=D(2025, 8, 1)))
    answer_nps(nps_survey, marked, 10, D(2025, 5, 1))
    lapsed = person("Lapsed", D(2024, 3, 1))  # a leaver, not in the segment
    answer_nps(nps_survey, lapsed, 0, D(2025, 2, 1))

    whole = loyalty.nps_of_stayers_and_leavers(organization=organization, membership=membership, as_of=as_of)
    cut = loyalty.nps_of_stayers_and_leavers(
        organization=organization, membership=membership, as_of=as_of, **segment
    )

    assert (whole.stayers_histogram, whole.leavers_histogram) == ({6: 1, 9: 1}, {10: 1, 0: 1})
    assert (cut.stayers_histogram, cut.leavers_histogram) == ({6: 1}, {10: 1})
    assert (cut.stayers.value, cut.leavers.value) == (-100.0, 100.0)


def test_the_page_and_its_download_follow_the_segment_chosen(owner_client, person, into_segment):
    today = timezone.localdate()
    into_segment(
        person("Loyal VIP", today - datetime.timedelta(days=200), today - datetime.timedelta(days=10))
    )
    person("New", today - datetime.timedelta(days=20))
    person("Another new", today - datetime.timedelta(days=30))

    whole = owner_client.get("/o/aurinko/insights/loyalty/", {"days": 90})
    cut = owner_client.get("/o/aurinko/insights/loyalty/", {"days": 90, "attribute": "liittymä:Prepaid"})
    tagged = owner_client.get("/o/aurinko/insights/loyalty/", {"days": 90, "tag": "VIP"})
    download = owner_client.get("/o/aurinko/insights/loyalty/", {"tag": "VIP", "export": "csv"})

    repeat = whole.context["repeat"].estimate
    assert (repeat.value, repeat.n) == (pytest.approx(100 / 3), 3)
    for page in (cut, tagged):
        assert (page.context["repeat"].estimate.value, page.context["repeat"].estimate.n) == (100.0, 1)
        assert sum(row.n for row in page.context["cohorts"]) == 1
        assert "Only the customers of the chosen segment are counted" in page.content.decode()
    assert '<option value="liittymä:Prepaid" selected>' in cut.content.decode()
    assert '<option value="VIP" selected>' in tagged.content.decode()
    from tests.export_files import export_rows

    assert sum(int(row[1]) for row in export_rows(download)[1:]) == 1  # the segment's one new buyer


def test_partners_are_refused_a_segment_too(partner_client, person, into_segment):
    into_segment(person("VIP", D(2025, 6, 1)))

    assert partner_client.get("/o/aurinko/insights/loyalty/", {"tag": "VIP"}).status_code == 403
    download = partner_client.get("/o/aurinko/insights/loyalty/", {"tag": "VIP", "export": "csv"})
    assert download.status_code == 403
