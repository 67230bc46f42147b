"""The website widget: one <script> tag on the business's own site asks one short question.

The site is served by a second HTTP server at http://127.0.0.1:<port>, another origin than the
live server at http://localhost:<port>, so every answer is a real cross-origin request.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DELAY_SECONDS = 1
QUESTION = "How likely are you to recommend Valokuvaamo Kuva to a friend or colleague?"
FOLLOWUP = "What went wrong? What should we do better?"
THANKS = "Thank you! Your answer helps us serve you better."
PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Thank you for your order</title></head>
<body><h1>Thank you for your order</h1>
<script src="{script_url}" async></script>
</body>
</html>"""


@pytest.fixture
def other_site(live_server):
    """A shop's own website on another origin; a test puts its pages in `pages` (path → HTML)."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "Not found").encode("utf-8"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    assert origin != live_server.url, "the shop's site must be another origin than Hymy"
    yield SimpleNamespace(origin=origin, pages=pages)
    server.shutdown()
    server.server_close()


@pytest.fixture
def make_widget(shop, live_server, other_site):
    """An NPS widget for /shop/* pages, pasted into the shop's pages; returns the widget."""
    from hymy.surveys.services import survey_create_from_template, widget_create

    organization = shop["organization"]
    survey = survey_create_from_template(organization=organization, template_key="nps_after_purchase")

    def make_widget(allowed_origins: str = other_site.origin):
        widget = widget_create(
            organization=organization,
            name="Web shop",
            survey=survey,
            touchpoint=shop["touchpoint"],
            allowed_origins=allowed_origins,
            delay_seconds=DELAY_SECONDS,
            path_pattern="/shop/*",
        )
        html = PAGE.format(script_url=f"{live_server.url}/w/{widget.token}.js")
        other_site.pages["/shop/thanks.html"] = html
        other_site.pages["/blog/summer-sale.html"] = html
        return widget

    return make_widget


def _is_answer(response) -> bool:
    return response.request.method == "POST" and "/answers/" in response.url


def _open(page, url: str) -> None:
    """Open the page and make sure the widget's script has loaded from Hymy."""
    with page.expect_response(
        lambda response: "/w/" in response.url and response.url.endswith(".js")
    ) as script:
        page.goto(url)
    assert script.value.status == 200


def _stays_away(page) -> None:
    """The widget would have shown by now: the script ran by the load event, its delay has passed."""
    page.wait_for_timeout(DELAY_SECONDS * 1000 + 1000)
    expect(page.locator("#hymy-widget")).to_have_count(0)


def test_widget_asks_once_on_the_shops_own_site(page, make_widget, other_site):
    from hymy.surveys.models import Response

    widget = make_widget()
    opened = time.monotonic()
    _open(page, f"{other_site.origin}/shop/thanks.html")
    box = page.locator("#hymy-widget .box")  # in the widget's open shadow root
    expect(box).to_be_visible()
    assert time.monotonic() - opened >= DELAY_SECONDS
    assert page.locator("#hymy-widget").evaluate("host => host.shadowRoot !== null")
    # A slide-in in the bottom right corner, not a pop-up over the page.
    expect(box).to_have_class("box in")
    assert box.evaluate(
        "box => { const style = getComputedStyle(box);"
        " const share = box.offsetWidth * box.offsetHeight / (innerWidth * innerHeight);"
        " return [style.position, style.right, style.bottom, share < 0.1]; }"
    ) == ["fixed", "16px", "16px", True]
    expect(page.get_by_role("dialog", name=QUESTION)).to_be_visible()
    expect(box.locator(".q")).to_have_text(QUESTION)
    expect(box.get_by_role("button")).to_have_count(12)  # close, and 0–10

    with page.expect_response(_is_answer) as answer:
        box.get_by_role("button", name="3", exact=True).click()
    assert answer.value.status == 201
    assert answer.value.headers["access-control-allow-origin"] == other_site.origin
    response = Response.objects.get()
    assert (response.source, response.touchpoint, response.survey) == (
        "widget",
        widget.touchpoint,
        widget.survey,
    )
    assert response.language == "en"
    assert response.answers.get().score == 3

    # A low score asks why; the "why" joins the same response.
    expect(box.locator(".q")).to_have_text(FOLLOWUP)
    box.get_by_role("textbox", name=FOLLOWUP).fill("The parcel came a week late.")
    with page.expect_response(_is_answer) as followup:
        box.get_by_role("button", name="Send").click()
    assert followup.value.status == 200
    expect(box.get_by_role("status")).to_have_text(THANKS)
    assert Response.objects.get().answers.get().followup_text == "The parcel came a week late."
    assert Response.objects.get().has_comment

    # The visitor who answered is not asked again within the waiting period.
    _open(page, f"{other_site.origin}/shop/thanks.html")
    _stays_away(page)
    assert Response.objects.count() == 1


def test_widget_stays_away_after_dismissal_and_on_other_pages(open_page, make_widget, other_site):
    from hymy.surveys.models import Response

    make_widget()
    # A page whose path does not match /shop/* never shows it.
    page = open_page()
    _open(page, f"{other_site.origin}/blog/summer-sale.html")
    _stays_away(page)

    # A visitor who closed it is not asked again either.
    page = open_page()
    _open(page, f"{other_site.origin}/shop/thanks.html")
    page.locator("#hymy-widget").get_by_role("button", name="Close").click()
    expect(page.locator("#hymy-widget")).to_have_count(0)
    _open(page, f"{other_site.origin}/shop/thanks.html")
    _stays_away(page)
    assert Response.objects.count() == 0


def test_widget_stays_silent_and_refuses_answers_on_a_site_not_allowed(
    page, make_widget, other_site, live_server, caplog
):
    from hymy.surveys.models import Response

    widget = make_widget(allowed_origins="https://www.valokuvaamo-kuva.fi")
    _open(page, f"{other_site.origin}/shop/thanks.html")
    # The script sees from the page's address that this site is not allowed, and asks nothing.
    page.wait_for_timeout((DELAY_SECONDS + 1) * 1000)
    expect(page.locator("#hymy-widget")).to_have_count(0)
    # An answer posted from that site anyway is refused; the browser hides the reply (no CORS header).
    outcome = page.evaluate(
        """url => fetch(url, {method: "POST", mode: "cors", headers: {"Content-Type": "text/plain"},
                 body: JSON.stringify({key: "abcdefgh12345678", score: 9})})
                 .then(() => "delivered", () => "refused")""",
        f"{live_server.url}/w/{widget.token}/answers/",
    )
    assert outcome == "refused"
    [refusal] = [record for record in caplog.records if record.name == "django.request"]
    assert (refusal.status_code, refusal.request.headers["Origin"]) == (403, other_site.origin)
    assert Response.objects.count() == 0


def test_widget_can_be_tried_on_a_sample_page_inside_hymy(page, make_widget, shop):
    from hymy.surveys.models import Response

    from .conftest import sign_in

    widget = make_widget(allowed_origins="https://www.valokuvaamo-kuva.fi")  # Hymy itself is not listed
    sign_in(page, "eero@example.fi")
    page.goto(f"/o/kuva/surveys/channels/widgets/{widget.pk}/preview/")

    box = page.locator("#hymy-widget .box")
    expect(box).to_be_visible()
    with page.expect_response(_is_answer) as answer:
        box.get_by_role("button", name="10", exact=True).click()
    expect(box.get_by_role("status")).to_be_visible()
    assert answer.value.status == 201
    assert Response.objects.get(source="widget").answers.get().score == 10

    page.reload()  # the preview asks every time
    expect(page.locator("#hymy-widget .box")).to_be_visible()
