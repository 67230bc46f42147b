"""The public "give feedback" page (R3.1): any time, any subject, no invitation, by an unguessable address."""

import re

import pytest
from django.urls import reverse

from hymy.customers.models import Customer
from hymy.journeys import services as journey_services
from hymy.surveys import feedback, posters, services
from hymy.surveys.choices import QuestionKind, ResponseSource, SurveyStatus
from hymy.surveys.models import Answer, Response, Survey
from hymy.tenancy.choices import Role

BASE_URL = "https://hymy.example"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.HYMY_BASE_URL = BASE_URL


@pytest.fixture
def page(organization):
    return feedback.feedback_survey_get_or_create(organization=organization)


@pytest.fixture
def url(page):
    return reverse("feedback_page", args=[page.public_token])


def answers_of(response: Response) -> dict[str, object]:
    """{question kind: score or text} of one response."""
    result = {}
    for answer in Answer.objects.filter(response=response).select_related("question"):
        result[answer.question.kind] = (
            answer.text if answer.question.kind == QuestionKind.TEXT else answer.score
        )
    return result


def stored(organization) -> tuple[int, int]:
    return Response.objects.filter(organization=organization).count(), Customer.objects.filter(
        organization=organization
    ).count()


# --- The survey behind the page ---------------------------------------------------------------


def test_each_organisation_gets_one_open_feedback_survey_without_triggers(organization, other):
    first = feedback.feedback_survey_get_or_create(organization=organization)
    again = feedback.feedback_survey_get_or_create(organization=organization)
    theirs = feedback.feedback_survey_get_or_create(organization=other.organization)

    assert first.pk == again.pk != theirs.pk
    assert Survey.objects.filter(organization=organization, template_key="passive_feedback").count() == 1
    assert first.status == SurveyStatus.ACTIVE
    assert first.invite_after_encounters is False and first.invite_after_purchases is False
    assert first.touchpoints.count() == 0
    questions = list(first.questions.all())
    assert [(question.kind, question.is_required) for question in questions] == [
        (QuestionKind.SMILEY3, False),
        (QuestionKind.TEXT, True),
        (QuestionKind.YES_NO, False),
    ]
    assert first.title == {"fi": "Anna palautetta", "sv": "Ge respons", "en": "Give feedback"}


def test_a_closed_feedback_survey_stays_closed(page, organization):
    services.survey_status_set(survey=page, status=SurveyStatus.CLOSED)
    again = feedback.feedback_survey_get_or_create(organization=organization)
    assert again.pk == page.pk
    assert again.status == SurveyStatus.CLOSED


def test_survey_list_shows_the_feedback_pages_address(owner_client, organization):
    response = owner_client.get(reverse("survey_list", kwargs={"org_slug": organization.slug}))

    survey = Survey.objects.get(organization=organization, template_key="passive_feedback")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Feedback page for your website" in html
    assert f'value="{BASE_URL}/feedback/{survey.public_token}/"' in html
    owner_client.get(reverse("survey_list", kwargs={"org_slug": organization.slug}))
    assert Survey.objects.filter(organization=organization, template_key="passive_feedback").count() == 1


def test_a_viewer_sees_the_card_too(client_for, members, organization):
    response = client_for(members[Role.VIEWER].user).get(
        reverse("survey_list", kwargs={"org_slug": organization.slug})
    )
    assert response.status_code == 200
    assert "/feedback/" in response.content.decode()


def test_a_poster_of_the_feedback_survey_leads_to_the_feedback_page(page, counter):
    assert posters.poster_url(survey=page) == f"{BASE_URL}/feedback/{page.public_token}/"
    assert posters.poster_url(survey=page, touchpoint=counter).endswith(f"?tp={counter.pk}")


# --- Reaching the page ------------------------------------------------------------------------


def test_the_page_is_reached_by_its_token_not_by_the_slug_or_another_surveys_token(client, organization, url):
    ordinary = services.survey_create_from_template(organization=organization, template_key="smiley_kiosk")

    assert client.get(url).status_code == 200
    assert client.get(reverse("feedback_page", args=[organization.slug])).status_code == 404
    assert client.get(reverse("feedback_page", args=[ordinary.public_token])).status_code == 404


@pytest.mark.parametrize(
    ("language", "title", "question"),
    [
        ("fi", "Anna palautetta", "Mitä haluaisit kertoa meille?"),
        ("sv", "Ge respons", "Vad vill du berätta för oss?"),
        ("en", "Give feedback", "What would you like to tell us?"),
    ],
)
def test_the_page_speaks_the_language_asked_for(client, url, language, title, question):
    response = client.get(url, {"lang": language})

    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html and question in html
    for code in ("fi", "sv", "en"):
        assert f'href="?lang={code}"' in html


def test_without_a_language_the_browser_decides(client, url):
    html = client.get(url, headers={"accept-language": "sv-FI,sv;q=0.9"}).content.decode()
    assert "Ge respons" in html


def test_the_touchpoint_list_has_the_organisations_touchpoints_in_use(
    client, url, counter, delivery, stages, other
):
    closed = journey_services.touchpoint_create(
        organization=counter.organization, stage=stages[0], name="Vanha kioski"
    )
    closed.is_active = False
    closed.save()

    html = client.get(url).content.decode()

    assert f'<option value="{counter.pk}">Kassa</option>' in html
    assert f'<option value="{delivery.pk}">Kotiinkuljetus</option>' in html
    assert "Vanha kioski" not in html
    assert "Leipätiski" not in html


def test_a_poster_for_one_touchpoint_chooses_it(client, url, counter):
    html = client.get(url, {"tp": counter.pk}).content.decode()
    assert f'<option value="{counter.pk}" selected>Kassa</option>' in html


# --- Sending ----------------------------------------------------------------------------------


def post(client, url, **data):
    """A filled-in form as a browser sends it (unticked boxes are simply missing)."""
    form = {"text": "", "name": "", "contact": "", "website": "", "submission": ""}
    form.update({key: value for key, value in data.items() if value is not None})
    return client.post(url, form)


def test_anonymous_feedback_is_a_passive_response(client, url, page, organization):
    response = post(client, url + "?lang=en", text="The new opening hours are great!")

    assert response.status_code == 302
    assert response["Location"] == f"{url}?lang=en&sent=1"
    stored_response = Response.objects.get(survey=page)
    assert stored_response.source == ResponseSource.PASSIVE
    assert stored_response.channel == "web"
    assert stored_response.language == "en"
    assert stored_response.customer is None
    assert stored_response.touchpoint is None
    assert stored_response.is_complete and stored_response.has_comment
    assert answers_of(stored_response) == {QuestionKind.TEXT: "The new opening hours are great!"}
    assert Customer.objects.filter(organization=organization).count() == 0

    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you! Your answer helps us serve you better." in thanks
    assert "Your feedback has been sent." in thanks


def test_smiley_and_touchpoint_are_stored(client, url, page, counter):
    response = post(client, url, text="Jono oli pitkä", score="1", touchpoint=str(counter.pk))

    assert response.status_code == 302
    stored_response = Response.objects.get(survey=page)
    assert stored_response.touchpoint == counter
    assert answers_of(stored_response) == {QuestionKind.SMILEY3: 1, QuestionKind.TEXT: "Jono oli pitkä"}


def test_another_organisations_touchpoint_is_refused(client, url, organization, other):
    before = stored(organization)
    response = post(client, url + "?lang=en", text="Hei", touchpoint=str(other.touchpoint.pk))

    assert response.status_code == 400
    assert "Choose one of the options." in response.content.decode()
    assert stored(organization) == before


def test_errors_keep_what_was_typed_and_escape_it(client, url, organization, counter):
    response = post(
        client,
        url + "?lang=en",
        text="",
        score="3",
        touchpoint=str(counter.pk),
        name='Maija <b>"M"</b>',
        contact="maija@example.fi",
        may_contact="on",
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Please write your feedback." in html
    assert 'value="Maija &lt;b&gt;&quot;M&quot;&lt;/b&gt;"' in html
    assert 'value="maija@example.fi"' in html
    assert re.search(r'<input type="checkbox" name="may_contact"[^>]* checked', html)
    assert re.search(r'<input type="radio" name="score" value="3" checked>', html)
    assert f'<option value="{counter.pk}" selected>Kassa</option>' in html
    assert "<b>" not in html.split("<form", 1)[1]
    assert stored(organization) == (0, 0)


def test_feedback_text_is_stored_as_written_and_escaped_when_shown(
    client, url, page, owner_client, organization
):
    script = "<script>alert('hymy')</script>"
    post(client, url, text=script)
    stored_response = Response.objects.get(survey=page)
    assert answers_of(stored_response)[QuestionKind.TEXT] == script

    # Shown back on an error ...
    error_page = post(client, url, text=script, contact="ei osoite").content.decode()
    assert script not in error_page
    assert "&lt;script&gt;alert(&#x27;hymy&#x27;)&lt;/script&gt;" in error_page
    # ... and to staff.
    staff_page = owner_client.get(
        reverse("response_detail", kwargs={"org_slug": organization.slug, "pk": stored_response.pk})
    ).content.decode()
    assert script not in staff_page


def test_too_long_feedback_is_refused(client, url, organization):
    response = post(client, url, text="a" * 5001)
    assert response.status_code == 400
    assert stored(organization) == (0, 0)


# --- Contact details --------------------------------------------------------------------------


def test_feedback_is_linked_to_the_customer_with_that_email_whatever_its_case(client, url, page, customer):
    before = Customer.objects.filter(pk=customer.pk).values().get()

    post(client, url, text="Kiitos!", name="Joku Muu", contact="MAIJA@Example.FI")

    stored_response = Response.objects.get(survey=page)
    assert stored_response.customer == customer
    assert answers_of(stored_response)[QuestionKind.YES_NO] == 0
    # Unverified details never change the customer.
    assert Customer.objects.filter(pk=customer.pk).values().get() == before
    assert Customer.objects.filter(organization=customer.organization).count() == 1


def test_feedback_is_linked_by_phone_in_any_form(client, url, page, customer):
    post(client, url, text="Soittakaa", contact="040-123 4567", may_contact="on", may_ask_later="on")

    stored_response = Response.objects.get(survey=page)
    assert stored_response.customer == customer
    assert answers_of(stored_response)[QuestionKind.YES_NO] == 1
    customer.refresh_from_db()
    assert customer.survey_consent is False  # not granted by an unverified form


def test_asking_to_be_contacted_makes_a_new_customer_without_survey_consent(client, url, page, organization):
    post(client, url + "?lang=sv", text="Ring mig", name="Stina", contact="0501234567", may_contact="on")

    stored_response = Response.objects.get(survey=page)
    person = stored_response.customer
    assert (person.name, person.phone, person.email, person.language) == ("Stina", "+358501234567", "", "sv")
    assert person.organization == organization
    assert person.survey_consent is False
    assert answers_of(stored_response)[QuestionKind.YES_NO] == 1


def test_agreeing_to_later_questions_records_the_survey_consent_from_the_web_form(client, url, page):
    post(client, url, text="Hyvää palvelua", contact="Uusi.Asiakas@Example.FI", may_ask_later="on")

    person = Response.objects.get(survey=page).customer
    assert person.email == "Uusi.Asiakas@example.fi"
    assert person.name == "Uusi.Asiakas@example.fi"
    assert person.survey_consent is True
    assert person.survey_consent_source == "web_form"
    assert person.survey_consent_at is not None
    assert person.marketing_consent is False


def test_contact_details_without_permission_are_not_kept(client, url, page, organization):
    post(client, url, text="Anonyymisti", name="Nimetön", contact="nimeton@example.fi")

    assert Response.objects.get(survey=page).customer is None
    assert not Customer.objects.filter(organization=organization).exists()


def test_another_organisations_customer_is_never_matched(client, url, page, organization, other):
    post(client, url, text="Hei", contact="050 765 4321")  # Kalle Kuunasukas's number, at Kuu

    assert Response.objects.get(survey=page).customer is None
    assert other.customer.responses.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"may_contact": "on"}, "Give an e-mail address or a phone number so that we can reach you."),
        ({"may_ask_later": "on"}, "Give an e-mail address or a phone number so that we can reach you."),
        ({"contact": "ei osoite"}, "Enter an e-mail address like name@example.fi, or a phone number."),
        ({"contact": "maija@"}, "Enter an e-mail address like name@example.fi, or a phone number."),
    ],
)
def test_contact_details_that_cannot_reach_anyone_are_refused(client, url, organization, data, message):
    response = post(client, url + "?lang=en", text="Ota yhteyttä", **data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert stored(organization) == (0, 0)


# --- Abuse ------------------------------------------------------------------------------------


def test_a_robot_that_fills_the_hidden_field_is_thanked_and_ignored(client, url, organization):
    response = post(client, url, text="Buy cheap watches", website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"].endswith("sent=1")
    assert stored(organization) == (0, 0)


def test_the_same_form_sent_twice_is_stored_once(client, url, page):
    key = "k" * 32
    first = post(client, url, text="Tuplaklikkaus", submission=key)
    second = post(client, url, text="Tuplaklikkaus", submission=key)

    assert first.status_code == second.status_code == 302
    assert Response.objects.filter(survey=page).count() == 1


def test_the_page_gives_each_form_its_own_submission_key(client, url):
    keys = {
        re.search(r'name="submission" value="([^"]+)"', client.get(url).content.decode()).group(1)
        for _ in range(2)
    }
    assert len(keys) == 2


def test_sending_is_limited_to_ten_an_hour_per_address(client, url, page):
    for number in range(10):
        assert post(client, url, text=f"Palaute {number}").status_code == 302

    blocked = post(client, url, text="Palaute 11")

    assert blocked.status_code == 429
    assert Response.objects.filter(survey=page).count() == 10
    assert client.get(url).status_code == 200  # reading the page is not limited


def test_a_closed_page_says_so_and_takes_nothing(client, url, page, organization):
    services.survey_status_set(survey=page, status=SurveyStatus.CLOSED)

    assert client.get(url).status_code == 410
    assert post(client, url, text="Hei").status_code == 410
    assert stored(organization) == (0, 0)


def test_staff_find_it_in_the_inbox_as_the_customers_own_feedback(client, url, owner_client, organization):
    post(client, url, text="Löytyykö tämä?")

    response = owner_client.get(
        reverse("response_list", kwargs={"org_slug": organization.slug}), {"source": "passive"}
    )

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_feedback_submit_refuses_an_ordinary_survey(organization):
    ordinary = services.survey_create_from_template(organization=organization, template_key="smiley_kiosk")
    with pytest.raises(Exception, match="not a feedback page"):
        feedback.feedback_submit(survey=ordinary, language="en", text="Hei")


def test_feedback_customer_is_created_through_the_customer_service(client, url, page, organization):
    """The new customer has a history row like every customer, with no staff member as its author."""
    post(client, url, text="Uusi", contact="uusi@example.fi", may_contact="on")

    person = Customer.objects.get(organization=organization)
    change = person.changes.get()
    assert change.actor is None
    assert change.action == "created"


def test_linked_feedback_is_on_the_customers_timeline(client, url, customer, owner_client, organization):
    post(client, url, text="Kahvi oli kylmää", contact="maija@example.fi")

    response = owner_client.get(
        reverse("customer_detail", kwargs={"org_slug": organization.slug, "pk": customer.pk})
    )

    html = response.content.decode()
    assert "Kahvi oli kylmää" in html
    assert "Customer&#x27;s own feedback" in html or "Customer's own feedback" in html


def test_the_feedback_survey_is_named_in_the_organisations_language_whoever_opens_it_first(organization):
    from django.utils import translation

    assert organization.default_language == "fi"
    with translation.override("en"):  # an English-speaking colleague opens the page first
        survey = feedback.feedback_survey_get_or_create(organization=organization)

    assert survey.name == "Palautesivu"
