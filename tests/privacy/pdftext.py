"""The text of a PDF that reportlab wrote, read back with no PDF library (none is a dependency).

Reportlab writes every object as `N 0 obj … endobj`, streams ASCII85 + Flate encoded (or Flate only),
standard fonts in WinAnsi, and embedded TrueType subsets (DejaVu) with a /ToUnicode map from their
one-byte codes to letters. This reads the maps, walks the page streams' `Tf` (font) and `Tj` (show
text) operators and turns the codes back into letters; a new text line (`T*`, `Td`, `ET` …) starts a
new line of the result.
"""

import base64
import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj")
_TOKEN = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)|(?<!\w)(T\*|Td|TD|Tm|ET)(?!\w)", re.DOTALL
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """{number: (dictionary, decoded stream or None)}; a stream is skipped by its /Length, as it is binary."""
    found, position = {}, 0
    while match := _OBJECT.search(pdf, position):
        end, stream = pdf.find(b"endobj", match.end()), pdf.find(b"stream", match.end())
        if stream == -1 or stream > end:
            found[int(match.group(1))] = (pdf[match.end() : end], None)
            position = end + len(b"endobj")
            continue
        head = pdf[match.end() : stream]
        start = stream + len(b"stream") + (2 if pdf[stream + 6 : stream + 8] == b"\r\n" else 1)
        length = int(re.search(rb"/Length (\d+)", head).group(1))
        data = pdf[start : start + length]
        if b"/ASCII85Decode" in head:
            data = base64.a85decode(data.strip().removesuffix(b"~>"))
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        found[int(match.group(1))] = (head, data)
        position = pdf.find(b"endobj", start + length) + len(b"endobj")
    return found


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.DOTALL):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.DOTALL):
        for low, high, first in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = int(first, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _unescape(literal: bytes) -> bytes:
    def replace(match: re.Match) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal, flags=re.DOTALL)


def pdf_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    fonts: dict[str, dict[int, str] | None] = {}
    for head, _data in objects.values():
        name = re.search(rb"/Name /(\S+)", head)
        if b"/Type /Font" in head and name:
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", head)
            fonts[name.group(1).decode()] = (
                _cmap(objects[int(to_unicode.group(1))][1]) if to_unicode else None
            )
    lines, line, font = [], "", None
    for head, data in objects.values():
        if data is None or b"Tf" not in data or b"/Length1" in head:  # not a page (a font file)
            continue
        for match in _TOKEN.finditer(data):
            if match.group(1):
                font = fonts.get(match.group(1).decode())
            elif match.group(3):
                lines.append(line)
                line = ""
            else:
                codes = _unescape(match.group(2))
                line += "".join(font.get(code, "?") for code in codes) if font else codes.decode("cp1252")
        lines.append(line)
        line = ""
    return "\n".join(text for text in lines if text)
