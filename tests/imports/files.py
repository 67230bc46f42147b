"""Files as real programs write them: a Finnish Excel CSV, an XLSX with merged header cells."""

import io

import openpyxl

FINNISH_CUSTOMERS = [
    [
        "Asiakasnumero",
        "Etunimi",
        "Sukunimi",
        "Sähköposti",
        "Puhelin",
        "Postinumero",
        "Kaupunki",
        "Kieli",
        "Markkinointilupa",
    ],
    [
        "A-100",
        "Päivi",
        "Hämäläinen",
        "paivi.hamalainen@example.fi",
        "040 123 4567",
        "00100",
        "Helsinki",
        "suomi",
        "kyllä",
    ],
    ["A-101", "Åke", "Öberg", "ake.oberg@example.fi", "+358 50 765 4321", "65100", "Vaasa", "ruotsi", "ei"],
    ["A-102", "Jyrki", "Mäkelä", "jyrki@example.fi", "045 111 2233", "33100", "Tampere", "fi", ""],
]

FINNISH_PURCHASES = [
    ["Tilausnumero", "Sähköposti", "Päivämäärä", "Summa", "Kosketuspiste", "Tuote"],
    ["T-1", "paivi.hamalainen@example.fi", "24.11.2026", "1 234,50", "Kassa", "Kahvipaketti"],
    ["T-2", "ake.oberg@example.fi", "1.12.2026", "12,90 €", "kassa", "Pulla"],
]


def finnish_excel_csv(rows) -> bytes:
    """As Finnish Excel's "CSV (erottimina puolipiste)": `;`, Windows-1252, CRLF."""
    lines = [";".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def utf8_bom_csv(rows, delimiter=",") -> bytes:
    return ("\ufeff" + "\n".join(delimiter.join(row) for row in rows) + "\n").encode("utf-8")


def xlsx_with_merged_headers() -> bytes:
    """A two-row header: "Yhteystiedot" merged over e-mail and phone; "Nimi" merged down two rows."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nimi", "Yhteystiedot", None, "Y-tunnus", "Tyyppi"])
    sheet.append([None, "Sähköposti", "Puhelin", None, None])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:D2")
    sheet.merge_cells("E1:E2")
    sheet.append(["Kuun Yritys Oy", "info@kuu.example", "09 123 4567", "1572860-0", "yritys"])
    sheet.append(["Maija Malli", "maija.malli@example.fi", 401234567, None, "henkilö"])
    sheet.append(["Bad Business", "bad@example.fi", None, "1234567-2", "yritys"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MIXED_ROWS = [
    ["name", "email", "phone", "date of birth"],
    ["Good One", "good.one@example.com", "040 111 1111", ""],
    ["Bad Email", "bad(at)example.com", "040 222 2222", ""],
    ["Good Two", "good.two@example.com", "", ""],
    ["", "no.name@example.com", "", ""],
    ["Bad Phone", "bad.phone@example.com", "12", ""],
    ["Good Three", "", "+46 70 123 45 67", ""],
]
