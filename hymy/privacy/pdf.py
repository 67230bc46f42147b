"""The customer's data request as a readable PDF: the same sections as the page, model by model.

Drawn with reportlab's platypus (flowing text, page breaks, long values wrapped) in the language of
the person who downloads it. Text uses DejaVu Sans when Debian's fonts-dejavu is installed, as the
posters do (`hymy/surveys/posters.py`: every letter of Finnish and Swedish, and most names); otherwise
reportlab's own Helvetica, which still has ä, ö and å.
"""

import datetime
import io
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from django.template.defaultfilters import yesno
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hymy.customers.models import Customer
from hymy.surveys.posters import BRAND, FONT_FILES, INK, MUTED, has_dejavu
from hymy.tenancy.models import Organization

from .selectors import DataSection

_FALLBACK_FONTS = {False: "Helvetica", True: "Helvetica-Bold"}


@lru_cache(maxsize=1)
def _fonts() -> dict[bool, str]:
    """Register DejaVu with reportlab once (the posters register the same files under the same names)."""
    if not has_dejavu():
        return dict(_FALLBACK_FONTS)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {False: "HymyDejaVuSans", True: "HymyDejaVuSans-Bold"}
    for is_bold, name in names.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_FILES[is_bold])))
    return names


def _text(value: Any) -> str:
    """A value as a person reads it: local dates and numbers, yes/no, JSON as JSON. The rows come
    already written for a person (`DataSection.readable`, shared with the page); this is for the rest."""
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, datetime.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, datetime.date | Decimal | float | int):
        return formats.localize(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


# A table row cannot break across pages: a long value (a merge's record, a long message) is cut into
# pieces of at most this many characters and lines, each its own row, at line ends where there are some
# (at most ~45 printed lines, well within a page).
PIECE = 1200
PIECE_LINES = 30


def _pieces(text: str) -> list[str]:
    pieces, current = [], ""
    for line in text.splitlines() or [""]:
        while len(line) > PIECE:
            if current:
                pieces.append(current)
                current = ""
            cut = line.rfind(" ", 0, PIECE) + 1 or PIECE  # between words where there is a space
            pieces.append(line[:cut])
            line = line[cut:]
        if current and (len(current) + len(line) + 1 > PIECE or current.count("\n") + 1 >= PIECE_LINES):
            pieces.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    pieces.append(current)
    return pieces


def _markup(text: str) -> str:
    """Escaped for reportlab's mini-markup, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def customer_data_pdf(
    *, organization: Organization, customer: Customer, sections: list[DataSection], produced_at
) -> bytes:
    """An A4 document: a title, who produced it and when, then each model's rows as label–value tables."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    fonts = _fonts()
    title = _("Everything we hold about %(name)s") % {"name": customer.name}
    heading = ParagraphStyle("heading", fontName=fonts[True], fontSize=16, leading=20, textColor=BRAND)
    section_heading = ParagraphStyle(
        "section", fontName=fonts[True], fontSize=12, leading=15, textColor=INK, spaceBefore=10, spaceAfter=4
    )
    muted = ParagraphStyle("muted", fontName=fonts[False], fontSize=9, leading=12, textColor=MUTED)
    label_style = ParagraphStyle("label", fontName=fonts[True], fontSize=8.5, leading=11, textColor=INK)
    value_style = ParagraphStyle("value", fontName=fonts[False], fontSize=8.5, leading=11, textColor=INK)

    story = [
        Paragraph(escape(title), heading),
        Spacer(1, 2 * mm),
        Paragraph(
            escape(
                _("Produced by %(organization)s on %(when)s.")
                % {"organization": organization.name, "when": _text(produced_at)}
            ),
            muted,
        ),
    ]
    width = A4[0] - 40 * mm
    for section in sections:
        story.append(Paragraph(f"{escape(capfirst(section.title))} ({len(section.rows)})", section_heading))
        for row in section.readable():
            cells = []
            for label, value in row:
                for number, piece in enumerate(_pieces(_text(value))):
                    cells.append(
                        [
                            Paragraph(escape(capfirst(label)) if number == 0 else "", label_style),
                            Paragraph(_markup(piece), value_style),
                        ]
                    )
            if not cells:
                continue
            table = Table(cells, colWidths=[width * 0.3, width * 0.7])
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d5dde0")),
                        ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#aab7bc")),
                        ("LEFTPADDING", (0, 0), (-1, -1), 4),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ]
                )
            )
            # A row of the model stays on one page when it fits on one; else it breaks between its lines.
            story.append(KeepTogether([table, Spacer(1, 3 * mm)]))

    def page_footer(canvas, document):
        canvas.saveState()
        canvas.setFont(fonts[False], 8)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawString(20 * mm, 10 * mm, f"{organization.name} · {title}"[:120])
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, str(document.page))
        canvas.restoreState()

    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=organization.name,
        creator="Hymy",
        lang=translation.get_language(),
        invariant=1,
    )
    document.build(story, onFirstPage=page_footer, onLaterPages=page_footer)
    return output.getvalue()
