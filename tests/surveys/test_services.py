"""Surveys built from the ready templates, the "Why?" follow-up, and answers saved one by one."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hymy.surveys import services
from hymy.surveys.library import TEMPLATES
from hymy.surveys.models import Answer, Question, Response, Survey

from .conftest import answered, from_template

LANGUAGES = {"fi", "sv", "en"}


@pytest.fixture(autouse=True)
def _in_english():
    """A service's messages are translated where they are raised, into the active language: these
    tests read them in English, as the café's staff do (one test below reads them in Finnish)."""
    with translation.override("en"):
        yield


# --- Ready templates ------------------------------------------------------------------------------


def test_nps_template_makes_an_open_survey_with_branded_questions_in_three_languages(organization, counter):
    survey = from_template(organization, "nps_after_purchase", [counter])

    assert survey.name == "NPS after a purchase"
    assert survey.status == "active"
    assert survey.template_key == "nps_after_purchase"
    assert survey.title == {"fi": "Miten onnistuimme?", "sv": "Hur lyckades vi?", "en": "How did we do?"}
    assert list(survey.touchpoints.all()) == [counter]
    assert (survey.invite_after_purchases, survey.invite_after_encounters) == (True, False)
    assert survey.invitation_delay_minutes == 2 * 24 * 60
    nps, text = survey.questions.all()
    assert (nps.position, nps.kind, nps.is_required) == (1, "nps", True)
    assert nps.text == {
        "fi": "Kuinka todennäköisesti suosittelisit yritystä Kahvila Aurinko ystävällesi tai kollegallesi?",
        "sv": "Hur troligt är det att du skulle rekommendera Kahvila Aurinko till en vän eller kollega?",
        "en": "How likely are you to recommend Kahvila Aurinko to a friend or colleague?",
    }
    assert nps.low_label == {
        "fi": "Erittäin epätodennäköisesti",
        "sv": "Inte alls troligt",
        "en": "Not at all likely",
    }
    assert nps.high_label == {
        "fi": "Erittäin todennäköisesti",
        "sv": "Mycket troligt",
        "en": "Extremely likely",
    }
    assert nps.followup_text == {
        "fi": "Mikä meni pieleen? Mitä meidän pitäisi tehdä paremmin?",
        "sv": "Vad gick fel? Vad borde vi göra bättre?",
        "en": "What went wrong? What should we do better?",
    }
    assert (nps.followup_min_score, nps.followup_max_score) == (0, 6)
    assert nps.score_range == (0, 10)
    assert (text.position, text.kind, text.is_required) == (2, "text", False)
    assert text.text["en"] == "What made it a good experience?"


def test_ces_template_puts_the_brand_inside_the_statement(organization):
    survey = services.survey_create_from_template(
        organization=organization, template_key="ces_after_self_service"
    )

    (question,) = survey.questions.all()
    assert question.kind == "ces"
    assert question.score_range == (1, 7)
    assert question.text == {
        "fi": "Kahvila Aurinko teki asiani hoitamisesta helppoa.",
        "sv": "Kahvila Aurinko gjorde det lätt att sköta mitt ärende.",
        "en": "Kahvila Aurinko made it easy for me to handle my issue.",
    }
    assert (question.followup_min_score, question.followup_max_score) == (1, 4)


@pytest.mark.parametrize("template_key", sorted(TEMPLATES))
def test_every_template_has_every_text_in_finnish_swedish_and_english(organization, template_key):
    survey = services.survey_create_from_template(organization=organization, template_key=template_key)

    expected_kinds = [spec["kind"] for spec in TEMPLATES[template_key]["questions"]]
    questions = list(survey.questions.all())
    assert [question.kind for question in questions] == expected_kinds
    assert [question.position for question in questions] == list(range(1, len(questions) + 1))
    texts = [survey.title, survey.thank_you]
    for question in questions:
        texts += [question.text] + [
            t for t in (question.low_label, question.high_label, question.followup_text) if t
        ]
    for text in texts:
        assert set(text) == LANGUAGES
        assert all(value.strip() for value in text.values())
        assert not any("{brand}" in value for value in text.values())


@pytest.mark.parametrize(
    ("language", "name"),
    [("fi", "NPS oston jälkeen"), ("sv", "NPS efter ett köp"), ("en", "NPS after a purchase")],
)
def test_survey_from_a_template_is_named_in_the_makers_language(organization, language, name):
    with translation.override(language):
        survey = services.survey_create_from_template(
            organization=organization, template_key="nps_after_purchase"
        )

    assert survey.name == name


def test_unknown_template_makes_nothing(organization):
    with pytest.raises(ValidationError) as error:
        services.survey_create_from_template(organization=organization, template_key="no_such_template")

    assert error.value.messages == ["Unknown survey template."]
    assert Survey.objects.count() == 0


def test_template_with_another_organisations_touchpoint_is_refused(organization, other):
    with pytest.raises(ValidationError) as error:
        services.survey_create_from_template(
            organization=organization, template_key="nps_after_purchase", touchpoints=[other.touchpoint]
        )

    assert error.value.message_dict == {"touchpoints": ["Choose touchpoints of this organisation."]}
    assert Survey.objects.count() == 0


# --- The "Why?" follow-up -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "asked"), [(0, True), (3, True), (6, True), (7, False), (9, False), (10, False), (None, False)]
)
def test_nps_template_asks_what_went_wrong_only_from_detractors(nps_survey, score, asked):
    question = nps_survey.questions.get(position=1)

    assert question.followup_applies(score) is asked


@pytest.mark.parametrize("score", [1, 3, 5, None])
def test_followup_without_a_score_range_is_asked_after_every_answer(csat_survey, score):
    question = csat_survey.questions.get()

    assert (question.followup_min_score, question.followup_max_score) == (None, None)
    assert question.followup_applies(score) is True


@pytest.mark.parametrize(
    ("low", "high", "score", "asked"),
    [
        (9, None, 8, False), (9, None, 9, True), (9, None, 10, True),
        (None, 2, 2, True), (None, 2, 3, False),
        (4, 4, 4, True), (4, 4, 5, False),
    ],
)  # fmt: skip
def test_followup_range_open_at_one_end(nps_survey, low, high, score, asked):
    question = services.question_create(
        survey=nps_survey,
        kind="rating",
        text={"en": "Rate the coffee"},
        scale_min=0,
        scale_max=10,
        followup_text={"en": "Why?"},
        followup_min_score=low,
        followup_max_score=high,
    )

    assert question.followup_applies(score) is asked


def test_question_without_followup_never_asks_it(nps_survey):
    question = nps_survey.questions.get(position=2)

    assert question.followup_applies(None) is False
    assert question.followup_applies(0) is False


def test_followup_range_the_wrong_way_round_is_refused(nps_survey):
    with pytest.raises(ValidationError) as error:
        services.question_create(
            survey=nps_survey, kind="nps", text={"fi": "Suosittelisitko?"}, followup_text={"fi": "Miksi?"},
            followup_min_score=7, followup_max_score=3,
        )  # fmt: skip

    assert error.value.message_dict == {
        "followup_max_score": ["The range of scores for the follow-up is the wrong way round."]
    }
    assert nps_survey.questions.count() == 2


# --- Answer validation ----------------------------------------------------------------------------


def _survey_with(organization, kind, **fields):
    survey = services.survey_create(organization=organization, name=f"Test {kind}", title={"en": "Test"})
    question = services.question_create(survey=survey, kind=kind, text={"en": f"A {kind} question"}, **fields)
    response = services.response_start(survey=survey, source="public_link", language="en")
    return question, response


@pytest.mark.parametrize(
    ("kind", "fields", "low", "high"),
    [
        ("nps", {}, 0, 10),
        ("csat", {}, 1, 5),
        ("ces", {}, 1, 7),
        ("smiley3", {}, 1, 3),
        ("smiley4", {}, 1, 4),
        ("yes_no", {}, 0, 1),
        ("rating", {"scale_min": 1, "scale_max": 10}, 1, 10),
        ("rating", {}, 1, 5),
    ],
)
def test_scores_outside_the_scale_are_refused_and_its_ends_are_accepted(
    organization, kind, fields, low, high
):
    question, response = _survey_with(organization, kind, **fields)

    for bad in (low - 1, high + 1):
        with pytest.raises(ValidationError) as error:
            services.answer_save(response=response, question=question, score=bad)
        assert error.value.message_dict == {"score": [f"Choose a value from {low} to {high}."]}
    assert Answer.objects.count() == 0

    services.answer_save(response=response, question=question, score=low)
    assert Answer.objects.get().score == low
    services.answer_save(response=response, question=question, score=high)
    assert Answer.objects.get().score == high


def test_score_message_is_in_the_active_language(organization):
    question, response = _survey_with(organization, "nps")

    with translation.override("fi"), pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=question, score=11)

    assert error.value.message_dict == {"score": ["Valitse arvo väliltä 0–10."]}


@pytest.mark.parametrize("bad", ["kymmenen", "9.5", [9]])
def test_score_that_is_not_a_number_is_refused(organization, bad):
    question, response = _survey_with(organization, "nps")

    with pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=question, score=bad)

    assert error.value.message_dict == {"score": ["Choose one of the options."]}
    assert Answer.objects.count() == 0


def test_required_score_must_be_given(organization):
    question, response = _survey_with(organization, "csat", is_required=True)

    with pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=question, score=None, text="Hyvä palvelu")

    assert error.value.message_dict == {"score": ["Please choose an answer."]}
    assert Answer.objects.count() == 0


CHOICES = [
    {"value": "1", "label": {"fi": "Hinta", "en": "Price"}},
    {"value": "2", "label": {"fi": "Laatu", "en": "Quality"}},
    {"value": "3", "label": {"fi": "Palvelu", "en": "Service"}},
]


def test_single_choice_takes_exactly_one_of_its_own_options(organization):
    question, response = _survey_with(organization, "single_choice", choices=CHOICES)

    with pytest.raises(ValidationError) as too_many:
        services.answer_save(response=response, question=question, choices=["1", "2"])
    with pytest.raises(ValidationError) as unknown:
        services.answer_save(response=response, question=question, choices=["4"])
    assert too_many.value.message_dict == {"choices": ["Choose only one option."]}
    assert unknown.value.message_dict == {"choices": ["Choose from the options shown."]}
    assert Answer.objects.count() == 0

    services.answer_save(response=response, question=question, choices=["2"])
    assert Answer.objects.get().choices == ["2"]


def test_multiple_choice_keeps_each_choice_once_in_the_order_given(organization):
    question, response = _survey_with(organization, "multiple_choice", choices=CHOICES)

    services.answer_save(response=response, question=question, choices=["3", "1", "3", ""])

    assert Answer.objects.get().choices == ["3", "1"]


def test_choice_question_needs_two_choices(organization):
    survey = services.survey_create(organization=organization, name="Valinta", title={"fi": "Valinta"})

    with pytest.raises(ValidationError) as error:
        services.question_create(
            survey=survey, kind="single_choice", text={"fi": "Mikä?"}, choices=CHOICES[:1]
        )

    assert error.value.message_dict == {"choices_fi": ["Give at least two choices, one a line."]}
    assert survey.questions.count() == 0


def test_text_of_5000_characters_is_kept_and_one_more_is_refused(organization):
    question, response = _survey_with(organization, "text")

    with pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=question, text="a" * 5001)
    assert error.value.message_dict == {"text": ["Please keep it under 5000 characters."]}
    assert Answer.objects.count() == 0

    services.answer_save(response=response, question=question, text="a" * 5000)
    assert len(Answer.objects.get().text) == 5000


def test_oversized_followup_is_refused_and_the_score_stays(nps_survey):
    response = answered(nps_survey, score=4)
    question = nps_survey.questions.get(position=1)

    with pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=question, followup_text="b" * 5001)

    assert error.value.message_dict == {"followup_text": ["Please keep it under 5000 characters."]}
    answer = Answer.objects.get()
    assert (answer.score, answer.followup_text) == (4, "")


SCRIPT = '<script>alert("hymy")</script> Kahvi oli kylmää & hidasta'


def test_script_in_a_comment_is_stored_as_written_and_shown_as_text(nps_survey, consenting, owner_client):
    response = answered(nps_survey, score=2, followup=SCRIPT, customer=consenting)

    assert Answer.objects.get().followup_text == SCRIPT
    pages = [
        owner_client.get(f"/o/aurinko/surveys/responses/{response.pk}/"),
        owner_client.get("/o/aurinko/surveys/responses/"),
        owner_client.get(f"/o/aurinko/customers/{consenting.pk}/"),
    ]
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&quot;hymy&quot;)&lt;/script&gt; Kahvi oli kylmää &amp; hidasta" in html


def test_answer_to_a_question_of_another_survey_is_refused(nps_survey, csat_survey):
    response = services.response_start(survey=nps_survey, source="public_link", language="fi")

    with pytest.raises(ValidationError) as error:
        services.answer_save(response=response, question=csat_survey.questions.get(), score=5)

    assert error.value.messages == ["This question is not part of this survey."]
    assert Answer.objects.count() == 0


def test_unknown_language_falls_back_to_the_organisations(nps_survey):
    response = services.response_start(survey=nps_survey, source="public_link", language="de")

    assert response.language == "fi"


# --- Saving answers one by one --------------------------------------------------------------------


def _invitation(survey, customer):
    invitation = services.invitation_schedule(survey=survey, customer=customer, delay_minutes=0)
    assert invitation.status == "scheduled"
    return invitation


def test_first_answer_alone_makes_a_response_that_counts(nps_survey, consenting):
    invitation = _invitation(nps_survey, consenting)
    first, second = nps_survey.questions.all()
    response = services.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    assert (response.is_complete, response.has_comment) == (False, False)
    assert (response.customer, response.channel, response.source) == (consenting, "email", "invitation")

    services.answer_save(response=response, question=first, score=9)

    response.refresh_from_db()
    invitation.refresh_from_db()
    assert (response.is_complete, response.has_comment) == (True, False)
    assert invitation.answered_at is not None
    first_answered_at = invitation.answered_at

    services.answer_save(response=response, question=second, text="Ystävällinen palvelu")

    response.refresh_from_db()
    invitation.refresh_from_db()
    assert (response.is_complete, response.has_comment) == (True, True)
    assert invitation.answered_at == first_answered_at
    assert [
        (a.question.position, a.score, a.text) for a in response.answers.order_by("question__position")
    ] == [
        (1, 9, ""),
        (2, None, "Ystävällinen palvelu"),
    ]


def test_followup_saved_after_the_score_keeps_the_score(nps_survey):
    response = answered(nps_survey, score=3)
    first = nps_survey.questions.get(position=1)

    services.answer_save(response=response, question=first, followup_text="Jono oli pitkä")

    answer = Answer.objects.get()
    assert (answer.score, answer.followup_text) == (3, "Jono oli pitkä")
    response.refresh_from_db()
    assert response.has_comment is True


def test_changing_an_answer_keeps_one_answer_per_question(nps_survey):
    response = answered(nps_survey, score=3)
    first = nps_survey.questions.get(position=1)

    services.answer_save(response=response, question=first, score=8)

    assert list(Answer.objects.values_list("score", flat=True)) == [8]


def test_response_is_complete_only_when_every_required_question_is_answered(organization):
    survey = services.survey_create(organization=organization, name="Kaksi", title={"fi": "Kaksi"})
    first = services.question_create(
        survey=survey, kind="csat", text={"fi": "Tyytyväisyys?"}, is_required=True
    )
    second = services.question_create(survey=survey, kind="ces", text={"fi": "Helppous?"}, is_required=True)
    response = services.response_start(survey=survey, source="public_link", language="fi")

    services.answer_save(response=response, question=first, score=4)
    response.refresh_from_db()
    assert response.is_complete is False

    services.answer_save(response=response, question=second, score=6)
    response.refresh_from_db()
    assert response.is_complete is True


def test_one_response_per_invitation(nps_survey, consenting):
    invitation = _invitation(nps_survey, consenting)

    first = services.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    again = services.response_start(
        survey=nps_survey, source="invitation", language="en", invitation=invitation
    )

    assert again.pk == first.pk
    assert again.language == "fi"
    assert Response.objects.count() == 1


def test_same_idempotency_key_returns_the_response_already_made(nps_survey):
    first = services.response_start(
        survey=nps_survey, source="kiosk", language="fi", idempotency_key="kiosk-7f3a9c"
    )
    retried = services.response_start(
        survey=nps_survey, source="kiosk", language="fi", idempotency_key="kiosk-7f3a9c"
    )
    other = services.response_start(
        survey=nps_survey, source="kiosk", language="fi", idempotency_key="kiosk-8b1d22"
    )

    assert retried.pk == first.pk
    assert other.pk != first.pk
    assert Response.objects.count() == 2


def test_idempotency_keys_are_per_organisation(nps_survey, kuu_survey):
    mine = services.response_start(
        survey=nps_survey, source="kiosk", language="fi", idempotency_key="shared-key-1"
    )
    theirs = services.response_start(
        survey=kuu_survey.survey, source="kiosk", language="fi", idempotency_key="shared-key-1"
    )

    assert mine.pk != theirs.pk
    assert (mine.organization.slug, theirs.organization.slug) == ("aurinko", "kuu")


def test_staff_entry_saves_all_answers_or_none(nps_survey, consenting, owner):
    first, second = nps_survey.questions.all()
    response = services.response_start(
        survey=nps_survey,
        source="staff",
        language="fi",
        customer=consenting,
        staff=owner,
        interview_kind="phone",
    )

    with pytest.raises(ValidationError) as error:
        services.response_submit_all(
            response=response, answers={first.pk: {"score": 8}, second.pk: {"text": "x" * 5001}}
        )

    assert error.value.message_dict == {f"q{second.pk}": ["Please keep it under 5000 characters."]}
    assert Answer.objects.count() == 0
    response.refresh_from_db()
    assert response.is_complete is False


def test_question_with_answers_cannot_be_removed(nps_survey):
    answered(nps_survey, score=5)
    first = nps_survey.questions.get(position=1)

    with pytest.raises(ValidationError):
        services.question_delete(question=first)

    assert Question.objects.filter(pk=first.pk).exists()
