"""Finnish and Swedish ship complete: every string translated, nothing fuzzy, and the compiled
catalogues are the ones the .po files make (`make messages` rebuilds both)."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "hymy" / "locale"


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_string_is_translated(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))

    missing = [
        entry.msgid
        for entry in catalogue
        if not entry.obsolete
        and ("fuzzy" in entry.flags or not (entry.msgstr or all(entry.msgstr_plural.values())))
    ]

    assert missing == []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_compiled_catalogue_matches_its_source(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext's msgfmt is not installed")
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"

    subprocess.run([msgfmt, "--check-format", "-o", str(compiled), str(folder / "django.po")], check=True)  # noqa: S603

    assert compiled.read_bytes() == (folder / "django.mo").read_bytes()
