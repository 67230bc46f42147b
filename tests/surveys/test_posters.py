"""Printable QR posters: every format is a real file whose code is exactly the survey's public link.

No QR decoder is used: the one that installs without system libraries from PyPI is a compiled
binding (zxing-cpp), and pyzbar needs Debian's libzbar. Instead each test reads the modules back
from what was drawn (the SVG path, the PDF's rectangles, the PNG's pixels) and compares them with
segno's matrix for the expected link, made independently here. segno's own encoding is segno's
business; that the drawing is that code, in the right place, whole, is ours.
"""

import base64
import io
import re
import xml.etree.ElementTree as ET
import zlib

import pytest
import segno
from django.urls import reverse
from django.utils.text import slugify
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from hymy.surveys import posters, services
from hymy.surveys.choices import SurveyStatus
from hymy.tenancy.choices import Role

BASE_URL = "https://hymy.example"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.HYMY_BASE_URL = BASE_URL


@pytest.fixture
def survey(organization, counter, delivery):
    """The smiley survey, at the counter and the partner's home delivery."""
    return services.survey_create_from_template(
        organization=organization, template_key="smiley_kiosk", touchpoints=[counter, delivery]
    )


def poster_path(survey, fmt: str, **query) -> str:
    url = reverse("survey_poster", kwargs={"org_slug": survey.organization.slug, "pk": survey.pk, "fmt": fmt})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def public_link(survey, touchpoint=None, language="") -> str:
    """The link a poster carries: the touchpoint it stands at, and the language it is written in."""
    query = "&".join(
        part
        for part in (f"tp={touchpoint.pk}" if touchpoint is not None else "", f"lang={language}" if language else "")
        if part
    )
    return f"{BASE_URL}/p/{survey.public_token}/" + (f"?{query}" if query else "")


def expected_cells(link: str) -> set[tuple[int, int]]:
    """(row, column) of every dark module of the link's QR code, from segno directly."""
    matrix = segno.make(link, error=posters.QR_ERROR, micro=False).matrix
    return {(row, column) for row, line in enumerate(matrix) for column, dark in enumerate(line) if dark}


# --- SVG --------------------------------------------------------------------------------------


def svg_root(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314  (our own output, parsed in a test)


def svg_texts(content: bytes) -> list[str]:
    return [element.text for element in svg_root(content).iter(f"{SVG}text")]


def svg_words(content: bytes) -> str:
    """All text of the poster as one string (a title may be broken into lines)."""
    return " ".join(svg_texts(content))


def svg_cells(path_data: str) -> set[tuple[int, int]]:
    cells = set()
    for column, row, length, back in re.findall(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z", path_data):
        assert length == back
        cells |= {(int(row), int(column) + step) for step in range(int(length))}
    assert re.sub(r"M\d+ \d+h\d+v1h-\d+z", "", path_data) == "", "only whole-module runs in the path"
    return cells


def test_svg_poster_is_xml_whose_code_is_the_touchpoints_public_link(owner_client, survey, counter):
    response = owner_client.get(poster_path(survey, "svg", language="fi", touchpoint=counter.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"] == f'attachment; filename="poster-{slugify(survey.name)}-kassa-fi.svg"'
    root = svg_root(response.content)
    assert root.tag == f"{SVG}svg"
    texts = svg_texts(response.content)
    link = public_link(survey, counter, "fi")
    assert "Kahvila Aurinko" in texts
    assert "Miten palvelimme tänään?" in svg_words(response.content)
    assert "Kassa" in texts
    assert link in texts  # the link in small print, whole on one line
    anchor = root.find(f"{SVG}a")
    assert anchor.get("href") == link
    (code,) = [element for element in root.iter(f"{SVG}path") if element.get("class") == "qr"]
    assert svg_cells(code.get("d")) == expected_cells(link)


def test_svg_poster_escapes_the_organisation_name(owner_client, organization, survey):
    organization.name = 'Kahvila <Aurinko> & "Kuu"'
    organization.save()

    response = owner_client.get(poster_path(survey, "svg", language="fi"))

    texts = svg_texts(response.content)
    assert 'Kahvila <Aurinko> & "Kuu"' in texts
    assert b"<Aurinko>" not in response.content


def test_poster_for_the_whole_survey_links_without_a_touchpoint(owner_client, survey):
    response = owner_client.get(poster_path(survey, "svg", language="en"))

    root = svg_root(response.content)
    link = public_link(survey, language="en")
    assert root.find(f"{SVG}a").get("href") == link
    (code,) = [element for element in root.iter(f"{SVG}path") if element.get("class") == "qr"]
    assert svg_cells(code.get("d")) == expected_cells(link)
    words = svg_words(response.content)
    assert "How did we serve you today?" in words
    assert "Tell us what you think – it takes a minute" in words
    assert response["Content-Disposition"] == 'attachment; filename="poster-smiley-kiosk-en.svg"'


def test_poster_is_in_the_language_asked_for(owner_client, survey, counter):
    response = owner_client.get(poster_path(survey, "svg", language="sv", touchpoint=counter.pk))

    words = svg_words(response.content)
    assert "Hur var servicen i dag?" in words
    assert "Miten" not in words
    assert svg_root(response.content).get("{http://www.w3.org/XML/1998/namespace}lang") == "sv"


def test_poster_without_a_language_is_in_the_organisations_language(owner_client, survey):
    assert "Miten palvelimme tänään?" in svg_words(owner_client.get(poster_path(survey, "svg")).content)


# --- PNG --------------------------------------------------------------------------------------


def test_png_poster_is_an_a4_image_whose_pixels_are_the_code(owner_client, survey, counter):
    response = owner_client.get(poster_path(survey, "png", language="fi", touchpoint=counter.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    image = Image.open(io.BytesIO(response.content)).convert("L")
    assert image.size == (1240, 1754)  # A4 at 150 dpi
    link = public_link(survey, counter, "fi")
    layout = posters.poster_layout(posters.poster_content(survey=survey, language="fi", touchpoint=counter))
    left, top, module = posters.png_qr_placement(layout.qr)
    assert module >= 6, "a module of at least 1 mm on paper"
    size = layout.qr.modules
    dark = {
        (row, column)
        for row in range(-posters.QR_QUIET_ZONE, size + posters.QR_QUIET_ZONE)
        for column in range(-posters.QR_QUIET_ZONE, size + posters.QR_QUIET_ZONE)
        # Every pixel of the module agrees: a module is drawn whole or not at all.
        if _module_pixels(image, left + column * module, top + row * module, module) == "dark"
    }
    assert dark == expected_cells(link)  # ... and the quiet zone around it is white


def _module_pixels(image, x: int, y: int, module: int) -> str:
    values = {image.getpixel((x + dx, y + dy)) for dx in range(module) for dy in range(module)}
    if values == {0}:
        return "dark"
    assert values == {255}, f"a module at ({x}, {y}) is neither black nor white: {sorted(values)}"
    return "light"


# --- PDF --------------------------------------------------------------------------------------


def pdf_page_content(pdf: bytes) -> str:
    """The page's drawing operators (reportlab writes them ASCII85 + Flate encoded)."""
    match = re.search(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", pdf)
    encoded = pdf[match.end() : match.end() + int(match.group(1))]
    return zlib.decompress(base64.a85decode(encoded.removesuffix(b"~>"))).decode("latin-1")


def pdf_cells(content: str) -> set[tuple[int, int]]:
    """The black rectangles after the code's colour, back to (row, column) modules."""
    code = content[content.index("0 0 0 rg") :]
    rectangles = [
        tuple(float(value) for value in found)
        for found in re.findall(r"n ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f", code)
    ]
    module = rectangles[0][3]
    assert all(height == pytest.approx(module) for _x, _y, _w, height in rectangles)
    left = min(x for x, _y, _w, _h in rectangles)
    top = max(y + height for _x, y, _w, height in rectangles)
    cells = set()
    for x, y, width, height in rectangles:
        row = round((top - y - height) / module)
        first = round((x - left) / module)
        cells |= {(row, first + step) for step in range(round(width / module))}
    return cells


def test_pdf_poster_is_an_a4_pdf_with_the_code_as_vectors_and_a_link(owner_client, survey, delivery):
    response = owner_client.get(poster_path(survey, "pdf", language="en", touchpoint=delivery.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="poster-smiley-kiosk-kotiinkuljetus-en.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf
    link = public_link(survey, delivery, "en")
    assert f"/URI ({link})".encode() in pdf  # clicking the code on a screen opens the survey
    content = pdf_page_content(pdf)
    assert f"({link}) Tj" in content  # the link in small print, as text
    assert pdf_cells(content) == expected_cells(link)


def test_the_same_poster_is_the_same_pdf(owner_client, survey):
    """No creation time or random id inside: a poster can be cached and compared."""
    first = owner_client.get(poster_path(survey, "pdf", language="fi")).content
    assert owner_client.get(poster_path(survey, "pdf", language="fi")).content == first


def test_posters_still_render_without_dejavu(monkeypatch, survey):
    """On a machine without Debian's fonts-dejavu: Pillow's own font and the PDF's Helvetica."""
    missing = {False: posters.FONT_DIR / "missing.ttf", True: posters.FONT_DIR / "missing-bold.ttf"}
    monkeypatch.setattr(posters, "FONT_FILES", missing)
    posters._pillow_font.cache_clear()
    posters._pdf_fonts.cache_clear()
    try:
        for fmt in posters.FORMATS:
            poster = posters.poster_render(survey=survey, fmt=fmt, language="fi")
            assert len(poster.content) > 1000
        assert (
            b"/BaseFont /Helvetica-Bold"
            in posters.poster_render(survey=survey, fmt="pdf", language="fi").content
        )
    finally:
        posters._pillow_font.cache_clear()
        posters._pdf_fonts.cache_clear()


# --- Who may have which poster ----------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_member_who_sees_surveys_may_print_a_poster(role, members, client_for, survey, counter):
    response = client_for(members[role].user).get(
        poster_path(survey, "pdf", language="fi", touchpoint=counter.pk)
    )
    assert response.status_code == 200


def test_signed_out_visitor_is_sent_to_sign_in(client, survey):
    response = client.get(poster_path(survey, "png"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_organisations_member_gets_404(client_for, other, survey):
    response = client_for(other.owner).get(poster_path(survey, "pdf", language="fi"))
    assert response.status_code == 404


def test_another_organisations_survey_under_my_address_is_404(owner_client, organization, other):
    foreign = services.survey_create_from_template(
        organization=other.organization, template_key="smiley_kiosk"
    )
    url = reverse("survey_poster", kwargs={"org_slug": organization.slug, "pk": foreign.pk, "fmt": "pdf"})
    assert owner_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "touchpoint=other",  # another organisation's touchpoint
        "touchpoint=unattached",  # ours, but the survey is not asked there
        "touchpoint=x1",
        "language=de",
    ],
)
def test_poster_for_a_touchpoint_or_language_it_cannot_have_is_404(
    query, owner_client, organization, stages, survey, other
):
    from hymy.journeys import services as journey_services

    unattached = journey_services.touchpoint_create(
        organization=organization, stage=stages[0], name="Verkkosivut"
    )
    query = query.replace("=other", f"={other.touchpoint.pk}").replace("=unattached", f"={unattached.pk}")
    response = owner_client.get(poster_path(survey, "svg") + "?" + query)
    assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["gif", "svgz", "PDF"])
def test_unknown_format_is_404(owner_client, survey, fmt):
    assert owner_client.get(poster_path(survey, fmt)).status_code == 404


def test_poster_is_only_read(owner_client, survey):
    assert owner_client.post(poster_path(survey, "pdf")).status_code == 405


# --- The survey page offers them --------------------------------------------------------------


def test_survey_page_links_every_format_language_and_touchpoint(owner_client, survey, counter, delivery):
    response = owner_client.get(reverse("survey_detail", kwargs={"org_slug": "aurinko", "pk": survey.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    for fmt in ("pdf", "png", "svg"):
        for language in ("fi", "sv", "en"):
            assert f'href="{poster_path(survey, fmt, language=language)}"' in html
            for touchpoint in (counter, delivery):
                path = poster_path(survey, fmt, language=language, touchpoint=touchpoint.pk)
                assert f'href="{path.replace("&", "&amp;")}"' in html
    assert "The survey is not open" not in html


def test_survey_page_warns_that_a_closed_surveys_poster_leads_nowhere(owner_client, survey):
    services.survey_status_set(survey=survey, status=SurveyStatus.CLOSED)
    response = owner_client.get(reverse("survey_detail", kwargs={"org_slug": "aurinko", "pk": survey.pk}))
    assert "The survey is not open" in response.content.decode()


# --- The layout, for any title ----------------------------------------------------------------


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    title=st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=300),
    organization_name=st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ &-", min_size=1, max_size=150),
    touchpoint_name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=160),
)
def test_any_text_stays_on_the_page_and_off_the_code(title, organization_name, touchpoint_name):
    content = posters.PosterContent(
        organization_name=organization_name,
        title=title,
        call_to_action="Kerro mielipiteesi – vastaaminen vie minuutin",
        scan_hint="Skannaa koodi puhelimesi kameralla",
        url=f"{BASE_URL}/p/{'x' * 43}/?tp=123456",
        touchpoint_name=touchpoint_name,
        language="fi",
    )
    layout = posters.poster_layout(content)

    qr = layout.qr
    assert qr.size >= 150
    assert posters.MARGIN - 1 <= qr.x and qr.x + qr.size <= layout.width - posters.MARGIN + 1
    for line in layout.lines:
        width = posters.text_width(line.text, line.size, line.is_bold)
        assert width <= layout.width - 2 * posters.MARGIN + 0.5
        assert line.y <= layout.height - posters.MARGIN / 2
        top = line.y - line.size  # the line's box, generously
        assert line.y < qr.y or top > qr.y + qr.size, f"{line.text!r} overlaps the code"


def test_a_very_long_title_is_shortened_with_an_ellipsis():
    size, lines = posters.fit(
        "Sana " * 200, is_bold=True, largest=38, smallest=20, max_width=400, max_lines=3
    )
    assert size == 20
    assert len(lines) == 3
    assert lines[-1].endswith("…")


def test_a_word_longer_than_the_line_is_broken_inside():
    lines = posters.wrap("x" * 400, 9, False, 200)
    assert "".join(lines) == "x" * 400
    assert all(posters.text_width(line, 9, False) <= 200 for line in lines)
