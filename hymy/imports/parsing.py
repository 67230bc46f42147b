"""Reading a spreadsheet file into a header row and data rows of text.

CSV files come from every kind of Excel: Finnish Excel saves `;`-separated Windows-1252 ("CSV
(erottimina puolipiste)"), newer ones UTF-8 with a byte-order mark ("CSV UTF-8"), other tools `,` or
tab. The encoding is found by trying UTF-8 (a byte-order mark is dropped), then Windows-1252, and only
for bytes that neither can hold, charset-normalizer's guess. The delimiter is
the one of `;`, `,` and tab that splits the first lines most consistently.

XLSX files are read with openpyxl in read-only mode (a 100,000-row sheet stays small in memory).
Read-only sheets do not expose merged cells, so the merge ranges are read from the sheet's XML; a
merged header cell gives its text to every column it spans, and a two-row header (a merged group
title above the column titles) becomes one row with the lower title where there is one.
"""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

import charset_normalizer
from django.utils.translation import gettext as _

DELIMITERS = (";", ",", "\t")
SNIFF_LINES = 20


class FileUnreadable(ValueError):
    """The file is not a CSV or XLSX file we can read; the message says why, for the user."""


@dataclass
class Table:
    headers: list[str]
    # (the row's number as the spreadsheet shows it, its cells); empty rows are left out.
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""


def read_table(content: bytes, file_name: str, *, limit: int | None = None) -> Table:
    """The header and the data rows; with `limit`, only the first `limit` data rows (for a preview)."""
    if file_name.lower().endswith((".xlsx", ".xlsm")) or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, limit)
    return _read_csv(content, limit)


# --- CSV ----------------------------------------------------------------------------------------------


def decode(content: bytes) -> tuple[str, str]:
    """The text and the name of its encoding."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a Finnish or Swedish Excel wrote Windows-1252. Only bytes that Windows-1252 leaves
    # undefined send us to charset-normalizer's guess (an old DOS or Mac export).
    try:
        return content.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(content[:200_000]).best()
    if best is not None:
        try:
            return content.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return content.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that gives the most columns, the same number on every sampled line."""
    lines = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for count in counts if count == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_csv(content: bytes, limit: int | None = None) -> Table:
    text, encoding = decode(content)
    if "\x00" in text:
        raise FileUnreadable(_("This file is not a CSV or Excel (XLSX) file."))
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [
            (number, row) for number, row in enumerate(reader, start=1) if any(cell.strip() for cell in row)
        ]
    except csv.Error as error:
        raise FileUnreadable(_("The CSV file could not be read: %(reason)s") % {"reason": error})
    if not rows:
        raise FileUnreadable(_("The file is empty."))
    headers = [cell.strip() for cell in rows[0][1]]
    return Table(headers=headers, rows=rows[1:], encoding=encoding, delimiter=delimiter)


# --- XLSX ---------------------------------------------------------------------------------------------

MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.decode():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), zero-based, of every merged range."""
    with archive.open(sheet_path) as sheet:
        xml = sheet.read()
    ranges = []
    for first_col, first_row, last_col, last_row in MERGE_RE.findall(xml):
        last_col, last_row = last_col or first_col, last_row or first_row
        ranges.append(
            (int(first_row) - 1, _column_index(first_col), int(last_row) - 1, _column_index(last_col))
        )
    return ranges


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return (
            value.isoformat(sep=" ")
            if (value.hour, value.minute, value.second) != (0, 0, 0)
            else (value.date().isoformat())
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        # 1234.5 → "1234.5"; a whole number without ".0" (phone numbers and ids typed as numbers).
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value).strip()


def _read_xlsx(content: bytes, limit: int | None = None) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileUnreadable(_("The Excel file could not be read: %(reason)s") % {"reason": error})
    try:
        sheet = workbook.worksheets[0]
        # The header takes at most two rows; a few more for leading empty rows.
        sheet_rows = sheet.iter_rows(values_only=True)
        if limit is not None:
            sheet_rows = islice(sheet_rows, limit + 12)
        rows = [[_cell_text(value) for value in row] for row in sheet_rows]
        merged = _merged_ranges(workbook._archive, sheet._worksheet_path)
    finally:
        workbook.close()
    numbered = [(number, row) for number, row in enumerate(rows, start=1)]
    # Leading empty rows (a title row left blank) are dropped, and the merges shifted with them.
    while numbered and not any(numbered[0][1]):
        numbered.pop(0)
        merged = [(r1 - 1, c1, r2 - 1, c2) for r1, c1, r2, c2 in merged]
    rows = [row for _number, row in numbered]
    if not rows:
        raise FileUnreadable(_("The file is empty."))
    width = max(len(row) for row in rows[:50])
    top = [list(row) + [""] * (width - len(row)) for row in rows[:2]]
    two_row_header = False
    for first_row, first_col, last_row, last_col in merged:
        if first_row > 1 or first_row < 0:
            continue
        value = top[first_row][first_col] if first_col < width else ""
        for row in range(first_row, min(last_row, 1) + 1):
            for col in range(first_col, min(last_col, width - 1) + 1):
                top[row][col] = value
        if first_row == 0 and last_row == 0 and last_col > first_col:
            two_row_header = True  # a group title over several columns: the titles are on the next row
    if two_row_header and len(top) > 1:
        headers = [lower or upper for upper, lower in zip(top[0], top[1], strict=True)]
        data = numbered[2:]
    else:
        headers, data = top[0], numbered[1:]
    data = [(number, row) for number, row in data if any(row)][:limit]
    return Table(headers=[header.strip() for header in headers], rows=data)
