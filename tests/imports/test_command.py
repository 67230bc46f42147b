"""`hymy import`: the same checks and import from the command line."""

import csv

import pytest
from django.core.management import CommandError, call_command

from hymy.cli import main
from hymy.customers.models import Customer

from .files import FINNISH_CUSTOMERS, MIXED_ROWS, finnish_excel_csv, utf8_bom_csv


def test_hymy_import_guesses_the_mapping_and_imports(organization, owner, tmp_path, capsys):
    path = tmp_path / "asiakkaat.csv"
    path.write_bytes(finnish_excel_csv(FINNISH_CUSTOMERS))

    main(["import", str(path), "--organization", "aurinko", "--as-user", owner.email])

    out = capsys.readouterr().out
    assert "'Sähköposti' → E-mail" in out
    assert "3 created, 0 updated, 0 skipped, 0 rejected" in out
    assert Customer.objects.filter(organization=organization).count() == 3
    assert Customer.objects.get(external_id="A-100").changes.get().actor == owner


def test_dry_run_writes_nothing_but_the_rejected_rows_file(organization, tmp_path, capsys):
    path, rejected = tmp_path / "mixed.csv", tmp_path / "rejected.csv"
    path.write_bytes(utf8_bom_csv(MIXED_ROWS))

    call_command(
        "import_file", str(path), "--organization", "aurinko", "--dry-run", "--rejected", str(rejected)
    )

    assert "3 new, 0 to update, 0 to skip, 3 with problems" in capsys.readouterr().out
    assert not Customer.objects.filter(organization=organization).exists()
    with rejected.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert [row[0] for row in rows] == ["Row", "3", "5", "6"]


def test_unknown_organisation_is_a_clear_error(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"name\nMaija\n")
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_file", str(path), "--organization", "ei-ole")
