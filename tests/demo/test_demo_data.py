"""The demo-data command: both demo organisations, the demo user, determinism and planted effects."""

import datetime
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum

from hymy.core.phones import phone_normalize
from hymy.customers.choices import CustomerKind, CustomerStatus, EncounterOutcome
from hymy.customers.models import Customer, CustomerChange, Encounter, Note, Purchase
from hymy.demo.models import DemoTruth
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.tenancy.choices import Role
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.services import organization_create

pytestmark = pytest.mark.django_db

SMALL = "0.05"  # the telecom at 100 customers; Loistopixel always has its five


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """What a person would compare between two demo databases."""
    result = {}
    for organization in Organization.objects.order_by("slug"):
        customers = Customer.objects.filter(organization=organization)
        encounters = Encounter.objects.filter(organization=organization)
        purchases = Purchase.objects.filter(organization=organization)
        result[organization.slug] = {
            "customers": sorted(customers.values_list("name", "email", "phone", "status")),
            "amount": purchases.aggregate(total=Sum("amount"))["total"],
            "purchases": purchases.count(),
            "outcomes": Counter(encounters.values_list("outcome", flat=True)),
            "first_encounters": list(
                encounters.order_by("started_at", "summary").values_list("started_at", "summary")[:20]
            ),
            "truth_counts": organization.demo_truth.truth["counts"],
        }
    return result


def test_creates_both_organisations_with_their_journeys():
    output = demo("--scale", SMALL)

    assert "Sign in as demo@hymy.fi / hymy-demo-2026" in output
    assert "http://127.0.0.1:8000/" in output
    for slug in ("loistopixel", "revontuli"):
        organization = Organization.objects.get(slug=slug)
        stages = JourneyStage.objects.filter(organization=organization)
        assert stages.count() == 7
        for stage in stages:
            assert Touchpoint.objects.filter(stage=stage).exists(), f"{slug}: no touchpoint at {stage}"
        priorities = list(
            Touchpoint.objects.filter(organization=organization).values_list("priority", flat=True)
        )
        assert sorted(priorities) == list(range(1, len(priorities) + 1))
    telecom = Organization.objects.get(slug="revontuli")
    assert telecom.name == "Revontuli Mobile Oy"
    outsourced = dict(
        Touchpoint.objects.filter(organization=telecom, partner__isnull=False).values_list(
            "name", "partner__name"
        )
    )
    assert outsourced == {
        "Asiakaspalvelu puhelimessa": "Contact Center Partners Oy",
        "Kotiinkuljetus": "Nopea Kuljetus Oy",
    }
    assert set(Touchpoint.objects.filter(organization=telecom).values_list("tier", flat=True)) == {
        "core", "extended", "exceeding",
    }  # fmt: skip


def test_loistopixel_has_five_customers_with_a_history():
    demo("--scale", SMALL)
    studio = Organization.objects.get(slug="loistopixel")

    customers = Customer.objects.filter(organization=studio)
    assert customers.count() == 5
    assert set(customers.values_list("kind", flat=True)) == {CustomerKind.PERSON, CustomerKind.COMPANY}
    assert customers.filter(language="en").count() == 1
    assert customers.get(name="Petri Salonen").company.name == "Asuntokulma LKV Oy"
    assert customers.exclude(needs_and_wishes="").count() >= 3
    for customer in customers.exclude(name="Petri Salonen"):
        assert customer.purchases.exists(), customer.name
        assert customer.encounters.exists(), customer.name
    assert Note.objects.filter(organization=studio).count() >= 3
    today = datetime.date.today()
    purchase_days = Purchase.objects.filter(organization=studio).values_list("purchased_on", flat=True)
    assert all(today - datetime.timedelta(days=731) <= day < today for day in purchase_days)
    assert CustomerChange.objects.filter(organization=studio).count() == 5


def test_running_again_creates_no_duplicates():
    demo("--scale", SMALL)
    before = snapshot()
    users = User.objects.count()

    output = demo("--scale", "0.1")

    assert "Loistopixel already exists" in output
    assert "Revontuli Mobile Oy already exists (seed 2026, scale 0.05)" in output
    assert snapshot() == before
    assert User.objects.count() == users
    assert Organization.objects.count() == 2


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    demo("--scale", SMALL)
    first = snapshot()

    output = demo("--scale", SMALL, "--reset")
    assert "Deleted the old Revontuli Mobile Oy" in output
    assert snapshot() == first

    demo("--scale", SMALL, "--reset", "--seed", "7")
    other = snapshot()
    assert other["loistopixel"] == first["loistopixel"]  # written by hand, not drawn
    assert other["revontuli"]["customers"] != first["revontuli"]["customers"]


def test_a_scale_multiplies_the_telecom_only():
    demo("--scale", "0.1")
    assert Customer.objects.filter(organization__slug="revontuli").count() == 200
    assert Customer.objects.filter(organization__slug="loistopixel").count() == 5


def test_the_demo_user_signs_in_and_owns_both_organisations(client):
    demo("--scale", SMALL)

    assert client.login(email="demo@hymy.fi", password="hymy-demo-2026")
    roles = dict(
        Membership.objects.filter(user__email="demo@hymy.fi").values_list("organization__slug", "role")
    )
    assert roles == {"loistopixel": Role.OWNER, "revontuli": Role.OWNER}
    response = client.get("/o/revontuli/customers/")
    assert response.status_code == 200


def test_telecom_staff_have_their_roles_and_the_courier_belongs_to_the_delivery_partner(client):
    demo("--scale", SMALL)
    telecom = Organization.objects.get(slug="revontuli")

    roles = Counter(Membership.objects.filter(organization=telecom).values_list("role", flat=True))
    assert roles[Role.AGENT] >= 1 and roles[Role.ANALYST] >= 1 and roles[Role.VIEWER] >= 1
    courier = Membership.objects.get(organization=telecom, user__email="kuljetus@hymy.fi")
    assert courier.role == Role.PARTNER
    assert courier.partner.name == "Nopea Kuljetus Oy"
    assert courier.partner.touchpoints.get().name == "Kotiinkuljetus"
    assert client.login(email="kuljetus@hymy.fi", password="hymy-demo-2026")


def test_telecom_customers_look_real():
    demo("--scale", "0.1")
    customers = Customer.objects.filter(organization__slug="revontuli")

    for customer in customers:
        assert phone_normalize(customer.phone) == customer.phone  # already E.164
        assert customer.external_id == customer.attributes["asiakasnumero"]
    assert all(phone.startswith("+358") for phone in customers.values_list("phone", flat=True))
    emails = [email for email in customers.values_list("email", flat=True) if email]
    assert len(emails) == len(set(emails))
    languages = Counter(customers.values_list("language", flat=True))
    assert languages["fi"] > 0.7 * len(customers)
    assert languages["en"] > 0 and languages["sv"] > 0
    companies = customers.filter(kind=CustomerKind.COMPANY)
    assert companies.exists() and customers.filter(company__in=companies).exists()
    assert customers.filter(tags__name="B2B").exists()
    churned = customers.filter(status=CustomerStatus.CHURNED)
    assert churned.exists() and not churned.filter(churned_at__isnull=True).exists()
    assert (
        customers.filter(survey_consent=True).exclude(survey_consent_source="").count() > len(customers) / 2
    )


def test_invalid_phone_would_be_caught_by_the_check_above():
    """The look-real test relies on phone_normalize rejecting impossible numbers."""
    with pytest.raises(ValidationError):
        phone_normalize("+358 12")


def test_an_organisation_the_demo_did_not_make_is_left_alone():
    someone = User.objects.create_user("someone@example.fi", None)
    organization_create(name="Revontuli Sauna", slug="revontuli", owner=someone)

    output = demo("--scale", SMALL, "--reset")

    assert "/o/revontuli/ exists but was not made by the demo" in output
    assert Organization.objects.get(slug="revontuli").name == "Revontuli Sauna"
    assert not Customer.objects.filter(organization__slug="revontuli").exists()
    assert Customer.objects.filter(organization__slug="loistopixel").count() == 5


# --- The planted effects ---------------------------------------------------------------------


def complaint_groups(organization, resolution_touchpoint: str, fast_within_days: int) -> dict[int, str]:
    """Each customer's complaint-handling group, read from the encounters alone (the rule in the truth)."""
    complaints, fixes = defaultdict(list), defaultdict(list)
    rows = Encounter.objects.filter(
        organization=organization,
        customer__isnull=False,
        outcome__in=[EncounterOutcome.COMPLAINT, EncounterOutcome.RESOLVED],
    ).values_list("customer_id", "touchpoint__name", "outcome", "started_at")
    for customer_id, touchpoint, outcome, started_at in rows:
        if outcome == EncounterOutcome.COMPLAINT:
            complaints[customer_id].append(started_at)
        elif touchpoint == resolution_touchpoint:
            fixes[customer_id].append(started_at)
    groups = {}
    for customer_id in Customer.objects.filter(organization=organization).values_list("pk", flat=True):
        if not complaints[customer_id]:
            groups[customer_id] = "none"
            continue
        latest = max(complaints[customer_id])
        later = [at for at in fixes[customer_id] if at > latest]
        if not later:
            groups[customer_id] = "unresolved"
        elif min(later) - latest <= datetime.timedelta(days=fast_within_days):
            groups[customer_id] = "fixed_fast"
        else:
            groups[customer_id] = "fixed_slow"
    return groups


def test_planted_effects_are_visible_in_the_data_and_match_the_truth():
    demo("--scale", "0.3")
    telecom = Organization.objects.get(slug="revontuli")
    truth = DemoTruth.objects.get(organization=telecom).truth

    # Outsourced touchpoints fail more often than our own staff.
    bad = {EncounterOutcome.COMPLAINT, EncounterOutcome.UNRESOLVED}
    shares = {}
    for touchpoint in Touchpoint.objects.filter(organization=telecom):
        outcomes = list(Encounter.objects.filter(touchpoint=touchpoint).values_list("outcome", flat=True))
        assert truth["touchpoints"][touchpoint.name]["encounters"] == len(outcomes)
        assert truth["touchpoints"][touchpoint.name]["bad_outcomes"] == sum(o in bad for o in outcomes)
        shares[touchpoint.name] = (sum(o in bad for o in outcomes), len(outcomes), touchpoint.is_outsourced)
    own_bad = sum(b for b, n, outsourced in shares.values() if not outsourced)
    own_total = sum(n for b, n, outsourced in shares.values() if not outsourced)
    delivery_bad, delivery_total, _ = shares["Kotiinkuljetus"]
    call_bad, call_total, _ = shares["Asiakaspalvelu puhelimessa"]
    assert delivery_bad / delivery_total > 2.5 * own_bad / own_total
    assert call_bad / call_total > 2.5 * own_bad / own_total
    planted = truth["touchpoints"]
    assert (
        planted["Kotiinkuljetus"]["planted_quality"] < planted["Myymälä Helsinki Kamppi"]["planted_quality"]
    )
    assert planted["Kotiinkuljetus"]["operated_by"] == "Nopea Kuljetus Oy"

    # Calls to the outsourced call centre last longer than chats with our own staff.
    def median_minutes(name):
        lengths = sorted(
            (e.ended_at - e.started_at).total_seconds() / 60
            for e in Encounter.objects.filter(touchpoint__name=name, touchpoint__organization=telecom)
        )
        return lengths[len(lengths) // 2]

    assert median_minutes("Asiakaspalvelu puhelimessa") > 1.4 * median_minutes(
        "OmaRevontuli-sovellus ja chat"
    )

    # Customers whose complaint was left unresolved churn more than those whose complaint was fixed fast.
    handling = truth["complaint_handling"]
    groups = complaint_groups(telecom, handling["resolution_touchpoint"], handling["fast_within_days"])
    churned = set(
        Customer.objects.filter(organization=telecom, status=CustomerStatus.CHURNED).values_list(
            "pk", flat=True
        )
    )
    realised = {}
    for group in ("none", "fixed_fast", "fixed_slow", "unresolved"):
        members = [pk for pk, g in groups.items() if g == group]
        realised[group] = (len(members), sum(pk in churned for pk in members))
        assert handling["realised"][group]["customers"] == realised[group][0], group
        assert handling["realised"][group]["churned"] == realised[group][1], group
    fast_customers, fast_churned = realised["fixed_fast"]
    open_customers, open_churned = realised["unresolved"]
    assert fast_customers >= 30 and open_customers >= 20
    assert open_churned / open_customers > 2 * fast_churned / fast_customers
    hazards = truth["planted"]["complaint_hazard_multiplier"]
    assert hazards["unresolved"] > hazards["none"] > hazards["fixed_fast"]

    # Christmas sells more than midsummer.
    purchases = Purchase.objects.filter(organization=telecom)
    assert (
        purchases.filter(purchased_on__month=12).count()
        > 1.5 * purchases.filter(purchased_on__month=7).count()
    )
    assert truth["counts"]["customers"] == Customer.objects.filter(organization=telecom).count() == 600
