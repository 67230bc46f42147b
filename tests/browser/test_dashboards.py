"""The figures' charts in a real browser: the trend with its 95 % band on the overview and on a touchpoint's
page, and the priority matrix — drawn by the vendored Chart.js from the server's data, in the reader's
language, readable on a phone, and still there as a table without JavaScript."""

import datetime

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from .conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}

# The chart's data and its tooltip for the point `index`, as Chart.js holds them after drawing.
CHART_STATE = """([selector, index]) => {
    const canvas = document.querySelector(selector);
    const chart = Chart.getChart(canvas);
    if (!chart) return null;
    const state = {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map((dataset) => dataset.data),
        xTitle: chart.options.scales.x.title.text,
        yTitle: chart.options.scales.y.title.text,
        yTicks: chart.scales.y.ticks.map((tick) => tick.label),
        width: canvas.getBoundingClientRect().width,
        height: canvas.getBoundingClientRect().height,
    };
    if (index !== null) {
        const datasetIndex = chart.data.datasets.length - 1;
        const element = chart.getDatasetMeta(datasetIndex).data[index];
        chart.tooltip.setActiveElements([{ datasetIndex, index }], { x: element.x, y: element.y });
        chart.update();
        state.tooltip = [chart.tooltip.title.join(" ")].concat(
            ...chart.tooltip.body.map((body) => [...body.before, ...body.lines, ...body.after])
        );
    }
    return state;
}"""


def _wait_for_chart(page) -> None:
    """Until the script has drawn: the chart scripts load deferred, after the page is shown."""
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )


def _answer(survey, touchpoint, scores, *, days_ago):
    from hymy.surveys import services as surveys

    at = timezone.now() - datetime.timedelta(days=days_ago)
    question = survey.questions.first()
    for score in scores:
        response = surveys.response_start(
            survey=survey, source="public_link", language="fi", touchpoint=touchpoint, started_at=at
        )
        surveys.answer_save(response=response, question=question, score=score)


@pytest.fixture
def answered(shop):
    """NPS answers over three weeks: 12 at Checkout 17 days ago, 3 (too few) at Home delivery 10 days ago,
    20 at Checkout 3 days ago."""
    from hymy.journeys.models import JourneyStage
    from hymy.journeys.services import touchpoint_create
    from hymy.surveys.services import survey_create_from_template

    organization, checkout = shop["organization"], shop["touchpoint"]
    delivery_stage = JourneyStage.objects.get(organization=organization, position=5)
    delivery = touchpoint_create(
        organization=organization, stage=delivery_stage, name="Home delivery", channel="delivery"
    )
    survey = survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[checkout, delivery]
    )
    _answer(survey, checkout, [10] * 6 + [7] * 3 + [2] * 3, days_ago=17)
    _answer(survey, delivery, [10, 9, 3], days_ago=10)
    _answer(survey, checkout, [10] * 12 + [4] * 5 + [8] * 3, days_ago=3)
    return {**shop, "delivery": delivery, "survey": survey}


def _expected_trend(shop, *, language: str, days: int = 30, **cut):
    """The trend points as the selector computes them, with their dates as the page writes them."""
    from hymy.insights import selectors
    from hymy.tenancy.models import Membership

    membership = Membership.objects.get(organization=shop["organization"], user=shop["user"])
    points = selectors.trend(
        organization=shop["organization"],
        membership=membership,
        spec=selectors.METRICS_BY_KEY["nps"],
        period=selectors.Period.last_days(days),
        bucket="week",
        **cut,
    )
    with translation.override(language):
        labels = [formats.date_format(point.start, "SHORT_DATE_FORMAT") for point in points]
    return labels, points


def test_the_overview_trend_is_drawn_from_the_selectors_figures_in_english_and_finnish(
    page, live_server, answered
):
    sign_in(page, answered["user"].email)
    page.goto(f"/o/{answered['organization'].slug}/insights/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    canvas = page.locator('canvas[data-chart="trend"]')
    expect(canvas).to_be_visible()
    _wait_for_chart(page)

    labels, points = _expected_trend(answered, language="en")
    assert [point.estimate.n for point in points] == [12, 3, 20]
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="trend"]', 1])
    high, low, values = state["datasets"]
    assert state["labels"] == labels
    assert values == [round(point.estimate.value, 1) for point in points] == [25.0, 33.3, 35.0]
    assert low == [round(point.estimate.low, 1) for point in points]
    assert high == [round(point.estimate.high, 1) for point in points]
    # English words and a decimal point; the NPS scale is fixed at −100…100.
    assert state["xTitle"] == "Week starting"
    assert state["yTitle"] == "NPS"
    assert state["yTicks"][0] == "-100" and state["yTicks"][-1] == "100"
    tooltip = state["tooltip"]
    assert tooltip[0] == labels[1]
    assert "NPS: 33.3" in tooltip
    assert "Answers: 3" in tooltip
    assert "Too few answers to say much." in tooltip
    assert any(line.startswith("95 % range: ") for line in tooltip)

    # The same chart in Finnish: Finnish words, dates and a decimal comma.
    page.get_by_role("button", name="Suomeksi").click()
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    _wait_for_chart(page)
    finnish_labels, _ = _expected_trend(answered, language="fi")
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="trend"]', 1])
    assert state["labels"] == finnish_labels != labels
    assert state["xTitle"] == "Viikko alkaen"
    assert state["yTicks"][0] == "−100"  # Finnish writes the minus sign, not a hyphen
    tooltip = state["tooltip"]
    assert "NPS: 33,3" in tooltip
    assert "Vastaukset: 3" in tooltip
    assert not any("Answers" in line or "33.3" in line for line in tooltip)


def test_the_trend_follows_the_cut_on_the_page(page, live_server, answered):
    sign_in(page, answered["user"].email)
    page.goto(f"/o/{answered['organization'].slug}/insights/?touchpoint={answered['touchpoint'].pk}")
    _wait_for_chart(page)

    _, points = _expected_trend(answered, language="en", touchpoint_id=answered["touchpoint"].pk)
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="trend"]', None])
    assert state["datasets"][2] == [round(point.estimate.value, 1) for point in points] == [25.0, 35.0]


def test_on_a_phone_the_overview_fits_and_the_chart_is_visible(page, live_server, answered):
    page.set_viewport_size(PHONE)
    sign_in(page, answered["user"].email)
    page.goto(f"/o/{answered['organization'].slug}/insights/")
    _wait_for_chart(page)

    canvas = page.locator('canvas[data-chart="trend"]')
    expect(canvas).to_be_visible()
    canvas.scroll_into_view_if_needed()
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="trend"]', None])
    assert 250 <= state["width"] <= PHONE["width"]
    assert state["height"] >= 200
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def test_a_touchpoints_page_draws_its_own_trend(page, live_server, answered):
    sign_in(page, answered["user"].email)
    page.goto(f"/o/{answered['organization'].slug}/journey/touchpoints/{answered['touchpoint'].pk}/")
    expect(
        page.get_by_role("heading", name="NPS · last 90 days by week, with the 95 % range")
    ).to_be_visible()
    _wait_for_chart(page)

    _, points = _expected_trend(answered, language="en", days=90, touchpoint_id=answered["touchpoint"].pk)
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="trend"]', 0])
    assert state["datasets"][2] == [round(point.estimate.value, 1) for point in points] == [25.0, 35.0]
    assert "Answers: 12" in state["tooltip"]
    # The words above the chart give the whole 90 days' figure with its n and range.
    expect(page.locator("section.card").first).to_contain_text("32 answers; 95 % range")

    page.set_viewport_size(PHONE)
    expect(page.locator('canvas[data-chart="trend"]')).to_be_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def test_the_priority_matrix_draws_every_touchpoint_with_fix_first_visible(page, live_server, answered):
    from hymy.insights import matrix, selectors
    from hymy.tenancy.models import Membership

    sign_in(page, answered["user"].email)
    page.goto(f"/o/{answered['organization'].slug}/insights/priorities/")
    _wait_for_chart(page)

    membership = Membership.objects.get(organization=answered["organization"], user=answered["user"])
    rows = matrix.priority_matrix(
        organization=answered["organization"], membership=membership, period=selectors.Period.last_days(30)
    )
    state = page.evaluate(CHART_STATE, ['canvas[data-chart="matrix"]', 0])
    assert state["datasets"][0] == [
        {"x": round(row.importance, 1), "y": round(row.performance.value, 1)} for row in rows
    ]
    assert len(rows) == 2
    assert state["xTitle"] == "Importance →" and state["yTitle"] == "Performance →"
    assert state["tooltip"][1].startswith(f"{rows[0].touchpoint.name}: ")
    # The table stays beside the chart, 'fix first' touchpoint first.
    expect(page.locator("table tbody tr")).to_have_count(2)
    if rows[0].quadrant == "fix":
        expect(page.locator("table tbody tr").first.locator(".fix-first")).to_be_visible()

    page.set_viewport_size(PHONE)
    expect(page.locator('canvas[data-chart="matrix"]')).to_be_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_trend_is_a_table(browser, live_server, answered):
    from .conftest import TIMEOUT_MS

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, answered["user"].email)
        page.goto(f"/o/{answered['organization'].slug}/insights/")
        expect(page.locator(".chart-box")).to_be_hidden()
        page.get_by_text("The trend as a table").click()
        rows = page.locator("table.trend-table tbody tr")
        expect(rows).to_have_count(3)
        labels, points = _expected_trend(answered, language="en")
        expect(rows.nth(1)).to_contain_text(labels[1])
        expect(rows.nth(1).locator("td").nth(1)).to_have_text("33.3")
        expect(rows.nth(1).locator("td").nth(3)).to_have_text("3")
        expect(rows.nth(1)).to_contain_text("too few")
    finally:
        context.close()


def test_the_chart_library_is_served_with_the_other_static_files(page, live_server):
    for path in ("/static/vendor/chartjs/chart.umd.min.js", "/static/hymy/charts.js"):
        response = page.request.get(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "javascript" in response.headers["content-type"]
