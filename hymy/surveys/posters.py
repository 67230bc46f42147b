"""Printable QR posters for a survey's public link: for counters, receipts and tables (R3.1).

One layout, three drawings. `poster_layout` places every line of text and the QR code on an A4
page in points (1/72 inch, measured from the top left); `poster_svg`, `poster_png` and
`poster_pdf` draw that same layout, so the three formats look alike and are tested alike.

- The QR code comes from segno and is drawn module by module from its matrix: vector in SVG and
  PDF, whole pixels per module in PNG (a module that is 6 px here and 7 px there still scans, but
  looks smudged when printed).
- Text uses DejaVu Sans from Debian's fonts-dejavu when it is installed (it has every letter
  of Finnish, Swedish and most organisation names); otherwise Pillow's own font for the PNG and
  Helvetica for the PDF. Lines are broken and shrunk to fit with the same measurements everywhere.
- The fixed texts are translated with gettext under the poster's language; the title comes from
  the survey in that language.
"""

import io
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from hymy.journeys.models import Touchpoint

from .models import Survey

# In the order offered: a PDF prints as it is; PNG and SVG go into the organisation's own layouts.
FORMATS = {"pdf": "application/pdf", "png": "image/png", "svg": "image/svg+xml"}

# Medium error correction (15 % of the code may be lost, e.g. under a coffee stain) keeps the code
# coarse enough for a phone at arm's length; segno raises it further when the data leaves room.
QR_ERROR = "m"
QR_QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks

# A4 in points, and the look: Hymy's green band and ink colours (static/hymy/hymy.css).
PAGE_WIDTH = 595.2756
PAGE_HEIGHT = 841.8898
MARGIN = 48.0
BAND_HEIGHT = 16.0
BRAND = "#1f6f5c"
INK = "#1d2a2f"
MUTED = "#66767c"
PNG_DPI = 150

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {False: FONT_DIR / "DejaVuSans.ttf", True: FONT_DIR / "DejaVuSans-Bold.ttf"}
SVG_FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class PosterContent:
    """What a poster says, already in its language."""

    organization_name: str
    title: str
    call_to_action: str
    scan_hint: str
    url: str
    touchpoint_name: str
    language: str


@dataclass(frozen=True)
class TextLine:
    """One line of text, centred on `x`, with its baseline at `y` (points from the top)."""

    text: str
    x: float
    y: float
    size: float
    is_bold: bool
    color: str


@dataclass(frozen=True)
class QrBlock:
    """The QR code in a square box (quiet zone included) at `x`, `y` with sides `size` (points)."""

    x: float
    y: float
    size: float
    matrix: tuple[tuple[bool, ...], ...]

    @property
    def modules(self) -> int:
        return len(self.matrix)

    @property
    def module_size(self) -> float:
        return self.size / (self.modules + 2 * QR_QUIET_ZONE)


@dataclass(frozen=True)
class PosterLayout:
    width: float
    height: float
    lines: tuple[TextLine, ...]
    qr: QrBlock
    url: str
    title: str
    language: str


# --- What the poster says ---------------------------------------------------------------------


def poster_url(*, survey: Survey, touchpoint: Touchpoint | None = None, language: str = "") -> str:
    """The survey's public link: for one touchpoint with `?tp=<id>`, in the poster's language with `lang=`.

    The organisation's feedback survey (feedback.py) has its own page, which reads both too.
    """
    from .feedback import FEEDBACK_TEMPLATE_KEY

    view = "feedback_page" if survey.template_key == FEEDBACK_TEMPLATE_KEY else "public_survey"
    url = settings.HYMY_BASE_URL + reverse(view, args=[survey.public_token])
    query = {}
    if touchpoint is not None:
        query["tp"] = touchpoint.pk
    if language:
        query["lang"] = language
    return f"{url}?{urlencode(query)}" if query else url


def poster_content(*, survey: Survey, language: str, touchpoint: Touchpoint | None = None) -> PosterContent:
    with translation.override(language):
        return PosterContent(
            organization_name=survey.organization.name,
            title=survey.title_in(language),
            call_to_action=_("Tell us what you think – it takes a minute"),
            scan_hint=_("Scan the code with your phone's camera"),
            url=poster_url(survey=survey, touchpoint=touchpoint, language=language),
            touchpoint_name=touchpoint.name if touchpoint is not None else "",
            language=language,
        )


def poster_qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules without the quiet zone: True is dark. Row by row, top first."""
    code = segno.make(url, error=QR_ERROR, micro=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


# --- Measuring and breaking text --------------------------------------------------------------


@lru_cache(maxsize=64)
def _pillow_font(is_bold: bool, size: int):
    path = FONT_FILES[is_bold]
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def has_dejavu() -> bool:
    return all(path.exists() for path in FONT_FILES.values())


def text_width(text: str, size: float, is_bold: bool) -> float:
    """The width of `text` in points at `size` points, measured once at 100 and scaled."""
    return _pillow_font(is_bold, 100).getlength(text) * size / 100


def _break_long_word(word: str, size: float, is_bold: bool, max_width: float) -> list[str]:
    pieces, current = [], ""
    for character in word:
        if current and text_width(current + character, size, is_bold) > max_width:
            pieces.append(current)
            current = character
        else:
            current += character
    return [*pieces, current] if current else pieces


def wrap(text: str, size: float, is_bold: bool, max_width: float) -> list[str]:
    """Lines of at most `max_width` points, broken between words (inside a word only if it must)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, is_bold) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if text_width(word, size, is_bold) <= max_width:
            current = word
        else:
            *whole, current = _break_long_word(word, size, is_bold, max_width)
            lines.extend(whole)
    if current:
        lines.append(current)
    return lines


def fit(
    text: str, *, is_bold: bool, largest: float, smallest: float, max_width: float, max_lines: int
) -> tuple[float, list[str]]:
    """The largest size (in steps of 2 pt) at which `text` fits in `max_lines`; else cut with '…'."""
    size = largest
    while True:
        lines = wrap(text, size, is_bold, max_width)
        if len(lines) <= max_lines or size - 2 < smallest:
            break
        size -= 2
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size, is_bold) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return size, lines


# --- The layout -------------------------------------------------------------------------------


def poster_layout(content: PosterContent) -> PosterLayout:
    """Place everything on an A4 page, top to bottom; the QR code takes the room that is left."""
    width = PAGE_WIDTH - 2 * MARGIN
    centre = PAGE_WIDTH / 2
    lines: list[TextLine] = []
    y = BAND_HEIGHT + 56

    def add(text_lines: list[str], size: float, is_bold: bool, color: str, leading: float = 1.22) -> None:
        nonlocal y
        for line in text_lines:
            y += size
            lines.append(TextLine(line, centre, y, size, is_bold, color))
            y += size * (leading - 1)

    size, text = fit(
        content.organization_name, is_bold=True, largest=20, smallest=12, max_width=width, max_lines=2
    )
    add(text, size, True, MUTED)
    y += 26
    size, text = fit(content.title, is_bold=True, largest=38, smallest=20, max_width=width, max_lines=3)
    add(text, size, True, INK, leading=1.18)
    y += 16
    size, text = fit(
        content.call_to_action, is_bold=False, largest=20, smallest=14, max_width=width, max_lines=2
    )
    add(text, size, False, BRAND)
    y += 8

    # Below the code: the hint, the touchpoint and the link in small print.
    url_size = 9.0
    url_lines = wrap(content.url, url_size, False, width)
    hint_size, hint_lines = fit(
        content.scan_hint, is_bold=False, largest=13, smallest=10, max_width=width, max_lines=2
    )
    touchpoint_size, touchpoint_lines = (
        fit(content.touchpoint_name, is_bold=True, largest=11, smallest=9, max_width=width, max_lines=1)
        if content.touchpoint_name
        else (11.0, [])
    )
    below = (
        len(hint_lines) * hint_size * 1.25
        + len(touchpoint_lines) * touchpoint_size * 1.3
        + len(url_lines) * url_size * 1.3
        + 24
    )
    matrix = poster_qr_matrix(content.url)
    room = PAGE_HEIGHT - MARGIN - BAND_HEIGHT - below - y
    qr_size = max(min(room, width, 380.0), 150.0)
    qr = QrBlock(x=centre - qr_size / 2, y=y, size=qr_size, matrix=matrix)
    # Nothing is printed in the quiet zone: scanners find the code by the white around it.
    y += qr_size + 4
    add(hint_lines, hint_size, False, INK, leading=1.25)
    y += 6
    add(touchpoint_lines, touchpoint_size, True, MUTED, leading=1.3)
    add(url_lines, url_size, False, MUTED, leading=1.3)
    # Short texts leave room at the bottom: share it above and below, so the page is balanced.
    shift = max(0.0, (PAGE_HEIGHT - MARGIN - y) / 2)
    return PosterLayout(
        width=PAGE_WIDTH,
        height=PAGE_HEIGHT,
        lines=tuple(replace(line, y=line.y + shift) for line in lines),
        qr=replace(qr, y=qr.y + shift),
        url=content.url,
        title=content.title,
        language=content.language,
    )


def qr_runs(matrix: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length): few shapes, no seams."""
    runs = []
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                runs.append((row_index, start, column - start))
            else:
                column += 1
    return runs


# --- SVG --------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A coordinate for SVG: never localised ("12,5" would break it), at most 2 decimals."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def svg_qr_path(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """The code as one path in module units (one module = 1), drawn from the code's top left."""
    return "".join(f"M{column} {row}h{length}v1h-{length}z" for row, column, length in qr_runs(matrix))


def poster_svg(content: PosterContent) -> bytes:
    layout = poster_layout(content)
    qr = layout.qr
    offset = QR_QUIET_ZONE * qr.module_size
    context = {
        "width": _number(layout.width),
        "height": _number(layout.height),
        "band_height": _number(BAND_HEIGHT),
        "brand": BRAND,
        "font_family": SVG_FONT_FAMILY,
        "lines": [
            {
                "text": line.text,
                "x": _number(line.x),
                "y": _number(line.y),
                "size": _number(line.size),
                "is_bold": line.is_bold,
                "color": line.color,
            }
            for line in layout.lines
        ],
        "qr_box": {"x": _number(qr.x), "y": _number(qr.y), "size": _number(qr.size)},
        "qr_transform": f"translate({_number(qr.x + offset)} {_number(qr.y + offset)}) "
        f"scale({qr.module_size:.4f})",
        "qr_path": svg_qr_path(qr.matrix),
        "url": layout.url,
        "title": layout.title,
        "language": layout.language,
    }
    return render_to_string("surveys/posters/poster.svg", context).encode()


# --- PNG --------------------------------------------------------------------------------------


def png_qr_placement(qr: QrBlock, dpi: int = PNG_DPI) -> tuple[int, int, int]:
    """Where the PNG draws the code: left and top of its first module and the module side, in
    whole pixels, centred in the layout's box."""
    scale = dpi / 72
    box = qr.size * scale
    module = max(1, math.floor(box / (qr.modules + 2 * QR_QUIET_ZONE)))
    drawn = module * qr.modules
    left = round(qr.x * scale + (box - drawn) / 2)
    top = round(qr.y * scale + (box - drawn) / 2)
    return left, top, module


def poster_png(content: PosterContent, *, dpi: int = PNG_DPI) -> bytes:
    layout = poster_layout(content)
    scale = dpi / 72
    image = Image.new("RGB", (round(layout.width * scale), round(layout.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width, round(BAND_HEIGHT * scale) - 1), fill=BRAND)
    for line in layout.lines:
        font = _pillow_font(line.is_bold, max(1, round(line.size * scale)))
        draw.text((line.x * scale, line.y * scale), line.text, font=font, fill=line.color, anchor="ms")
    left, top, module = png_qr_placement(layout.qr, dpi)
    for row, column, length in qr_runs(layout.qr.matrix):
        x0, y0 = left + column * module, top + row * module
        draw.rectangle((x0, y0, x0 + length * module - 1, y0 + module - 1), fill="black")
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True, dpi=(dpi, dpi))
    return output.getvalue()


# --- PDF --------------------------------------------------------------------------------------

_PDF_FONTS = {False: "Helvetica", True: "Helvetica-Bold"}


@lru_cache(maxsize=1)
def _pdf_fonts() -> dict[bool, str]:
    """Register DejaVu with reportlab once; without it, the PDF's own Helvetica (Latin-1 only)."""
    if not has_dejavu():
        return dict(_PDF_FONTS)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {False: "HymyDejaVuSans", True: "HymyDejaVuSans-Bold"}
    for is_bold, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_FILES[is_bold])))
    return names


def poster_pdf(content: PosterContent) -> bytes:
    """An A4 page; the code is vector rectangles and also a link, so the PDF works on a screen."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen import canvas

    layout = poster_layout(content)
    fonts = _pdf_fonts()
    output = io.BytesIO()
    # invariant: no creation time or random id, so the same poster is the same bytes.
    pdf = canvas.Canvas(output, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
    pdf.setTitle(layout.title)
    pdf.setAuthor(content.organization_name)
    pdf.setSubject(layout.url)
    pdf.setCreator("Hymy")
    height = layout.height
    pdf.setFillColor(HexColor(BRAND))
    pdf.rect(0, height - BAND_HEIGHT, layout.width, BAND_HEIGHT, stroke=0, fill=1)
    for line in layout.lines:
        pdf.setFillColor(HexColor(line.color))
        pdf.setFont(fonts[line.is_bold], line.size)
        pdf.drawCentredString(line.x, height - line.y, line.text)
    qr = layout.qr
    module = qr.module_size
    left = qr.x + QR_QUIET_ZONE * module
    top = qr.y + QR_QUIET_ZONE * module
    pdf.setFillColor(HexColor("#000000"))
    for row, column, length in qr_runs(qr.matrix):
        bottom = height - (top + (row + 1) * module)
        pdf.rect(left + column * module, bottom, length * module, module, stroke=0, fill=1)
    pdf.linkURL(layout.url, (qr.x, height - qr.y - qr.size, qr.x + qr.size, height - qr.y), relative=0)
    pdf.showPage()
    pdf.save()
    return output.getvalue()


# --- One call for views -----------------------------------------------------------------------

_RENDERERS = {"svg": poster_svg, "png": poster_png, "pdf": poster_pdf}


@dataclass(frozen=True)
class PosterFile:
    content: bytes
    content_type: str
    filename: str

    @property
    def content_disposition(self) -> str:
        return content_disposition_header(as_attachment=True, filename=self.filename)


def poster_filename(*, survey: Survey, language: str, fmt: str, touchpoint: Touchpoint | None = None) -> str:
    """E.g. 'poster-smiley-kiosk-kassa-fi.pdf'; readable, and different for every variant."""
    parts = ["poster", slugify(survey.name) or f"survey-{survey.pk}"]
    if touchpoint is not None:
        parts.append(slugify(touchpoint.name) or f"touchpoint-{touchpoint.pk}")
    parts.append(language)
    return "-".join(parts) + f".{fmt}"


def poster_render(
    *, survey: Survey, fmt: str, language: str, touchpoint: Touchpoint | None = None
) -> PosterFile:
    """The poster of `survey` (for one touchpoint, or for all) as a file in `fmt` (svg, png, pdf)."""
    if fmt not in _RENDERERS:
        raise ValueError(f"Unknown poster format: {fmt}")
    content = poster_content(survey=survey, language=language, touchpoint=touchpoint)
    return PosterFile(
        content=_RENDERERS[fmt](content),
        content_type=FORMATS[fmt],
        filename=poster_filename(survey=survey, language=language, fmt=fmt, touchpoint=touchpoint),
    )
