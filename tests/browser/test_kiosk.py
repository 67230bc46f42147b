"""The kiosk: big smileys on a tablet, paired to a touchpoint by its device token.

It keeps working when the network drops: answers wait in the browser and are sent when the network
returns, each exactly once and with the moment of the tap as its time.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESET_SECONDS = 2
SEND_TIMEOUT_MS = 15_000  # a failed send is retried after 5 s


@pytest.fixture
def kiosk(shop):
    """A smiley kiosk at the checkout that asks "why" after the sad face only, back to the start after 2 s."""
    from hymy.surveys.services import kiosk_create, question_update, survey_create_from_template

    organization = shop["organization"]
    survey = survey_create_from_template(organization=organization, template_key="smiley_kiosk")
    question_update(question=survey.questions.get(), followup_min_score=1, followup_max_score=1)
    return kiosk_create(
        organization=organization,
        name="Tablet by the till",
        survey=survey,
        touchpoint=shop["touchpoint"],
        reset_seconds=RESET_SECONDS,
    )


QUEUE = """() => {
    const name = Object.keys(localStorage).find((key) => key.startsWith("hymy-kiosk-queue:"));
    return name ? JSON.parse(localStorage.getItem(name)) : [];
}"""
QUEUE_IS_EMPTY = f"() => ({QUEUE})().length === 0"


def _queue(page) -> list[dict]:
    """The answers waiting in the page's browser storage."""
    return page.evaluate(QUEUE)


def _tap(page, score: int) -> datetime.datetime:
    """Tap a face; return the moment of the tap."""
    moment = timezone.now()
    page.locator(f'#faces button[data-score="{score}"]').click()
    return moment


def _back_to_faces(page) -> None:
    """After an answer the thank-you screen shows, then the page starts over by itself."""
    expect(page.locator("#thanks")).to_be_visible()
    expect(page.locator("#thanks-text")).to_have_text("Thank you! Your answer helps us serve you better.")
    expect(page.locator("#ask")).to_be_visible(timeout=(RESET_SECONDS + 3) * 1000)
    expect(page.locator("#thanks")).to_be_hidden()


def test_kiosk_answers_offline_arrive_once_with_their_own_time(page, kiosk):
    from hymy.surveys.models import Response

    touchpoint = kiosk.touchpoint
    answer_posts: list[str] = []
    page.on("request", lambda request: request.method == "POST" and answer_posts.append(request.url))

    page.goto(f"/k/{kiosk.token}/")
    expect(page.locator("#question")).to_have_text("How did we serve you today?")
    faces = page.locator("#faces button")
    expect(faces).to_have_count(3)
    for face in faces.all():
        box = face.bounding_box()
        assert box["width"] >= 100 and box["height"] >= 100  # far above a 48 px touch target

    # Online: the answer is sent at once.
    before = timezone.now()
    _tap(page, 3)
    _back_to_faces(page)
    page.wait_for_function(QUEUE_IS_EMPTY)
    online = Response.objects.get()
    assert (online.source, online.channel, online.touchpoint) == ("kiosk", "kiosk", touchpoint)
    assert before - datetime.timedelta(seconds=2) <= online.started_at <= timezone.now()
    assert online.answers.get().score == 3
    assert _queue(page) == []
    kiosk.refresh_from_db()
    assert kiosk.last_seen_at is not None

    # Offline: the sad face asks why; the others thank and start over. Nothing reaches the server.
    page.context.set_offline(True)
    tapped = {1: _tap(page, 1)}
    expect(page.locator("#why")).to_be_visible()
    expect(page.locator("#followup-question")).to_have_text("Tell us more if you like")
    page.locator("#followup-text").fill("The queue was long.")
    page.locator("#send").click()
    _back_to_faces(page)
    tapped[2] = _tap(page, 2)
    _back_to_faces(page)
    tapped[3] = _tap(page, 3)
    _back_to_faces(page)
    # Three answers wait; the "why" belongs to the first of them and is not counted on its own.
    expect(page.locator("#queue-status")).to_have_text("Waiting to be sent: 3")
    queue = _queue(page)
    keys = {item["score"]: item["key"] for item in queue if "score" in item}
    assert sorted(keys) == [1, 2, 3] and len(set(keys.values())) == 3
    assert Response.objects.count() == 1
    assert answer_posts, "the page should have tried to send while offline"

    # Let the taps be clearly in the past before the network returns.
    page.wait_for_timeout(2000)

    # The first send after the network returns reaches the server, but its reply is lost on the way
    # back: the page must send the same answer again, and the server must count it once.
    lost_replies = []

    def lose_first_reply(route):
        if not lost_replies:
            lost_replies.append(route.fetch().status)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/answers/", lose_first_reply)
    back_online = timezone.now()
    page.context.set_offline(False)
    expect(page.locator("#queue-status")).to_have_text("", timeout=SEND_TIMEOUT_MS)
    assert lost_replies == [201]
    assert _queue(page) == []

    responses = Response.objects.exclude(pk=online.pk)
    assert sorted(responses.values_list("idempotency_key", flat=True)) == sorted(keys.values())
    for score, key in keys.items():
        response = Response.objects.get(idempotency_key=key)
        answer = response.answers.get()
        assert (response.source, response.touchpoint, answer.score) == ("kiosk", touchpoint, score)
        # The time of the tap, not of the arrival.
        sent_at = parse_datetime(next(item["answered_at"] for item in queue if item["key"] == key))
        assert response.started_at == sent_at == answer.answered_at
        assert abs(response.started_at - tapped[score]) < datetime.timedelta(seconds=2)
        assert response.started_at < back_online - datetime.timedelta(seconds=1)
    # The "why" joined the sad face's response.
    sad = Response.objects.get(idempotency_key=keys[1])
    assert sad.answers.get().followup_text == "The queue was long."
    assert sad.has_comment
    assert [response.answers.get().followup_text for response in responses.exclude(pk=sad.pk)] == ["", ""]

    # After a reload nothing is sent again.
    answer_posts.clear()
    page.reload()
    expect(page.locator("#question")).to_have_text("How did we serve you today?")
    page.wait_for_timeout(500)
    assert answer_posts == []
    expect(page.locator("#queue-status")).to_have_text("")
    assert Response.objects.count() == 4


def test_kiosk_page_reloads_without_a_network_and_keeps_collecting(page, kiosk):
    from hymy.surveys.models import Response

    page.goto(f"/k/{kiosk.token}/")
    # The service worker has taken the page and its files into its keeping.
    page.wait_for_function(
        "() => navigator.serviceWorker.ready.then(() => caches.keys()).then((names) => names.length > 0)"
    )
    page.reload()  # the reloaded page is controlled by the worker
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.reload()
    expect(page.locator("#question")).to_have_text("How did we serve you today?")
    _tap(page, 3)
    _back_to_faces(page)
    assert len(_queue(page)) == 1
    assert Response.objects.count() == 0

    page.context.set_offline(False)
    page.wait_for_function(QUEUE_IS_EMPTY, timeout=SEND_TIMEOUT_MS)
    assert Response.objects.filter(source="kiosk", touchpoint=kiosk.touchpoint).count() == 1
