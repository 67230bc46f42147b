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
from hymy.demo.timing import HELSINKI
from hymy.insights.services import rollups_rebuild
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.surveys.choices import InvitationStatus, ResponseSource, SkipReason
from hymy.surveys.models import Answer, ContactPolicy, Invitation, KioskDevice, Response, Survey, WebWidget
from hymy.surveys.selectors import invitation_summary
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
            "responses": responses_summary(organization),
            "invitations": Counter(
                Invitation.objects.filter(organization=organization).values_list("status", "skip_reason")
            ),
        }
    return result


def responses_summary(organization) -> list:
    """Every response as a person would compare them: survey, source, when, where, scores and words."""
    answers = defaultdict(list)
    for response_id, position, score, text, followup in Answer.objects.filter(
        organization=organization
    ).values_list("response_id", "question__position", "score", "text", "followup_text"):
        answers[response_id].append((position, score, text, followup))
    rows = Response.objects.filter(organization=organization).values_list(
        "pk", "survey__name", "source", "started_at", "touchpoint__name", "customer__name", "language",
        "idempotency_key",
    )  # fmt: skip
    return sorted((*row[1:], tuple(sorted(answers[row[0]]))) for row in rows)


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
    phones = [phone for phone in customers.values_list("phone", flat=True) if phone]
    assert all(phone.startswith("+358") for phone in phones)
    # Only a home broadband customer without e-mail has no number: surveys cannot reach them.
    for customer in customers.filter(phone=""):
        assert customer.email == "" and customer.attributes["liittymä"] == "5G Koti 600M"
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


# --- Surveys, invitations and responses --------------------------------------------------------

OWN_AND_PARTNER_SHOPS = {"Myymälä Helsinki Kamppi", "Myymälä Tampere Koskikeskus", "Myymälä Oulu Valkea"}


def nps(scores: list[int]) -> float:
    return round(100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores), 1)


def nps_standard_error(scores: list[int]) -> float:
    n = len(scores)
    promoters, detractors = sum(s >= 9 for s in scores) / n, sum(s <= 6 for s in scores) / n
    return 100 * ((promoters + detractors - (promoters - detractors) ** 2) / n) ** 0.5


def first_scores(organization, kind: str) -> dict[str, list[int]]:
    """Scores of each touchpoint's answers to a survey's first question of this kind."""
    scores = defaultdict(list)
    rows = Answer.objects.filter(
        organization=organization, question__kind=kind, question__position=1, score__isnull=False
    ).values_list("response__touchpoint__name", "score")
    for name, score in rows:
        scores[name].append(score)
    return scores


def test_both_organisations_ask_with_surveys_from_the_templates_at_their_touchpoints():
    demo("--scale", SMALL)
    telecom = Organization.objects.get(slug="revontuli")
    studio = Organization.objects.get(slug="loistopixel")

    def touchpoints_of(organization, name):
        survey = Survey.objects.get(organization=organization, name=name)
        return set(survey.touchpoints.values_list("name", flat=True))

    assert set(Survey.objects.filter(organization=telecom).values_list("template_key", flat=True)) == {
        "nps_after_purchase", "csat_after_support", "ces_after_self_service", "smiley_kiosk", "three_questions",
    }  # fmt: skip
    assert touchpoints_of(telecom, "NPS ostoksen jälkeen") == {"Verkkokauppa", *OWN_AND_PARTNER_SHOPS}
    assert touchpoints_of(telecom, "NPS toimituksen jälkeen") == {"Kotiinkuljetus", "Nouto myymälästä"}
    assert "Asiakaspalvelu puhelimessa" in touchpoints_of(telecom, "CSAT asiakaspalvelun jälkeen")
    assert "OmaRevontuli-sovellus ja chat" in touchpoints_of(
        telecom, "CES itsepalvelu: sovellus ja verkkosivut"
    )
    assert Survey.objects.get(organization=telecom, name="NPS ostoksen jälkeen").sampling_percent == 50
    assert ContactPolicy.objects.get(organization=telecom).days_between_invitations == 30

    kiosks = KioskDevice.objects.filter(organization=telecom).select_related("survey", "touchpoint")
    assert {kiosk.touchpoint.name for kiosk in kiosks} == OWN_AND_PARTNER_SHOPS
    for kiosk in kiosks:
        assert kiosk.survey.template_key == "smiley_kiosk" and kiosk.is_active
        taps = Response.objects.filter(touchpoint=kiosk.touchpoint, source=ResponseSource.KIOSK)
        assert taps.exists() and kiosk.created_at <= min(taps.values_list("started_at", flat=True))
        assert kiosk.last_seen_at == max(taps.values_list("started_at", flat=True))
    widget = WebWidget.objects.get(organization=telecom)
    assert widget.touchpoint.name == "Verkkokauppa" and widget.survey.questions.first().kind == "ces"
    for survey in Survey.objects.filter(organization__in=[telecom, studio]):
        first = survey.responses.order_by("started_at").first()
        assert first is None or survey.created_at < first.started_at, survey.name

    assert set(Survey.objects.filter(organization=studio).values_list("template_key", flat=True)) == {
        "nps_after_purchase", "three_questions",
    }  # fmt: skip
    assert touchpoints_of(studio, "Suosittelu kuvien toimituksen jälkeen") == {"Kuvien toimitus"}
    assert not KioskDevice.objects.filter(organization=studio).exists()


def test_loistopixel_has_an_honest_tiny_sample():
    demo("--scale", SMALL)
    studio = Organization.objects.get(slug="loistopixel")
    responses = Response.objects.filter(organization=studio)

    assert Counter(responses.values_list("source", flat=True)) == {"invitation": 8, "staff": 2}
    for interview in responses.filter(source=ResponseSource.STAFF):
        assert interview.interview_kind == "deep" and interview.staff.email == "demo@hymy.fi"
        answers = list(interview.answers.all())
        assert len(answers) == 3 and all(answer.followup_text for answer in answers)
    assert set(responses.filter(customer__name="James Whitfield").values_list("language", flat=True)) == {
        "en"
    }
    assert invitation_summary(organization=studio) == {
        "scheduled": 0, "sent": 11, "not_sent": 1, "failed": 0, "opened": 10, "answered": 8,
        "reasons": {SkipReason.ASKED_RECENTLY: 1},
    }  # fmt: skip
    scores = first_scores(studio, "nps")
    truth = studio.demo_truth.truth["feedback"]["by_touchpoint"]["Kuvien toimitus"]["nps"]
    assert truth["n"] == len(scores["Kuvien toimitus"]) == 8
    assert truth["nps"] == nps(scores["Kuvien toimitus"])


def test_invitations_follow_the_contact_rules_and_keep_their_reasons():
    demo("--scale", SMALL)
    telecom = Organization.objects.get(slug="revontuli")
    invitations = Invitation.objects.filter(organization=telecom).select_related("customer", "encounter")

    not_sent = invitations.filter(status=InvitationStatus.NOT_SENT)
    reasons = Counter(not_sent.values_list("skip_reason", flat=True))
    assert {SkipReason.NO_CONSENT, SkipReason.ASKED_RECENTLY, SkipReason.SAMPLED_OUT} <= set(reasons)
    assert "" not in reasons
    assert not invitations.exclude(status=InvitationStatus.NOT_SENT).exclude(skip_reason="").exists()
    assert not not_sent.filter(sent_at__isnull=False).exists()
    # Consent is judged when the invitation is made (a first purchase may come before the consent).
    for invitation in not_sent.filter(skip_reason=SkipReason.NO_CONSENT):
        consent_at = invitation.customer.survey_consent_at
        assert consent_at is None or consent_at > invitation.created_at
    for invitation in invitations.filter(status=InvitationStatus.SENT):
        assert invitation.customer.survey_consent_at <= invitation.created_at

    now = datetime.datetime.now(datetime.UTC)
    sent_by_customer = defaultdict(list)
    for invitation in invitations:
        assert invitation.created_at <= invitation.scheduled_for
        local = invitation.scheduled_for.astimezone(HELSINKI)
        assert 8 <= local.hour < 21, "scheduled in the quiet hours"
        if invitation.encounter is not None:
            assert invitation.created_at == (invitation.encounter.ended_at or invitation.encounter.started_at)
        elif invitation.purchase_id is not None:
            assert invitation.created_at.astimezone(HELSINKI).time() == datetime.time(12)
        moments = [invitation.sent_at, invitation.opened_at, invitation.answered_at]
        if invitation.status == InvitationStatus.SENT:
            sent_by_customer[invitation.customer_id].append(invitation.sent_at)
            assert invitation.scheduled_for <= invitation.sent_at
            present = [moment for moment in moments if moment is not None]
            assert present == sorted(present) and present[-1] < now
            assert invitation.opened_at is not None or invitation.answered_at is None
        else:
            assert moments == [None, None, None]
    for moments in sent_by_customer.values():
        moments.sort()
        assert all(b - a >= datetime.timedelta(days=30) for a, b in zip(moments, moments[1:], strict=False))

    summary = invitation_summary(organization=telecom)
    truth = telecom.demo_truth.truth["feedback"]["invitations"]
    assert summary["reasons"] == truth["not_sent_reasons"]
    assert summary["sent"] == truth["by_status"]["sent"] and summary["scheduled"] == 0
    assert summary["answered"] == sum(channel["answered"] for channel in truth["by_channel"].values())
    assert 0.25 <= summary["answered"] / summary["sent"] <= 0.45


def test_every_personal_response_belongs_to_its_invitations_customer():
    demo("--scale", SMALL)
    responses = Response.objects.filter(organization__slug="revontuli").select_related("invitation")

    personal = responses.filter(source=ResponseSource.INVITATION)
    assert personal.exists()
    for response in personal:
        invitation = response.invitation
        assert invitation is not None and invitation.status == InvitationStatus.SENT
        assert response.customer_id == invitation.customer_id
        assert response.touchpoint_id == invitation.touchpoint_id
        assert response.started_at == invitation.answered_at
        assert (response.channel, response.language) == (invitation.channel, invitation.language)
    answered = Invitation.objects.filter(organization__slug="revontuli", answered_at__isnull=False)
    assert answered.count() == personal.count()
    anonymous = [ResponseSource.KIOSK, ResponseSource.WIDGET, ResponseSource.PUBLIC_LINK]
    assert not responses.filter(source__in=anonymous, customer__isnull=False).exists()
    assert not responses.filter(source__in=anonymous, invitation__isnull=False).exists()
    assert not responses.filter(source=ResponseSource.STAFF, staff__isnull=True).exists()

    kiosk = responses.filter(source=ResponseSource.KIOSK)
    keys = list(kiosk.values_list("idempotency_key", flat=True))
    assert all(keys) and len(set(keys)) == len(keys)
    assert set(kiosk.values_list("device", flat=True)) == {"tablet"}
    assert set(kiosk.values_list("touchpoint__name", flat=True)) == OWN_AND_PARTNER_SHOPS
    for started_at in kiosk.values_list("started_at", flat=True):
        assert 10 <= started_at.astimezone(HELSINKI).hour <= 19, "a kiosk answer outside opening hours"

    tokens = list(Response.objects.values_list("token", flat=True))
    assert all(len(token) == 43 for token in tokens) and len(set(tokens)) == len(tokens)
    for response in responses.prefetch_related("answers"):
        answers = list(response.answers.all())
        assert answers and response.is_complete
        assert response.has_comment == any(answer.text or answer.followup_text for answer in answers)
    for organization in Organization.objects.all():
        assert rollups_rebuild(organization=organization).differences == 0


def test_the_planted_response_model_shows_in_the_answers_and_matches_the_truth():
    demo("--scale", "0.3")
    telecom = Organization.objects.get(slug="revontuli")
    feedback = DemoTruth.objects.get(organization=telecom).truth["feedback"]
    truth = feedback["by_touchpoint"]
    outsourced = set(
        Touchpoint.objects.filter(organization=telecom, partner__isnull=False).values_list("name", flat=True)
    )

    # Every source, and 25–45 % of the sent invitations answered; text messages less often.
    assert set(Response.objects.filter(organization=telecom).values_list("source", flat=True)) == {
        "invitation", "kiosk", "widget", "public_link", "staff",
    }  # fmt: skip
    sources = Counter(Response.objects.filter(organization=telecom).values_list("source", flat=True))
    assert sources == feedback["responses"]["by_source"]
    assert sources["kiosk"] > sum(sources.values()) / 2
    channels = feedback["invitations"]["by_channel"]
    assert channels["sms"]["answer_rate"] < channels["email"]["answer_rate"]
    assert SkipReason.NO_ADDRESS in feedback["invitations"]["not_sent_reasons"]

    # Realised NPS per touchpoint, counted from the answers, is the truth's, and near the model's.
    nps_scores = first_scores(telecom, "nps")
    for name, scores in nps_scores.items():
        assert truth[name]["nps"]["n"] == len(scores) and truth[name]["nps"]["nps"] == nps(scores), name
        assert abs(nps(scores) - truth[name]["nps"]["expected"]) < 4 * nps_standard_error(scores), name
    delivery = nps_scores["Kotiinkuljetus"]
    own = [score for name, scores in nps_scores.items() if name not in outsourced for score in scores]
    assert len(delivery) >= 30 and len(own) >= 150
    assert nps(own) - nps(delivery) >= 30
    error = (nps_standard_error(own) ** 2 + nps_standard_error(delivery) ** 2) ** 0.5
    assert (nps(own) - nps(delivery)) / error > 3
    for name in OWN_AND_PARTNER_SHOPS:
        assert nps(nps_scores[name]) > nps(delivery) + 20, name

    # The outsourced call centre's CSAT is clearly below our own support's.
    csat = first_scores(telecom, "csat")
    for name, scores in csat.items():
        assert truth[name]["csat"]["mean"] == round(sum(scores) / len(scores), 2), name
    call_centre = csat.pop("Asiakaspalvelu puhelimessa")
    own_csat = [score for scores in csat.values() for score in scores]
    assert sum(own_csat) / len(own_csat) - sum(call_centre) / len(call_centre) > 0.6

    # Customers who later left had given lower scores than those who stayed.
    churned = set(
        Customer.objects.filter(organization=telecom, status=CustomerStatus.CHURNED).values_list(
            "pk", flat=True
        )
    )
    stayers, leavers = [], []
    rows = Answer.objects.filter(
        organization=telecom, question__kind="nps", response__source=ResponseSource.INVITATION
    ).values_list("response__customer_id", "score")
    for customer_id, score in rows:
        (leavers if customer_id in churned else stayers).append(score)
    by_churn = feedback["nps_by_later_churn"]
    assert by_churn["leavers"]["nps"] == nps(leavers) and by_churn["stayers"]["nps"] == nps(stayers)
    # The data is anchored to today; across many dates the gap at this scale stayed above 19 points.
    assert nps(stayers) - nps(leavers) > 10

    # Comments in the customers' languages, and Christmas is busier at the kiosks than July.
    commented = Response.objects.filter(organization=telecom, has_comment=True)
    assert {"fi", "sv", "en"} <= set(commented.values_list("language", flat=True))
    english = Answer.objects.filter(response__in=commented.filter(language="en")).exclude(followup_text="")
    assert any(" the " in f" {answer.followup_text.lower()} " for answer in english)
    kiosk = Response.objects.filter(organization=telecom, source=ResponseSource.KIOSK)
    assert kiosk.filter(started_at__month=12).count() > 1.5 * kiosk.filter(started_at__month=7).count()
