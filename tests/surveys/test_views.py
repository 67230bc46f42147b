"""Staff pages of surveys: the list and templates, the builder, contact rules, the response inbox, the
outbox, staff entry, inviting from the customer page — and who may do what, in which organisation."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from hymy.surveys import services
from hymy.surveys.library import TEMPLATES, THANK_YOU
from hymy.surveys.models import (
    Answer,
    ContactPolicy,
    Invitation,
    OutboxMessage,
    Question,
    Response,
    Survey,
)
from hymy.surveys.urls import urlpatterns as SURVEY_URLS
from hymy.tenancy.choices import Role

from .conftest import answered, make_customer

BASE = "/o/aurinko/surveys/"


def html(page) -> str:
    return page.content.decode()


def messages_of(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def surveys_state(organization) -> dict[str, list[dict]]:
    """Every survey row of the organisation, for asserting that a refused request changed nothing."""

    def rows(queryset):
        return list(queryset.order_by("pk").values())

    return {
        "surveys": rows(Survey.objects.filter(organization=organization)),
        "survey_touchpoints": rows(
            Survey.touchpoints.through.objects.filter(survey__organization=organization)
        ),
        "questions": rows(Question.objects.filter(survey__organization=organization)),
        "policies": rows(ContactPolicy.objects.filter(organization=organization)),
        "invitations": rows(Invitation.objects.filter(organization=organization)),
        "responses": rows(Response.objects.filter(organization=organization)),
        "answers": rows(Answer.objects.filter(organization=organization)),
        "outbox": rows(OutboxMessage.objects.filter(organization=organization)),
    }


# --- The survey list and ready templates ----------------------------------------------------------


def test_survey_list_shows_the_surveys_and_every_ready_template(owner_client, nps_survey, counter):
    answered(nps_survey, score=9)

    page = owner_client.get(BASE)

    assert page.status_code == 200
    counts = {survey.name: survey.response_count for survey in page.context["surveys"]}
    assert counts["NPS after a purchase"] == 1
    assert f'<a href="{BASE}{nps_survey.pk}/">NPS after a purchase</a>' in html(page)
    for template in TEMPLATES.values():
        assert f"<h3>{template['name']}</h3>" in html(page)
    assert html(page).count("Use this template") == len(TEMPLATES)


def test_viewer_sees_surveys_but_no_tools_to_change_them(client_for, members, nps_survey):
    page = client_for(members[Role.VIEWER].user).get(BASE)

    assert page.status_code == 200
    assert "NPS after a purchase" in html(page)
    for tool in ("Use this template", "New survey", "Contact rules"):
        assert tool not in html(page)


def test_survey_from_a_template_in_one_click(owner_client, counter, other):
    page = owner_client.post(
        f"{BASE}from-template/",
        {"template": "csat_after_support", "touchpoints": [counter.pk, other.touchpoint.pk]},
        follow=True,
    )

    survey = Survey.objects.get()
    assert page.redirect_chain == [(f"{BASE}{survey.pk}/", 302)]
    assert messages_of(page) == ["Survey CSAT after a support contact is ready and open for answers."]
    assert (survey.name, survey.status, survey.template_key) == (
        "CSAT after a support contact",
        "active",
        "csat_after_support",
    )
    # Only the organisation's own touchpoints are taken.
    assert list(survey.touchpoints.all()) == [counter]
    assert "How satisfied were you with the service you received?" in html(page)


def test_unknown_template_says_so_and_makes_nothing(owner_client, organization):
    page = owner_client.post(f"{BASE}from-template/", {"template": "nope"})

    assert page["Location"] == BASE
    assert Survey.objects.count() == 0
    assert messages_of(owner_client.get(BASE)) == ["Unknown survey template."]


# --- Survey settings ------------------------------------------------------------------------------


SURVEY_FORM = {
    "name": "Kesäkysely",
    "moment": "during",
    "invitation_delay_minutes": "30",
    "sampling_percent": "50",
    "reminder_after_days": "3",
    "response_edit_minutes": "90",
    "invite_after_encounters": "on",
    "title_fi": "Kesän kysely",
    "title_sv": "Sommarens enkät",
    "title_en": "",
    "intro_fi": "Kolme nopeaa kysymystä.",
}


def test_new_survey_by_hand_is_a_draft_with_its_texts_per_language(owner_client, counter):
    page = owner_client.post(f"{BASE}new/", {**SURVEY_FORM, "touchpoints": [counter.pk]})

    survey = Survey.objects.get()
    assert page["Location"] == f"{BASE}{survey.pk}/"
    assert (survey.name, survey.status, survey.moment) == ("Kesäkysely", "draft", "during")
    assert survey.title == {"fi": "Kesän kysely", "sv": "Sommarens enkät", "en": ""}
    assert survey.intro == {"fi": "Kolme nopeaa kysymystä.", "sv": "", "en": ""}
    assert (survey.invitation_delay_minutes, survey.sampling_percent, survey.reminder_after_days) == (
        30,
        50,
        3,
    )
    assert (survey.response_edit_minutes, survey.invite_after_encounters, survey.invite_after_purchases) == (
        90, True, False
    )  # fmt: skip
    assert list(survey.touchpoints.all()) == [counter]
    assert survey.thank_you == THANK_YOU


def test_thank_you_text_typed_in_the_form_is_kept(owner_client, organization):
    owner_client.post(f"{BASE}new/", {**SURVEY_FORM, "thank_you_en": "Thanks, see you soon!"})

    assert Survey.objects.get().thank_you == {"fi": "", "sv": "", "en": "Thanks, see you soon!"}


def test_survey_without_a_title_is_refused_and_what_was_typed_stays(owner_client, organization):
    page = owner_client.post(
        f"{BASE}new/", {**SURVEY_FORM, "title_fi": "", "title_sv": "", "sampling_percent": "150"}
    )

    assert page.status_code == 200
    assert Survey.objects.count() == 0
    form = page.context["form"]
    assert form.errors["sampling_percent"] == ["Ensure this value is less than or equal to 100."]
    assert 'value="Kesäkysely"' in html(page)
    assert "Nothing you typed has been lost." in html(page)

    page = owner_client.post(f"{BASE}new/", {**SURVEY_FORM, "title_fi": "", "title_sv": ""})

    assert page.context["form"].errors["title_fi"] == ["Give the survey a title in at least one language."]
    assert Survey.objects.count() == 0


def test_edit_survey_settings(owner_client, nps_survey):
    page = owner_client.get(f"{BASE}{nps_survey.pk}/edit/")
    assert page.context["form"].initial["title_sv"] == "Hur lyckades vi?"

    saved = owner_client.post(
        f"{BASE}{nps_survey.pk}/edit/",
        {
            **SURVEY_FORM,
            "name": "NPS kassalla",
            "title_fi": "Miten onnistuimme kassalla?",
            "sampling_percent": "25",
        },
    )

    assert saved["Location"] == f"{BASE}{nps_survey.pk}/"
    nps_survey.refresh_from_db()
    assert (nps_survey.name, nps_survey.sampling_percent, nps_survey.title["fi"]) == (
        "NPS kassalla", 25, "Miten onnistuimme kassalla?"
    )  # fmt: skip
    assert list(nps_survey.touchpoints.all()) == []


def test_close_and_reopen(owner_client, nps_survey):
    closed = owner_client.post(f"{BASE}{nps_survey.pk}/status/", {"status": "closed"}, follow=True)
    nps_survey.refresh_from_db()
    assert nps_survey.status == "closed"
    assert "Open for answers" in html(closed)

    owner_client.post(f"{BASE}{nps_survey.pk}/status/", {"status": "active"})
    nps_survey.refresh_from_db()
    assert nps_survey.status == "active"

    unknown = owner_client.post(f"{BASE}{nps_survey.pk}/status/", {"status": "deleted"}, follow=True)
    assert messages_of(unknown) == ["Unknown status."]
    nps_survey.refresh_from_db()
    assert nps_survey.status == "active"


def test_survey_without_questions_cannot_be_opened(owner_client, organization):
    survey = services.survey_create(organization=organization, name="Tyhjä", title={"fi": "Tyhjä"})

    page = owner_client.post(f"{BASE}{survey.pk}/status/", {"status": "active"}, follow=True)

    assert messages_of(page) == ["Add at least one question before opening the survey."]
    survey.refresh_from_db()
    assert survey.status == "draft"


# --- The question builder -------------------------------------------------------------------------


def question_form(**fields) -> dict:
    return {"kind": "nps", "text_fi": "", "text_sv": "", "text_en": "", **fields}


def test_add_a_question_with_its_texts_per_language(owner_client, organization):
    survey = services.survey_create(organization=organization, name="Oma", title={"fi": "Oma"})

    page = owner_client.post(
        f"{BASE}{survey.pk}/questions/new/",
        question_form(
            kind="csat",
            is_required="on",
            text_fi="Kuinka tyytyväinen olit?",
            text_sv="Hur nöjd var du?",
            text_en="How satisfied were you?",
            followup_text_fi="Mikä jäi harmittamaan?",
            followup_text_en="What let you down?",
            followup_min_score="1",
            followup_max_score="3",
            low_label_fi="Tyytymätön",
            high_label_fi="Tyytyväinen",
        ),  # fmt: skip
        follow=True,
    )

    assert page.redirect_chain == [(f"{BASE}{survey.pk}/", 302)]
    assert messages_of(page) == ["Question added."]
    question = survey.questions.get()
    assert (question.kind, question.position, question.is_required) == ("csat", 1, True)
    assert question.text == {
        "fi": "Kuinka tyytyväinen olit?",
        "sv": "Hur nöjd var du?",
        "en": "How satisfied were you?",
    }
    assert question.followup_text == {"fi": "Mikä jäi harmittamaan?", "sv": "", "en": "What let you down?"}
    assert (question.followup_min_score, question.followup_max_score) == (1, 3)
    assert question.low_label == {"fi": "Tyytymätön", "sv": "", "en": ""}
    assert question.choices == []
    assert '<span class="badge">SV</span> Hur nöjd var du?' in html(page)
    assert "Follow-up: What let you down? (1–3)" in html(page)


def test_choices_are_given_one_a_line_per_language(owner_client, nps_survey):
    owner_client.post(
        f"{BASE}{nps_survey.pk}/questions/new/",
        question_form(
            kind="multiple_choice",
            text_fi="Mikä oli tärkeintä?",
            text_en="What mattered most?",
            choices_fi="Hinta\nLaatu\n\nPalvelu\n",
            choices_en="Price\nQuality\nService",
        ),  # fmt: skip
    )

    question = nps_survey.questions.get(position=3)
    assert question.choices == [
        {"value": "1", "label": {"fi": "Hinta", "en": "Price"}},
        {"value": "2", "label": {"fi": "Laatu", "en": "Quality"}},
        {"value": "3", "label": {"fi": "Palvelu", "en": "Service"}},
    ]


def test_bad_question_keeps_what_was_typed_and_says_what_is_wrong(owner_client, nps_survey):
    url = f"{BASE}{nps_survey.pk}/questions/new/"

    one_choice = owner_client.post(
        url, question_form(kind="single_choice", text_fi="Mikä oli tärkeintä?", choices_fi="Hinta")
    )
    no_text = owner_client.post(url, question_form(kind="nps", followup_text_fi="Miksi?"))
    backwards = owner_client.post(
        url, question_form(text_en="Rate us", followup_min_score="8", followup_max_score="2")
    )
    bad_kind = owner_client.post(url, question_form(kind="essay", text_en="Tell us"))

    assert one_choice.status_code == 200
    assert one_choice.context["form"].errors == {"choices_fi": ["Give at least two choices, one a line."]}
    assert "\nMikä oli tärkeintä?</textarea>" in html(one_choice)
    assert "\nHinta</textarea>" in html(one_choice)
    assert no_text.context["form"].errors == {"text_fi": ["Write the question in at least one language."]}
    assert 'value="Miksi?"' in html(no_text)
    assert backwards.context["form"].errors == {
        "followup_max_score": ["The range of scores for the follow-up is the wrong way round."]
    }
    assert list(bad_kind.context["form"].errors) == ["kind"]
    assert nps_survey.questions.count() == 2


def test_edit_a_question(owner_client, nps_survey):
    question = nps_survey.questions.get(position=2)
    url = f"{BASE}{nps_survey.pk}/questions/{question.pk}/edit/"
    form = owner_client.get(url).context["form"]
    assert (form.initial["kind"], form.initial["text_sv"]) == ("text", "Vad gjorde upplevelsen bra?")
    initial = {name: value for name, value in form.initial.items() if value not in (None, False)}

    owner_client.post(url, {**initial, "text_en": "What did you like?", "is_required": "on"})

    question.refresh_from_db()
    assert question.text == {
        "fi": "Mikä teki kokemuksesta hyvän?",
        "sv": "Vad gjorde upplevelsen bra?",
        "en": "What did you like?",
    }
    assert question.is_required is True

    refused = owner_client.post(url, {**initial, "text_fi": "", "text_sv": "", "text_en": ""})
    assert refused.context["form"].errors == {"text_fi": ["Write the question in at least one language."]}
    question.refresh_from_db()
    assert question.text["en"] == "What did you like?"


def test_move_questions_up_and_down(owner_client, nps_survey):
    first, second = nps_survey.questions.all()
    services.question_create(survey=nps_survey, kind="yes_no", text={"fi": "Tuletko uudestaan?"})

    def order():
        return list(nps_survey.questions.values_list("kind", "position"))

    owner_client.post(f"{BASE}{nps_survey.pk}/questions/{second.pk}/move/", {"direction": "up"})
    assert order() == [("text", 1), ("nps", 2), ("yes_no", 3)]
    owner_client.post(f"{BASE}{nps_survey.pk}/questions/{first.pk}/move/", {"direction": "down"})
    assert order() == [("text", 1), ("yes_no", 2), ("nps", 3)]
    owner_client.post(f"{BASE}{nps_survey.pk}/questions/{first.pk}/move/", {"direction": "down"})
    assert order() == [("text", 1), ("yes_no", 2), ("nps", 3)]
    owner_client.post(f"{BASE}{nps_survey.pk}/questions/{second.pk}/move/", {"direction": "up"})
    assert order() == [("text", 1), ("yes_no", 2), ("nps", 3)]


def test_delete_a_question_without_answers_and_keep_one_with_answers(owner_client, nps_survey):
    first, second = nps_survey.questions.all()
    answered(nps_survey, score=7)

    removed = owner_client.post(f"{BASE}{nps_survey.pk}/questions/{second.pk}/delete/", follow=True)
    kept = owner_client.post(f"{BASE}{nps_survey.pk}/questions/{first.pk}/delete/", follow=True)

    assert messages_of(removed) == ["Question removed."]
    assert messages_of(kept) == [
        "This question already has answers; close the survey and make a new one instead."
    ]
    assert list(nps_survey.questions.all()) == [first]


def test_deleting_the_first_question_numbers_the_rest_from_one(owner_client, organization):
    survey = services.survey_create(organization=organization, name="Oma", title={"fi": "Oma"})
    opening = services.question_create(survey=survey, kind="text", text={"fi": "Mitä ostit?"})
    services.question_create(survey=survey, kind="csat", text={"fi": "Tyytyväinen?"})

    owner_client.post(f"{BASE}{survey.pk}/questions/{opening.pk}/delete/")

    assert list(survey.questions.values_list("kind", "position")) == [("csat", 1)]
    low = answered(survey, score=1, source="public_link")
    assert list(owner_client.get(f"{BASE}responses/", {"band": "low"}).context["page"]) == [low]


# --- Contact rules --------------------------------------------------------------------------------


def test_contact_rules_form(owner_client, organization, contact_policy):
    url = f"{BASE}contact-rules/"
    assert owner_client.get(url).context["form"].initial["days_between_invitations"] == 30

    page = owner_client.post(
        url,
        {"days_between_invitations": "14", "quiet_hours_start": "22:00", "quiet_hours_end": "07:30"},
        follow=True,
    )

    assert page.redirect_chain == [(BASE, 302)]
    assert messages_of(page) == ["Contact rules saved."]
    policy = ContactPolicy.objects.get(organization=organization)
    assert (policy.days_between_invitations, policy.quiet_hours_start, policy.quiet_hours_end) == (
        14, datetime.time(22, 0), datetime.time(7, 30)
    )  # fmt: skip

    refused = owner_client.post(
        url, {"days_between_invitations": "-1", "quiet_hours_start": "25:00", "quiet_hours_end": "07:30"}
    )

    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"days_between_invitations", "quiet_hours_start"}
    policy.refresh_from_db()
    assert policy.days_between_invitations == 14


# --- The response inbox ---------------------------------------------------------------------------


def day(number: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, number, 12, 0))


@pytest.fixture
def inbox(nps_survey, csat_survey, consenting, counter, delivery):
    """Five responses to two surveys on different days, some with comments."""
    return {
        "nps_3": answered(
            nps_survey, score=3, followup="Jono oli pitkä", customer=consenting, started_at=day(2)
        ),
        "nps_9": answered(nps_survey, score=9, started_at=day(10)),
        "nps_7": answered(nps_survey, score=7, text="Ihan ok", started_at=day(15)),
        "csat_1": answered(csat_survey, score=1, started_at=day(5), touchpoint=delivery),
        "csat_5": answered(
            csat_survey, score=5, followup="Loistavaa", started_at=day(20), source="public_link"
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["csat_5", "nps_7", "nps_9", "csat_1", "nps_3"]),
        ({"band": "low"}, ["csat_1", "nps_3"]),
        ({"band": "middle"}, ["nps_7"]),
        ({"band": "high"}, ["csat_5", "nps_9"]),
        ({"has_comment": "yes"}, ["csat_5", "nps_7", "nps_3"]),
        ({"has_comment": "no"}, ["nps_9", "csat_1"]),
        ({"survey": "csat"}, ["csat_5", "csat_1"]),
        ({"date_from": "2026-11-05", "date_to": "2026-11-15"}, ["nps_7", "nps_9", "csat_1"]),
        ({"date_from": "2026-11-16"}, ["csat_5"]),
        ({"source": "public_link"}, ["csat_5"]),
        ({"touchpoint": "delivery"}, ["csat_1"]),
        ({"survey": "nps", "band": "low", "has_comment": "yes"}, ["nps_3"]),
        ({"survey": "csat", "band": "middle"}, []),
    ],
)
def test_response_inbox_filters(owner_client, inbox, nps_survey, csat_survey, delivery, filters, expected):
    ids = {"nps": nps_survey.pk, "csat": csat_survey.pk, "delivery": delivery.pk}
    query = {key: ids.get(value, value) for key, value in filters.items()}

    page = owner_client.get(f"{BASE}responses/", query)

    assert page.status_code == 200
    assert list(page.context["page"]) == [inbox[name] for name in expected]
    count = len(expected)
    assert f"{count} response{'' if count == 1 else 's'}</p>" in html(page)


def test_inbox_with_a_bad_date_says_so(owner_client, inbox):
    page = owner_client.get(f"{BASE}responses/", {"date_from": "eilen"})

    assert page.status_code == 200
    assert page.context["filters"].errors == {"date_from": ["Enter a valid date."]}


def test_response_detail_shows_every_answer_in_the_respondents_language(owner_client, inbox, consenting):
    response = inbox["nps_3"]

    page = owner_client.get(f"{BASE}responses/{response.pk}/")

    assert page.status_code == 200
    text = html(page)
    assert f'<a href="/o/aurinko/customers/{consenting.pk}/">Liisa Lahtinen</a>' in text
    assert "Kuinka todennäköisesti suosittelisit yritystä Kahvila Aurinko" in text
    assert '<span class="score score-nps">3</span>' in text
    assert "Mikä meni pieleen? Mitä meidän pitäisi tehdä paremmin?</span><br>Jono oli pitkä" in text
    assert [answer.question.position for answer in page.context["answers"]] == [1]


def test_response_appears_on_the_customers_timeline(owner_client, inbox, consenting):
    text = re.sub(r"\s+", " ", html(owner_client.get(f"/o/aurinko/customers/{consenting.pk}/")))

    assert (
        f'<a href="{BASE}responses/{inbox["nps_3"].pk}/">NPS after a purchase</a></strong> · Kassa · Personal invitation'
        in text
    )
    assert '<span class="score score-nps">3</span> <q>Jono oli pitkä</q>' in text


# --- The outbox -----------------------------------------------------------------------------------


def test_outbox_shows_every_sent_message_and_the_email_in_a_sandbox(
    owner_client, nps_survey, organization, owner, record_encounter, sms_outbox, settings
):
    settings.HYMY_BASE_URL = "https://hymy.example"
    emailed = make_customer(
        organization, owner, '<script>alert("x")</script> Maija', email="maija@example.fi", language="en"
    )
    texted = make_customer(organization, owner, "Pertti Puhelin", phone="040 999 8888")
    record_encounter(emailed)
    record_encounter(texted)
    email, sms = OutboxMessage.objects.order_by("pk")

    listing = owner_client.get(f"{BASE}outbox/")

    assert list(listing.context["page"]) == [sms, email]
    assert "<td>maija@example.fi</td>" in html(listing)
    assert "<td>How did we do? – Kahvila Aurinko</td>" in html(listing)
    assert "<td>+358409998888</td>" in html(listing)

    detail = owner_client.get(f"{BASE}outbox/{email.pk}/")
    text = html(detail)
    assert detail.status_code == 200
    assert "<script>" not in text
    iframe = re.search(r"<iframe [^>]*>", text).group(0)
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in iframe
    assert "allow-scripts" not in iframe
    assert "allow-same-origin" not in iframe
    # The e-mail escaped its customer's name once; the srcdoc attribute escapes the e-mail again.
    assert "Hello &amp;lt;script&amp;gt;alert(&amp;quot;x&amp;quot;)&amp;lt;/script&amp;gt; Maija," in iframe
    assert "Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Maija," in text

    sms_detail = html(owner_client.get(f"{BASE}outbox/{sms.pk}/"))
    assert "<iframe" not in sms_detail
    assert "<details open>" in sms_detail
    url = f"https://hymy.example/r/{Invitation.objects.get(customer=texted).token}/"
    assert f'Kahvila Aurinko kysyy: miten onnistuimme? <a href="{url}" rel="nofollow">{url}</a>' in sms_detail


# --- Staff entry and inviting from the customer page ----------------------------------------------


def test_customer_page_offers_open_surveys_to_invite_and_to_enter(
    owner_client, nps_survey, csat_survey, consenting
):
    services.survey_status_set(survey=csat_survey, status="closed")

    text = html(owner_client.get(f"/o/aurinko/customers/{consenting.pk}/"))

    assert f'<option value="{nps_survey.pk}">NPS after a purchase</option>' in text
    assert f'<option value="{csat_survey.pk}">' not in text
    assert f'href="{BASE}{nps_survey.pk}/customers/{consenting.pk}/enter/"' in text


def test_staff_enters_a_phone_interview(owner_client, nps_survey, consenting, owner):
    first, second = nps_survey.questions.all()
    url = f"{BASE}{nps_survey.pk}/customers/{consenting.pk}/enter/"
    form = owner_client.get(url).context["form"]
    assert list(form.fields) == [
        "interview_kind",
        "touchpoint",
        f"q{first.pk}_score",
        f"q{first.pk}_followup",
        f"q{second.pk}_text",
    ]

    page = owner_client.post(
        url,
        {
            "interview_kind": "phone",
            "touchpoint": nps_survey.touchpoints.get().pk,
            f"q{first.pk}_score": "4",
            f"q{first.pk}_followup": "Toimitus myöhästyi",
        },
        follow=True,
    )

    assert page.redirect_chain == [(f"/o/aurinko/customers/{consenting.pk}/", 302)]
    assert Response.objects.get().touchpoint == nps_survey.touchpoints.get()
    assert messages_of(page) == ["Answers saved."]
    response = Response.objects.get()
    assert (response.source, response.staff, response.interview_kind, response.channel) == (
        "staff", owner, "phone", "phone"
    )  # fmt: skip
    assert (response.customer, response.language, response.is_complete) == (consenting, "fi", True)
    assert list(response.answers.values_list("score", "followup_text")) == [(4, "Toimitus myöhästyi")]
    detail = html(owner_client.get(f"{BASE}responses/{response.pk}/"))
    assert "Entered by staff · entered by Olli Omistaja (phone)" in detail


def test_staff_entry_needs_an_answer_and_refuses_out_of_range_scores(owner_client, nps_survey, consenting):
    first = nps_survey.questions.first()
    url = f"{BASE}{nps_survey.pk}/customers/{consenting.pk}/enter/"

    empty = owner_client.post(url, {"interview_kind": "deep"})
    out_of_range = owner_client.post(url, {"interview_kind": "deep", f"q{first.pk}_score": "11"})

    assert empty.context["form"].non_field_errors() == ["Enter at least one answer."]
    assert list(out_of_range.context["form"].errors) == [f"q{first.pk}_score"]
    assert Response.objects.count() == 0


def test_invite_from_the_customer_page(
    owner_client, nps_survey, consenting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = owner_client.post(f"{BASE}customers/{consenting.pk}/invite/", {"survey": nps_survey.pk})

    assert page["Location"] == f"/o/aurinko/customers/{consenting.pk}/"
    invitation = Invitation.objects.get()
    assert (invitation.survey, invitation.customer, invitation.status, invitation.touchpoint) == (
        nps_survey, consenting, "sent", None
    )  # fmt: skip
    (email,) = mail.outbox
    assert email.to == ["liisa@example.fi"]
    assert messages_of(owner_client.get(f"/o/aurinko/customers/{consenting.pk}/")) == [
        "Invitation on its way."
    ]


def test_invite_without_consent_says_why_it_was_not_sent(owner_client, nps_survey, organization, owner):
    refused = make_customer(organization, owner, "Kalle Kielto", email="kalle@example.fi", consent=False)

    page = owner_client.post(f"{BASE}customers/{refused.pk}/invite/", {"survey": nps_survey.pk}, follow=True)

    assert messages_of(page) == ["The invitation was not sent: No consent to ask for feedback."]
    assert Invitation.objects.get().skip_reason == "no_consent"
    assert mail.outbox == []


def test_invite_to_a_closed_survey_is_refused(owner_client, nps_survey, consenting):
    services.survey_status_set(survey=nps_survey, status="closed")

    page = owner_client.post(
        f"{BASE}customers/{consenting.pk}/invite/", {"survey": nps_survey.pk}, follow=True
    )

    assert messages_of(page) == ["Choose an open survey."]
    assert Invitation.objects.count() == 0


# --- Permissions ----------------------------------------------------------------------------------


def change_requests(survey, question, customer):
    """Every request that changes surveys, with a valid body."""
    survey_url = f"{BASE}{survey.pk}/"
    return [
        ("GET", f"{BASE}new/", None),
        ("POST", f"{BASE}new/", SURVEY_FORM),
        ("POST", f"{BASE}from-template/", {"template": "smiley_kiosk"}),
        ("GET", f"{BASE}contact-rules/", None),
        ("POST", f"{BASE}contact-rules/", {"days_between_invitations": "1", "quiet_hours_start": "01:00", "quiet_hours_end": "02:00"}),
        ("GET", f"{survey_url}edit/", None),
        ("POST", f"{survey_url}edit/", SURVEY_FORM),
        ("POST", f"{survey_url}status/", {"status": "closed"}),
        ("GET", f"{survey_url}questions/new/", None),
        ("POST", f"{survey_url}questions/new/", question_form(text_fi="Uusi kysymys")),
        ("GET", f"{survey_url}questions/{question.pk}/edit/", None),
        ("POST", f"{survey_url}questions/{question.pk}/edit/", question_form(kind="text", text_fi="Muutettu")),
        ("POST", f"{survey_url}questions/{question.pk}/move/", {"direction": "up"}),
        ("POST", f"{survey_url}questions/{question.pk}/delete/", {}),
    ]  # fmt: skip


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AGENT, Role.PARTNER])
def test_roles_without_change_surveys_cannot_change_them(
    client_for, members, role, nps_survey, consenting, organization
):
    client = client_for(members[role].user)
    question = nps_survey.questions.get(position=2)
    before = surveys_state(organization)

    for method, url, data in change_requests(nps_survey, question, consenting):
        page = client.get(url) if method == "GET" else client.post(url, data)
        assert page.status_code == 403, (method, url)

    assert surveys_state(organization) == before


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN, Role.OWNER])
def test_roles_with_change_surveys_can_change_them(
    client_for, members, role, nps_survey, consenting, organization
):
    client = client_for(members[role].user)
    question = nps_survey.questions.get(position=2)

    for method, url, data in change_requests(nps_survey, question, consenting):
        page = client.get(url) if method == "GET" else client.post(url, data)
        assert page.status_code == (200 if method == "GET" else 302), (method, url)

    assert Survey.objects.count() == 3
    assert not Question.objects.filter(pk=question.pk).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PARTNER, Role.ANALYST])
def test_roles_that_do_not_change_customers_cannot_invite_or_enter_answers(
    client_for, members, role, nps_survey, consenting, organization, delivery_customer
):
    client = client_for(members[role].user)
    first = nps_survey.questions.first()
    before = surveys_state(organization)

    for person in (consenting, delivery_customer):
        invite = client.post(f"{BASE}customers/{person.pk}/invite/", {"survey": nps_survey.pk})
        enter = client.post(
            f"{BASE}{nps_survey.pk}/customers/{person.pk}/enter/",
            {"interview_kind": "phone", f"q{first.pk}_score": "9"},
        )
        assert (invite.status_code, enter.status_code) == (403, 403)

    assert surveys_state(organization) == before
    assert mail.outbox == []


def test_agent_may_invite_and_enter_answers(agent_client, nps_survey, consenting, members):
    first = nps_survey.questions.first()

    agent_client.post(f"{BASE}customers/{consenting.pk}/invite/", {"survey": nps_survey.pk})
    agent_client.post(
        f"{BASE}{nps_survey.pk}/customers/{consenting.pk}/enter/",
        {"interview_kind": "phone", f"q{first.pk}_score": "9"},
    )

    assert Invitation.objects.get().customer == consenting
    assert Response.objects.get().staff == members[Role.AGENT].user


# --- Partner scope --------------------------------------------------------------------------------


def test_partner_sees_only_responses_from_its_own_touchpoints(partner_client, inbox):
    listing = partner_client.get(f"{BASE}responses/")
    own = partner_client.get(f"{BASE}responses/{inbox['csat_1'].pk}/")
    others = [
        partner_client.get(f"{BASE}responses/{inbox[name].pk}/") for name in ("nps_3", "nps_9", "csat_5")
    ]

    assert list(listing.context["page"]) == [inbox["csat_1"]]
    assert own.status_code == 200
    assert [page.status_code for page in others] == [404, 404, 404]


def test_partner_sees_no_outbox(partner_client, nps_survey, consenting, record_encounter):
    record_encounter(consenting)
    message = OutboxMessage.objects.get()

    assert partner_client.get(f"{BASE}outbox/").status_code == 403
    assert partner_client.get(f"{BASE}outbox/{message.pk}/").status_code == 404
    assert "Sent messages" not in html(partner_client.get(BASE))


# --- Another organisation's objects, for every survey page that names one ------------------------


MISSING_PK = 2_000_000_000
# The route prefix (under /o/<org>/surveys/) of a page whose `pk` is not a survey.
PK_OBJECT_BY_PREFIX = {"responses/": "response", "outbox/": "message", "channels/widgets/": "widget"}
OBJECT_BY_PARAM = {"survey_pk": "survey", "question_pk": "question", "customer_pk": "customer"}
# Parameters that are not objects, with a value that makes the page work for one's own objects.
PLAIN_PARAMS = {"fmt": "svg"}


def _object_params(pattern: URLPattern) -> dict[str, str]:
    route = str(pattern.pattern)
    objects = {}
    for param in pattern.pattern.converters:
        if param == "pk":
            prefix = next((p for p in PK_OBJECT_BY_PREFIX if route.startswith(p)), None)
            objects[param] = PK_OBJECT_BY_PREFIX.get(prefix, "survey")
        elif param in OBJECT_BY_PARAM:
            objects[param] = OBJECT_BY_PARAM[param]
    return objects


OBJECT_PAGES = [pattern for pattern in SURVEY_URLS if _object_params(pattern)]


def test_every_survey_page_parameter_is_known():
    for pattern in SURVEY_URLS:
        for param in pattern.pattern.converters:
            assert param in {"pk", *OBJECT_BY_PARAM, *PLAIN_PARAMS}, (
                f"say in OBJECT_BY_PARAM or PLAIN_PARAMS what {param!r} of {pattern.name} is"
            )
    assert len(OBJECT_PAGES) >= 12


@pytest.fixture
def own_objects(nps_survey, consenting, record_encounter):
    record_encounter(consenting)
    return {
        "survey": nps_survey,
        "question": nps_survey.questions.get(position=2),
        "customer": consenting,
        "response": answered(nps_survey, score=8, customer=consenting),
        "message": OutboxMessage.objects.get(),
        "widget": services.widget_create(organization=nps_survey.organization, name="Verkkosivu", survey=nps_survey),
    }


def _url(pattern, objects, **overrides):
    kwargs = {"org_slug": "aurinko"}
    for param, kind in _object_params(pattern).items():
        kwargs[param] = overrides.get(kind, objects[kind].pk)
    for param in pattern.pattern.converters:
        if param in PLAIN_PARAMS:
            kwargs[param] = PLAIN_PARAMS[param]
    return reverse(pattern.name, kwargs=kwargs)


@pytest.mark.parametrize("pattern", OBJECT_PAGES, ids=[pattern.name for pattern in OBJECT_PAGES])
def test_another_organisations_objects_are_404_on_every_survey_page(
    pattern, owner_client, client_for, own_objects, kuu_survey, other, organization, state_of
):
    """Each object of the page in turn is Leipomo Kuu's: the page answers as for one that does not exist,
    and nothing in either organisation changes."""
    kuu = vars(kuu_survey)
    # With our own objects the page works, so a 404 below is about the foreign object.
    assert owner_client.get(_url(pattern, own_objects)).status_code in (200, 405)
    before = (surveys_state(other.organization), surveys_state(organization), state_of(other.organization))

    for kind in _object_params(pattern).values():
        foreign = _url(pattern, own_objects, **{kind: kuu[kind].pk})
        missing = _url(pattern, own_objects, **{kind: MISSING_PK})
        got, expected = owner_client.get(foreign), owner_client.get(missing)
        assert got.status_code in (404, 405), (kind, foreign)
        assert got.status_code == expected.status_code
        posted, expected_post = owner_client.post(foreign, {**SURVEY_FORM, "survey": kuu["survey"].pk}), None
        expected_post = owner_client.post(missing, {**SURVEY_FORM, "survey": kuu["survey"].pk})
        assert posted.status_code in (404, 405), (kind, foreign)
        assert posted.status_code == expected_post.status_code

    # Kuu's own people are not members of Aurinko: every one of these pages is 404 for them.
    outsider = client_for(other.owner)
    assert outsider.get(_url(pattern, own_objects)).status_code == 404
    assert outsider.post(_url(pattern, own_objects), SURVEY_FORM).status_code == 404

    assert (
        surveys_state(other.organization),
        surveys_state(organization),
        state_of(other.organization),
    ) == before


def test_survey_of_another_organisation_cannot_be_chosen_for_an_invitation(
    owner_client, consenting, kuu_survey
):
    page = owner_client.post(
        f"{BASE}customers/{consenting.pk}/invite/", {"survey": kuu_survey.survey.pk}, follow=True
    )

    assert messages_of(page) == ["Choose an open survey."]
    assert Invitation.objects.count() == 0


def test_other_organisations_responses_and_messages_are_not_listed(owner_client, nps_survey, kuu_survey):
    mine = answered(nps_survey, score=10)

    assert list(owner_client.get(f"{BASE}responses/").context["page"]) == [mine]
    assert list(owner_client.get(f"{BASE}outbox/").context["page"]) == []
    filtered = owner_client.get(f"{BASE}responses/", {"survey": kuu_survey.survey.pk})
    assert list(filtered.context["filters"].errors) == ["survey"]


def test_anonymous_visitor_is_sent_to_sign_in(nps_survey):
    page = Client().get(f"{BASE}{nps_survey.pk}/")

    assert page.status_code == 302
    assert page["Location"] == f"/login/?next={BASE}{nps_survey.pk}/"


def test_score_band_reads_the_first_scored_question_even_after_a_text_question(
    owner_client, organization, counter
):
    from hymy.surveys.models import Response

    survey = services.survey_create(
        organization=organization, name="Ensin sanat", title={"fi": "Ensin sanat"}, touchpoints=[counter]
    )
    services.question_create(survey=survey, kind="text", text={"fi": "Kerro ensin"})
    nps = services.question_create(survey=survey, kind="nps", text={"fi": "Suosittelisitko?"})
    low = services.response_start(survey=survey, source="public_link", language="fi")
    services.answer_save(response=low, question=nps, score=2)
    high = services.response_start(survey=survey, source="public_link", language="fi")
    services.answer_save(response=high, question=nps, score=10)

    response = owner_client.get("/o/aurinko/surveys/responses/", {"band": "low", "survey": survey.pk})

    assert [shown.pk for shown in response.context["page"]] == [low.pk]
    assert Response.objects.get(pk=low.pk).touchpoint == counter  # its only touchpoint
