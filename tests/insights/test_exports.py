"""The figures page's touchpoint table as CSV and Excel: the page's metric, period and scope."""

import datetime

import pytest
from django.utils import timezone

from hymy.insights.models import MetricTarget
from hymy.journeys import services as journeys
from hymy.surveys import services as surveys
from tests.export_files import export_rows

FIGURES = "/o/aurinko/insights/"
HEADERS = ["Touchpoint", "Experience tier", "NPS", "Answers", "Lower end (95 %)", "Upper end (95 %)", "Level"]
ATTACKER = "=cmd|' /C calc'!A0"


@pytest.fixture
def nps_survey(organization, counter, delivery):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter, delivery]
    )


def _answers(survey, touchpoint, scores, *, days_ago=1, source="public_link"):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    question = survey.questions.first()
    for score in scores:
        response = surveys.response_start(
            survey=survey, source=source, language="fi", touchpoint=touchpoint, started_at=at
        )
        surveys.answer_save(response=response, question=question, score=score)


@pytest.fixture
def figures(organization, nps_survey, counter, delivery):
    """The counter at +100 (20 answers), the delivery — a core touchpoint — at −33 (15), an NPS target."""
    delivery.tier = "core"
    delivery.save()
    _answers(nps_survey, counter, [10] * 12 + [9] * 8)
    _answers(nps_survey, delivery, [3] * 10 + [9] * 5)
    MetricTarget.objects.create(organization=organization, metric="nps", good=20, excellent=50, best=70)


def _page_rows(page):
    """The page's own table, in the file's terms."""
    return [[row.touchpoint.name, row.estimate.n, row.level] for row in page.context["touchpoint_rows"]]


def test_csv_is_the_pages_table_core_touchpoints_below_target_first(owner_client, figures, counter, delivery):
    page = owner_client.get(FIGURES)
    response = owner_client.get(FIGURES, {"export": "csv"})

    today = timezone.localdate().isoformat()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="touchpoints-aurinko-{today}.csv"'
    rows = export_rows(response)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == [row.touchpoint.name for row in page.context["touchpoint_rows"]]
    delivery_row, counter_row = rows[1:]
    assert delivery_row[:4] == ["Kotiinkuljetus", "Core experience", "-33.3", "15"]
    assert delivery_row[6] == "Below target"
    assert counter_row[:4] == ["Kassa", "Core experience", "100", "20"]
    assert counter_row[6] == "The very best"
    low, high = float(delivery_row[4]), float(delivery_row[5])
    assert low < -33.3 < high


def test_xlsx_keeps_figures_as_numbers_a_negative_one_too(owner_client, figures):
    page = owner_client.get(FIGURES)
    response = owner_client.get(FIGURES, {"export": "xlsx"})

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="touchpoints-aurinko-{today}.xlsx"'
    rows = export_rows(response)
    assert rows[0] == HEADERS
    expected = page.context["touchpoint_rows"]
    assert [row[0] for row in rows[1:]] == [row.touchpoint.name for row in expected]
    for row, shown in zip(rows[1:], expected, strict=True):
        assert row[2:6] == [
            round(shown.estimate.value, 1),
            shown.estimate.n,
            round(shown.estimate.low, 1),
            round(shown.estimate.high, 1),
        ]
    assert rows[1][2] == -33.3


def test_the_period_filter_decides_what_is_exported(owner_client, figures, nps_survey, counter):
    _answers(nps_survey, counter, [0] * 5, days_ago=60)

    last_week = export_rows(owner_client.get(FIGURES, {"days": 7, "export": "csv"}))
    last_quarter = export_rows(owner_client.get(FIGURES, {"days": 90, "export": "csv"}))

    assert {row[0]: row[3] for row in last_week[1:]} == {"Kassa": "20", "Kotiinkuljetus": "15"}
    assert {row[0]: row[3] for row in last_quarter[1:]} == {"Kassa": "25", "Kotiinkuljetus": "15"}


def test_the_cut_chooses_the_metric_as_on_the_page(owner_client, organization, counter, figures):
    csat = surveys.survey_create_from_template(
        organization=organization, template_key="csat_after_support", touchpoints=[counter]
    )
    _answers(csat, counter, [5, 5, 4, 2], source="kiosk")

    page = owner_client.get(FIGURES, {"channel": "kiosk"})
    rows = export_rows(owner_client.get(FIGURES, {"channel": "kiosk", "export": "csv"}))

    assert page.context["main"].spec.key == "csat"
    assert rows[0][2] == "Satisfied (CSAT 4–5)"
    assert [[row[0], row[2], row[3]] for row in rows[1:]] == [["Kassa", "75", "4"]]


def test_a_touchpoint_named_like_a_formula_is_neutralised(owner_client, organization, stages, nps_survey):
    trap = journeys.touchpoint_create(organization=organization, stage=stages[1], name=ATTACKER)
    _answers(nps_survey, trap, [10, 10])

    for file_format in ("csv", "xlsx"):
        rows = export_rows(owner_client.get(FIGURES, {"export": file_format}))

        assert [row[0] for row in rows[1:]] == ["'" + ATTACKER]


def test_no_answers_gives_just_the_header(owner_client, organization):
    rows = export_rows(owner_client.get(FIGURES, {"export": "csv"}))

    assert rows == [
        ["Touchpoint", "Experience tier", "Value", "Answers", "Lower end (95 %)", "Upper end (95 %)", "Level"]
    ]


def test_page_links_to_both_exports_with_its_filters(owner_client, figures):
    page = owner_client.get(FIGURES, {"days": 90}).content.decode()

    assert 'href="?days=90&amp;export=csv"' in page
    assert 'href="?days=90&amp;export=xlsx"' in page


def test_partner_exports_only_its_touchpoints(partner_client, figures):
    page = partner_client.get(FIGURES)

    for file_format in ("csv", "xlsx"):
        rows = export_rows(partner_client.get(FIGURES, {"export": file_format}))

        assert [row[0] for row in rows[1:]] == ["Kotiinkuljetus"]
        assert [row[0] for row in rows[1:]] == [name for name, _, _ in _page_rows(page)]


def test_another_organisations_member_gets_404(client_for, other, figures):
    for file_format in ("csv", "xlsx"):
        response = client_for(other.owner).get(FIGURES, {"export": file_format})

        assert response.status_code == 404
        assert "Content-Disposition" not in response


def test_unknown_format_is_a_bad_request(owner_client, figures):
    assert owner_client.get(FIGURES, {"export": "pdf"}).status_code == 400
