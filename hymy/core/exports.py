"""Tables as files: every list page can answer `?export=csv` or `?export=xlsx` with what its filters show.

A page's view builds its rows (in the app's own `exports.py`) and hands them to `export_table`, which
turns translated column headers and rows of plain Python values (str, int, float, Decimal, date,
datetime, bool, None) into a download:

- **CSV** is UTF-8 with a byte-order mark, so that Excel recognises the encoding (without it, a Finnish
  Excel reads "Hämäläinen" as "HÃ¤mÃ¤lÃ¤inen"). The delimiter follows the reader's language: Excel
  splits a CSV file by the *list separator* of the computer's regional settings, which is `;` where the
  decimal separator is a comma (Finland, Sweden) and `,` elsewhere. So a Finnish or Swedish page
  exports `;` and writes decimals with a comma (`4,5`), an English page exports `,` and `4.5`. Dates are
  ISO 8601 (`2026-11-24`, `2026-11-24 14:05` in the organisation's time zone), which Excel reads as
  dates in every locale and which no reader can mistake for another day. Booleans are "Yes"/"No".
- **XLSX** (openpyxl, write-only mode so that a large export does not build the workbook in memory)
  keeps real types: numbers are numbers, dates and times are Excel dates with a date format, booleans
  are booleans. The header row is bold and frozen; columns are as wide as their header and the
  first rows need (within limits).

**Formula injection** (OWASP "CSV Injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`
or `@` as a formula — `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` typed into a customer's name would run on
the computer of whoever opens the export — and a leading tab or carriage return can hide such a start.
Every *text* cell that starts with one of these characters is prefixed with `'`, in both formats, so
that it stays text even when someone edits the cell later. Only text is touched: numbers are written
as numbers (a negative number is `-2`, not `'-2`) because a number cannot carry a formula.
"""

import csv
import datetime
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

CSV = "csv"
XLSX = "xlsx"
EXPORT_FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# OWASP: cells starting with these are read as formulas (or hide a formula behind whitespace).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that XML 1.0 (and so XLSX) cannot hold; tab, line feed and carriage return can.
CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
# Languages whose Excel expects `;` between fields and `,` before decimals.
DECIMAL_COMMA_LANGUAGES = ("fi", "sv")
XLSX_DATE_FORMATS = {"fi": ("d.m.yyyy", "d.m.yyyy h:mm")}
XLSX_DEFAULT_DATE_FORMATS = ("yyyy-mm-dd", "yyyy-mm-dd hh:mm")
XLSX_MAX_TEXT = 32_767  # the most characters an Excel cell holds
WIDTH_SAMPLE_ROWS = 200  # column widths are measured on the header and this many rows
MIN_WIDTH, MAX_WIDTH = 8, 60

Value = str | int | float | Decimal | datetime.date | datetime.datetime | bool | None


def export_format(value: str | None) -> str:
    """The requested format ('csv' or 'xlsx'); anything else is a bad request (400)."""
    if value not in EXPORT_FORMATS:
        raise BadRequest("Unknown export format.")
    return value


def neutralise(text: str) -> str:
    """Text that a spreadsheet will not run as a formula: `'` before a dangerous first character.

    Control characters other than tab, line feed and carriage return are dropped first: XLSX cannot
    hold them, and a CSV reader has no use for them."""
    text = text.translate(CONTROL_CHARACTERS)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_table(
    *,
    file_format: str,
    what: str,
    title: str,
    organization,
    headers: Sequence[str],
    rows: Iterable[Sequence[Value]],
) -> HttpResponse:
    """A download of one table: `<what>-<organisation slug>-<date>.csv|xlsx`.

    `what` names the file (a short ASCII word such as "customers"), `title` names the XLSX sheet
    (translated), `organization` is anything with a `slug`. `headers` are translated column names; `rows` may be a generator, so that a
    large queryset is read in chunks. Raises `BadRequest` for an unknown format before reading a row.
    """
    file_format = export_format(file_format)
    language = (translation.get_language() or "en").split("-")[0]
    headers = [str(header) for header in headers]
    if file_format == CSV:
        content = _csv_bytes(headers, rows, language)
    else:
        content = _xlsx_bytes(headers, rows, language, title)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"{what}-{organization.slug}-{timezone.localdate().isoformat()}.{file_format}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Exports hold personal data: no shared or stored copies on the way.
    patch_cache_control(response, private=True, no_store=True)
    return response


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def _csv_bytes(headers: list[str], rows: Iterable[Sequence[Value]], language: str) -> bytes:
    decimal_comma = language in DECIMAL_COMMA_LANGUAGES
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if decimal_comma else ",", lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value, decimal_comma) for value in row])
    # "utf-8-sig" writes the byte-order mark that tells Excel the file is UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def _csv_text(value: Value, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        number = _plain_number(value)
        return number.replace(".", ",") if decimal_comma else number
    if isinstance(value, datetime.datetime):
        return _local(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def _plain_number(value: float | Decimal) -> str:
    """A number without exponent or thousands separators: 0.1 → '0.1', 40.0 → '40', 1e16 →
    '10000000000000000'; a Decimal keeps its places (8.40 → '8.40', as money is written)."""
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else ""
    if not math.isfinite(value):
        return ""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Local wall-clock time without a time zone (Excel has no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


# ---------------------------------------------------------------------------------------------
# XLSX
# ---------------------------------------------------------------------------------------------


def _xlsx_bytes(headers: list[str], rows: Iterable[Sequence[Value]], language: str, title: str) -> bytes:
    # Imported here: only exports need openpyxl, and it is not light to import.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    date_format, datetime_format = XLSX_DATE_FORMATS.get(language, XLSX_DEFAULT_DATE_FORMATS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))

    # In write-only mode widths and panes must be set before the first row is written, so the
    # widths are measured on the first rows, which are then written like the rest.
    rows = iter(rows)
    sample = [list(row) for row in islice(rows, WIDTH_SAMPLE_ROWS)]
    for index, width in enumerate(_column_widths(headers, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)

    def cell_of(value: Value):
        if isinstance(value, Promise):
            value = str(value)
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=_xlsx_text(value))
            cell.data_type = "s"  # never a formula or an error code such as '#N/A'
            return cell
        if isinstance(value, float | Decimal) and not math.isfinite(value):
            return None
        if isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(sheet, value=_local(value))
            cell.number_format = datetime_format
            return cell
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = date_format
            return cell
        return value  # None, bool, int, float and Decimal are written as they are

    for row in chain(sample, rows):
        sheet.append([cell_of(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_text(text: str) -> str:
    return neutralise(text)[:XLSX_MAX_TEXT]


def _sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\ ."""
    cleaned = "".join(" " if character in "[]:*?/\\" else character for character in str(title)).strip()
    return cleaned[:31] or "Sheet"


def _column_widths(headers: list[str], sample: list[list[Value]]) -> Iterator[float]:
    for index, header in enumerate(headers):
        longest = len(header)
        for row in sample:
            value = row[index] if index < len(row) else None
            longest = max(longest, _display_length(value))
        yield min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))


def _display_length(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, str | Promise):
        # A multi-line text is as wide as its longest line.
        return max((len(line) for line in str(value).splitlines()), default=0)
    return len(str(value))
