"""Importing customers from a Finnish Excel CSV: the whole import path next to a raw bulk load of the
same rows.

The file has N customers as Finnish Excel saves them (`;`, Windows-1252, local phone forms, postal
codes, consent as "kyllä"). The import path is what the user's confirmation runs, called directly as
the background task calls it: read and decode the file, check every row (`import_check`, the dry run),
then `import_run` (customers through `customer_build` + `customers_bulk_create`: the register's own
validation, phone normalisation and a change-log row per customer, plus the undo record), in
transactions of 1,000 rows. The baseline loads the very rows the import stored into another
organisation in one transaction: `COPY … FROM STDIN` on PostgreSQL, `executemany` INSERT on SQLite —
what the database alone costs.

Each database is measured in a subprocess of its own (SQLite in a fresh temporary file, PostgreSQL in
the database `hymy_bench_imports`, created afresh for each size and dropped at the end, skipped with a
note when PostgreSQL does not answer).

    python -m bench.imports [--sizes 100000,1000000]

1,000,000 rows take 20–30 minutes per database on a busy 2-core machine (dry run and import together),
so the default is 100,000; pass --sizes to add 1M.
"""

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from bench.common import POSTGRES_SERVER, postgres_prepare, postgres_url, worker_result
from bench.customers_create import DATETIME_COLUMNS, RAW_COLUMNS, _database_version

# A database of its own, so that no other benchmark's tables or rows are in the way.
POSTGRES_DATABASE = "hymy_bench_imports"

DEFAULT_SIZES = (100_000,)
SLUG_PREFIX = "bench-imports-"
FIRST = "Aino Eero Helmi Ilmari Kaisa Lauri Maija Niko Oona Pekka Saara Veeti Åke Jyrki Päivi".split()
LAST = "Virtanen Korhonen Mäkinen Nieminen Hämäläinen Laine Heikkinen Koskinen Järvinen Öberg".split()
CITIES = [
    ("00100", "Helsinki"),
    ("33100", "Tampere"),
    ("20100", "Turku"),
    ("65100", "Vaasa"),
    ("90100", "Oulu"),
]
HEADERS = ["Asiakasnumero", "Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Postinumero", "Kaupunki", "Kieli",
           "Markkinointilupa"]  # fmt: skip


def run(*, rows: int | None = None, sizes: tuple[int, ...] = DEFAULT_SIZES) -> None:
    sizes = (rows,) if rows else sizes
    with tempfile.TemporaryDirectory(prefix="hymy-bench-") as data_dir:
        for size in sizes:
            print(
                f"\nimports: {size:,} customers from a Finnish Excel CSV, the import path and a raw bulk load"
            )
            sqlite_url = f"sqlite:///{Path(data_dir) / f'imports-{size}.sqlite3'}"
            _report("SQLite", _measure(database_url=sqlite_url, data_dir=data_dir, rows=size))
            problem = _postgres_drop() or postgres_prepare(POSTGRES_DATABASE)
            if problem:
                print(f"\nPostgreSQL: skipped ({problem})")
                continue
            _report(
                "PostgreSQL",
                _measure(database_url=postgres_url(POSTGRES_DATABASE), data_dir=data_dir, rows=size),
            )
            _postgres_drop()


def _postgres_drop() -> str:
    """Drop the benchmark's own database: far quicker than deleting a million customers (and their
    history) through Django's cascade, which would collect every row in Python."""
    import psycopg

    try:
        with psycopg.connect(dbname="postgres", connect_timeout=3, autocommit=True, **POSTGRES_SERVER) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DATABASE}" WITH (FORCE)')
    except psycopg.Error as error:
        return f"not reachable at {POSTGRES_SERVER['host']}:{POSTGRES_SERVER['port']}: {type(error).__name__}"
    return ""


def _measure(*, database_url: str, data_dir: str, rows: int) -> dict:
    return worker_result(
        "bench.imports", ["--sizes", str(rows)], database_url=database_url, data_dir=data_dir
    )


def _report(database: str, result: dict) -> None:
    rows = result["rows"]
    print(f"\n{database} ({result['vendor']}), {rows:,} rows, file {result['file_mb']:.1f} MB")
    print(f"  {'path':<46} {'seconds':>9} {'rows/s':>10}")
    lines = [
        ("dry run (read + check every row)", result["check"]),
        ("import (read + check + write, batches of 1,000)", result["import"]),
        ("dry run + import, as the user waits", result["check"] + result["import"]),
        (f"raw bulk load ({result['raw_method']})", result["raw"]),
    ]
    for label, seconds in lines:
        print(f"  {label:<46} {seconds:>9.2f} {rows / seconds:>10,.0f}")
    ratio = result["raw"] / result["import"]
    print(
        f"  ratio import / raw (rows/s): {ratio:.4f}  (the import is {1 / ratio:,.1f}× slower than the raw load)"
    )


def finnish_csv(count: int, *, seed: int = 2026) -> bytes:
    generator = random.Random(seed)
    lines = [";".join(HEADERS)]
    for number in range(count):
        first, last = generator.choice(FIRST), generator.choice(LAST)
        # Unique per row (7919 is coprime with 10**7), as real customers' phones are: a repeated phone
        # would be rejected as "the same phone number as row N".
        digits = f"{(number * 7919 + 1234567) % 10**7:07d}"
        prefix = generator.choice(["040", "050", "044", "045"])
        phone = generator.choice([f"{prefix} {digits[:3]} {digits[3:]}", f"+358 {prefix[1:]} {digits}"])
        postal, city = generator.choice(CITIES)
        email = (
            f"{first}.{last}.{number}@Example.FI".lower()
            .replace("ä", "a")
            .replace("ö", "o")
            .replace("å", "a")
        )
        consent = generator.choice(["kyllä", "ei", ""])
        language = generator.choice(["suomi", "suomi", "ruotsi", "fi", "en"])
        lines.append(";".join([f"C-{number}", first, last, email, phone, postal, city, language, consent]))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _worker(rows: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from hymy.customers.models import Customer
    from hymy.imports import services
    from hymy.tenancy.models import Organization, User
    from hymy.tenancy.services import organization_create

    call_command("migrate", verbosity=0, interactive=False)
    Organization.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    owner, _created = User.objects.get_or_create(
        email="bench@example.invalid", defaults={"full_name": "Bench"}
    )

    def organization(suffix: str) -> Organization:
        return organization_create(name=f"Bench {suffix}", slug=f"{SLUG_PREFIX}{suffix}", owner=owner)

    content = finnish_csv(rows)
    target = organization("import")
    job = services.import_upload(
        organization=target, actor=owner, kind="customers", file_name="asiakkaat.csv", content=content
    )
    services.import_mapping_save(
        job=job, actor=owner, columns=job.mapping, match_by=["external_id", "email", "phone"], on_match="update",
        all_or_nothing=False, check=False,
    )  # fmt: skip
    started = time.perf_counter()
    services.import_check(job=job)
    check_seconds = time.perf_counter() - started
    started = time.perf_counter()
    services.import_run(job=job, actor=owner)
    import_seconds = time.perf_counter() - started
    job.refresh_from_db()
    if (job.status, job.created_count, job.rejected_count) != ("done", rows, 0):
        raise RuntimeError(f"import: {job.status} {job.created_count} created, {job.rejected_count} rejected")

    raw_organization = organization("raw")
    stored = Customer.objects.filter(organization=target).order_by("id").values(*RAW_COLUMNS)
    values = []
    for customer in stored.iterator(chunk_size=5000):
        customer["organization_id"] = raw_organization.pk
        customer["attributes"] = json.dumps(customer["attributes"])
        for column in DATETIME_COLUMNS:
            customer[column] = connection.ops.adapt_datetimefield_value(customer[column])
        values.append([customer[column] for column in RAW_COLUMNS])
    table = connection.ops.quote_name(Customer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in RAW_COLUMNS)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw_method = "COPY FROM STDIN"
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            raw_method = "executemany INSERT"
            placeholders = ", ".join(["%s"] * len(RAW_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608
    raw_seconds = time.perf_counter() - started
    if Customer.objects.filter(organization=raw_organization).count() != rows:
        raise RuntimeError("the raw load did not store every row")
    result = {
        "vendor": _database_version(connection),
        "rows": rows,
        "file_mb": len(content) / 1e6,
        "check": check_seconds,
        "import": import_seconds,
        "raw": raw_seconds,
        "raw_method": raw_method,
    }
    # No clean-up here: the SQLite file is temporary and the PostgreSQL database is dropped by `run`.
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports", description=__doc__)
    parser.add_argument("--sizes", default=",".join(str(size) for size in DEFAULT_SIZES))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sizes = tuple(int(size) for size in args.sizes.split(","))
    if args.worker:
        print(json.dumps(_worker(sizes[0])))
    else:
        run(sizes=sizes)


if __name__ == "__main__":
    main()
