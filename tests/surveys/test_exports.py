"""The response inbox as CSV and Excel: the filtered responses, every page, one column per question."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hymy.surveys import services
from hymy.surveys.choices import QuestionKind
from tests.export_files import export_rows

from .conftest import answered, make_customer

INBOX = "/o/aurinko/surveys/responses/"
ATTACKER = "=cmd|' /C calc'!A0"
BASE_HEADERS = ["When", "Survey", "Customer", "Touchpoint", "Channel", "Language"]
NPS_QUESTION = "How likely are you to recommend Kahvila Aurinko to a friend or colleague?"
GOOD_QUESTION = "What made it a good experience?"
CSAT_QUESTION = "How satisfied were you with the service you received?"


def day(number: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, number, 12, 0))


@pytest.fixture
def attacker(organization, owner):
    return make_customer(organization, owner, ATTACKER, email="x@evil.example")


@pytest.fixture
def inbox(nps_survey, csat_survey, consenting, attacker, counter, delivery):
    """Five responses to two surveys on different days, one by a customer whose name is a formula."""
    return {
        "nps_3": answered(
            nps_survey, score=3, followup="Jono oli pitkä", customer=consenting, started_at=day(2)
        ),
        "nps_9": answered(nps_survey, score=9, customer=attacker, started_at=day(10), touchpoint=counter),
        "nps_7": answered(
            nps_survey, score=7, text='=HYPERLINK("http://evil.example","x")', started_at=day(15)
        ),
        "csat_1": answered(csat_survey, score=1, started_at=day(5), touchpoint=delivery, language="sv"),
        "csat_5": answered(
            csat_survey, score=5, followup="Loistavaa", started_at=day(20), source="public_link"
        ),
    }


def _export(client, file_format="csv", **filters):
    return client.get(INBOX, {**filters, "export": file_format})


def test_one_survey_gets_one_column_per_question_and_its_why(owner_client, inbox, nps_survey):
    response = _export(owner_client, survey=nps_survey.pk)

    today = timezone.localdate().isoformat()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="responses-aurinko-{today}.csv"'
    rows = _rows(response)
    assert rows[0] == [*BASE_HEADERS, NPS_QUESTION, f"{NPS_QUESTION} — why", GOOD_QUESTION]
    assert rows[1:] == [
        ["2026-11-15 12:00", "NPS after a purchase", "", "Kassa", "Personal invitation", "Finnish", "7", "",
         "'=HYPERLINK(\"http://evil.example\",\"x\")"],
        ["2026-11-10 12:00", "NPS after a purchase", "'" + ATTACKER, "Kassa", "Personal invitation", "Finnish",
         "9", "", ""],
        ["2026-11-02 12:00", "NPS after a purchase", "Liisa Lahtinen", "Kassa", "Personal invitation",
         "Finnish", "3", "Jono oli pitkä", ""],
    ]  # fmt: skip


def test_mixed_surveys_get_columns_headed_survey_and_question_in_a_stable_order(owner_client, inbox):
    rows = _rows(_export(owner_client))

    csat, nps = "CSAT after a support contact", "NPS after a purchase"
    assert rows[0] == [
        *BASE_HEADERS,
        f"{csat}: {CSAT_QUESTION}",
        f"{csat}: {CSAT_QUESTION} — why",
        f"{nps}: {NPS_QUESTION}",
        f"{nps}: {NPS_QUESTION} — why",
        f"{nps}: {GOOD_QUESTION}",
    ]
    assert [row[:2] + row[6:] for row in rows[1:]] == [
        ["2026-11-20 12:00", csat, "5", "Loistavaa", "", "", ""],
        ["2026-11-15 12:00", nps, "", "", "7", "", '\'=HYPERLINK("http://evil.example","x")'],
        ["2026-11-10 12:00", nps, "", "", "9", "", ""],
        ["2026-11-05 12:00", csat, "1", "", "", "", ""],
        ["2026-11-02 12:00", nps, "", "", "3", "Jono oli pitkä", ""],
    ]
    assert rows[1][4] == "Public link"
    assert rows[4][3:6] == ["Kotiinkuljetus", "Personal invitation", "Swedish"]


def test_xlsx_keeps_times_and_scores_as_numbers(owner_client, inbox, nps_survey):
    response = _export(owner_client, "xlsx", survey=nps_survey.pk)

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="responses-aurinko-{today}.xlsx"'
    rows = _rows(response)
    assert rows[1:] == [
        [datetime.datetime(2026, 11, 15, 12, 0), "NPS after a purchase", None, "Kassa", "Personal invitation",
         "Finnish", 7, None, "'=HYPERLINK(\"http://evil.example\",\"x\")"],
        [datetime.datetime(2026, 11, 10, 12, 0), "NPS after a purchase", "'" + ATTACKER, "Kassa",
         "Personal invitation", "Finnish", 9, None, None],
        [datetime.datetime(2026, 11, 2, 12, 0), "NPS after a purchase", "Liisa Lahtinen", "Kassa",
         "Personal invitation", "Finnish", 3, "Jono oli pitkä", None],
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["csat_5", "nps_7", "nps_9", "csat_1", "nps_3"]),
        ({"band": "low"}, ["csat_1", "nps_3"]),
        ({"has_comment": "yes"}, ["csat_5", "nps_7", "nps_3"]),
        ({"survey": "csat"}, ["csat_5", "csat_1"]),
        ({"date_from": "2026-11-05", "date_to": "2026-11-15"}, ["nps_7", "nps_9", "csat_1"]),
        ({"source": "public_link"}, ["csat_5"]),
        ({"touchpoint": "delivery"}, ["csat_1"]),
        ({"survey": "csat", "band": "middle"}, []),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_holds_exactly_the_filtered_responses_on_every_page(
    owner_client, inbox, nps_survey, csat_survey, delivery, filters, expected, file_format
):
    ids = {"nps": nps_survey.pk, "csat": csat_survey.pk, "delivery": delivery.pk}
    query = {key: ids.get(value, value) for key, value in filters.items()}

    rows = _rows(_export(owner_client, file_format, page=2, **query))

    assert [_time(row[0]) for row in rows[1:]] == [inbox[name].started_at for name in expected]


def test_chosen_options_are_their_labels_and_yes_no_reads_yes_or_no(owner_client, organization, counter):
    survey = services.survey_create(organization=organization, name="Valinnat", title={"en": "Choices"})
    choice = services.question_create(
        survey=survey, kind=QuestionKind.MULTIPLE_CHOICE, text={"en": "What mattered?", "fi": "Mikä ratkaisi?"},
        choices=[{"value": "price", "label": {"en": "Price", "fi": "Hinta"}},
                 {"value": "speed", "label": {"en": "Speed", "fi": "Nopeus"}}],
    )  # fmt: skip
    yes_no = services.question_create(
        survey=survey, kind=QuestionKind.YES_NO, text={"en": "Did you find it?"}
    )
    response = services.response_start(survey=survey, source="staff", language="en", started_at=day(3))
    services.answer_save(response=response, question=choice, choices=["speed", "price"])
    services.answer_save(response=response, question=yes_no, score=1)

    rows = _rows(_export(owner_client, survey=survey.pk))

    assert rows[0][6:] == ["What mattered?", "Did you find it?"]
    assert rows[1][6:] == ["Speed, Price", "Yes"]


def test_inbox_links_to_both_exports_with_its_filters(owner_client, inbox):
    page = owner_client.get(INBOX, {"band": "low", "page": 1}).content.decode()

    assert 'href="?band=low&amp;export=csv"' in page
    assert 'href="?band=low&amp;export=xlsx"' in page


def test_partner_exports_only_responses_at_its_touchpoints(partner_client, inbox):
    for file_format in ("csv", "xlsx"):
        rows = _rows(_export(partner_client, file_format))

        assert [_time(row[0]) for row in rows[1:]] == [inbox["csat_1"].started_at]
        assert rows[1][3] == "Kotiinkuljetus"


def test_another_organisations_member_gets_404(client_for, other, inbox, kuu_survey):
    for file_format in ("csv", "xlsx"):
        response = _export(client_for(other.owner), file_format)

        assert response.status_code == 404
        assert "Content-Disposition" not in response


def test_own_export_never_holds_another_organisations_responses(owner_client, inbox, kuu_survey):
    rows = _rows(_export(owner_client))

    assert len(rows) == 6
    assert "Kalle Kuunasukas" not in {row[2] for row in rows}


def test_unknown_format_is_a_bad_request(owner_client, inbox):
    assert _export(owner_client, "pdf").status_code == 400


def _rows(response) -> list[list]:
    return export_rows(response)


def _time(value) -> datetime.datetime:
    """A row's time as an aware datetime, from the CSV text or the XLSX value (both Helsinki time)."""
    if isinstance(value, str):
        value = datetime.datetime.strptime(value, "%Y-%m-%d %H:%M")
    return timezone.make_aware(value)


def test_export_holds_every_page_not_just_the_first(owner_client, nps_survey):
    for number in range(35):
        answered(nps_survey, score=number % 11, started_at=day(1) + datetime.timedelta(minutes=number))

    page = owner_client.get(INBOX)
    rows = _rows(_export(owner_client, "xlsx"))

    assert len(page.context["page"]) == 30
    assert len(rows) == 1 + 35
    assert [row[6] for row in rows[1:]] == [number % 11 for number in reversed(range(35))]


def test_export_reads_in_the_same_number_of_queries_for_few_and_many_responses(
    owner_client, nps_survey, csat_survey, organization, owner
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _export(owner_client, "xlsx").status_code == 200
        return len(captured)

    answered(nps_survey, score=5, text="Hyvä", customer=make_customer(organization, owner, "Aino"))
    few = queries()
    for number in range(30):
        survey = csat_survey if number % 2 else nps_survey
        answered(
            survey,
            score=3,
            followup="Miksi",
            customer=make_customer(organization, owner, f"Asiakas {number}"),
        )

    assert queries() == few


def test_the_survey_pages_latest_responses_download_every_response_to_that_survey(
    owner_client, client_for, inbox, nps_survey, other
):
    page = owner_client.get(f"/o/aurinko/surveys/{nps_survey.pk}/").content.decode()
    assert "?export=csv&amp;table=responses" in page

    download = owner_client.get(
        f"/o/aurinko/surveys/{nps_survey.pk}/", {"export": "csv", "table": "responses"}
    )

    rows = export_rows(download)
    assert download["Content-Disposition"].startswith('attachment; filename="responses-aurinko-')
    assert rows[0][:7] == [*BASE_HEADERS, NPS_QUESTION]
    # The three NPS responses, newest first; none of the CSAT survey's.
    assert [(row[0][:10], row[1], row[6]) for row in rows[1:]] == [
        ("2026-11-15", nps_survey.name, "7"),
        ("2026-11-10", nps_survey.name, "9"),
        ("2026-11-02", nps_survey.name, "3"),
    ]
    assert rows[2][2] == "'" + ATTACKER  # the customer whose name is a formula stays text
    assert '\'=HYPERLINK("http://evil.example","x")' in rows[1]
    # Another organisation's user cannot reach this survey's responses.
    foreign = client_for(other.owner).get(
        f"/o/aurinko/surveys/{nps_survey.pk}/", {"export": "csv", "table": "responses"}
    )
    assert foreign.status_code == 404


def test_a_partner_downloads_only_the_responses_at_its_own_touchpoints(
    client_for, members, nps_survey, counter, delivery
):
    from hymy.tenancy.choices import Role

    answered(nps_survey, score=9, touchpoint=counter, source="kiosk")
    answered(nps_survey, score=2, touchpoint=delivery, source="kiosk")

    download = client_for(members[Role.PARTNER].user).get(
        f"/o/aurinko/surveys/{nps_survey.pk}/", {"export": "xlsx", "table": "responses"}
    )

    rows = export_rows(download)
    assert [(row[3], row[6]) for row in rows[1:]] == [("Kotiinkuljetus", 2)]
