"""Reading an export back in tests: the CSV parsed as Excel would split it, the XLSX opened with openpyxl."""

import csv
import io

import openpyxl


def export_rows(response, *, delimiter: str = ",") -> list[list]:
    """Every row of an export response, the header first. CSV cells are text ('' when empty); XLSX
    cells keep their types (None when empty)."""
    if response["Content-Type"].startswith("text/csv"):
        assert response.content.startswith(b"\xef\xbb\xbf"), "a CSV export starts with the UTF-8 BOM"
        text = response.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export_workbook_sheet(response):
    """The XLSX export's sheet, for asserting on formats, fonts and panes."""
    return openpyxl.load_workbook(io.BytesIO(response.content)).active
