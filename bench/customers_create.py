"""Creating customers: the service layer next to a raw bulk INSERT of the same rows.

The service path is `hymy.customers.services.customer_create`, one call per customer as a form, an
import or the API makes it: phone normalisation, e-mail validation, `full_clean()` and the change-log
row, each customer in its own transaction. The baseline inserts the very rows the service stored
(`cursor.executemany` of one INSERT into customers_customer, in one transaction): what the database
alone costs. The ratio shows what the safety of the service layer costs per row.

Django settings are per process, so each database is measured in a subprocess of its own with its
own DATABASE_URL: SQLite in a fresh temporary file, PostgreSQL in the database `hymy_bench` (created if
missing; skipped with a note when PostgreSQL does not answer).

    python -m bench.customers_create [--rows N]
"""

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from bench.common import postgres_prepare, postgres_url, worker_result

DEFAULT_ROWS = 2000
POSTGRES_DATABASE = "hymy_bench"
# Every organisation this benchmark makes has a slug starting with this; a new run deletes them first.
SLUG_PREFIX = "bench-customers-create-"
WARM_UP_ROWS = 20

FIRST_NAMES = "Aino Eero Helmi Ilmari Kaisa Lauri Maija Niko Oona Pekka Saara Veeti".split()
LAST_NAMES = "Virtanen Korhonen Mäkinen Nieminen Hämäläinen Laine Heikkinen Koskinen Järvinen".split()
LANGUAGES = ["fi", "fi", "fi", "sv", "en"]
NEEDS = [
    "Prefers e-mail to phone calls.",
    "Hard of hearing: write, do not call.",
    "Wants morning appointments.",
]


# --- the parent: one subprocess per database, then the table -----------------------------------------


def run(*, rows: int = DEFAULT_ROWS) -> None:
    """Measure on SQLite and on PostgreSQL and print the figures."""
    print(f"\ncustomers_create: {rows} customers through the service layer and as a raw bulk INSERT")
    with tempfile.TemporaryDirectory(prefix="hymy-bench-") as data_dir:
        sqlite_url = f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}"
        _report("SQLite", _measure(database_url=sqlite_url, data_dir=data_dir, rows=rows))
        problem = postgres_prepare(POSTGRES_DATABASE)
        if problem:
            print(f"\nPostgreSQL: skipped ({problem})")
        else:
            _report(
                "PostgreSQL",
                _measure(database_url=postgres_url(POSTGRES_DATABASE), data_dir=data_dir, rows=rows),
            )


def _measure(*, database_url: str, data_dir: str, rows: int) -> dict:
    return worker_result(
        "bench.customers_create", ["--rows", str(rows)], database_url=database_url, data_dir=data_dir
    )


def _report(database: str, result: dict) -> None:
    service, raw = result["service"], result["raw"]
    print(f"\n{database} ({result['vendor']}, {result['database']})")
    print(f"  {'path':<34} {'rows':>7} {'seconds':>9} {'rows/s':>10}")
    for label, figures in (("service (customer_create)", service), ("raw INSERT (executemany)", raw)):
        rate = figures["rows"] / figures["seconds"]
        print(f"  {label:<34} {figures['rows']:>7} {figures['seconds']:>9.3f} {rate:>10,.0f}")
    ratio = (service["rows"] / service["seconds"]) / (raw["rows"] / raw["seconds"])
    print(f"  ratio service / raw (rows/s): {ratio:.4f}  (the service path is {1 / ratio:,.0f}× slower)")


# --- the worker: runs inside the subprocess, with Django set up for one database ---------------------


def customer_rows(count: int, *, seed: int = 2026) -> list[dict]:
    """Customers as people type them: mixed-case e-mail domains, phones in several local forms.

    `tags` is always given (empty), as the customer form gives it.
    """
    generator = random.Random(seed)
    rows = []
    for number in range(count):
        first, last = generator.choice(FIRST_NAMES), generator.choice(LAST_NAMES)
        prefix = generator.choice(["040", "050", "044", "045"])
        digits = f"{generator.randrange(10**7):07d}"
        phone = generator.choice(
            [f"{prefix} {digits[:3]} {digits[3:]}", f"+358 {prefix[1:]} {digits}", f"{prefix}-{digits}"]
        )
        row = {
            "name": f"{first} {last}",
            "email": f"{_ascii(first)}.{_ascii(last)}.{number}@Example.FI",
            "phone": phone,
            "language": generator.choice(LANGUAGES),
            "needs_and_wishes": generator.choice(NEEDS) if number % 5 == 0 else "",
            "tags": [],
        }
        if number % 3 == 0:
            row.update(survey_consent=True, survey_consent_source="web_form")
        rows.append(row)
    return rows


def _ascii(name: str) -> str:
    return name.lower().replace("ä", "a").replace("ö", "o")


# Every column of customers_customer except the id, in the order of the INSERT.
RAW_COLUMNS = [
    "organization_id", "kind", "name", "company_id", "email", "phone", "language", "external_id",
    "survey_consent", "survey_consent_at", "survey_consent_source",
    "marketing_consent", "marketing_consent_at", "marketing_consent_source",
    "needs_and_wishes", "attributes", "status", "churned_at", "owner_id", "verified_at",
    "created_at", "updated_at",
]  # fmt: skip
DATETIME_COLUMNS = {column for column in RAW_COLUMNS if column.endswith("_at")}


def _worker(rows: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from hymy.customers.models import Customer
    from hymy.customers.services import customer_create
    from hymy.tenancy.models import Organization, User
    from hymy.tenancy.services import organization_create

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    Organization.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    owner, _created = User.objects.get_or_create(
        email="bench@example.invalid", defaults={"full_name": "Bench"}
    )

    def organization(suffix: str) -> Organization:
        return organization_create(name=f"Bench {suffix}", slug=f"{SLUG_PREFIX}{suffix}", owner=owner)

    warm_up = organization("warm-up")
    for row in customer_rows(WARM_UP_ROWS, seed=1):
        customer_create(organization=warm_up, actor=owner, **row)

    service_organization = organization("service")
    data = customer_rows(rows)
    started = time.perf_counter()
    for row in data:
        customer_create(organization=service_organization, actor=owner, **row)
    service_seconds = time.perf_counter() - started

    # The baseline inserts exactly what the service stored, into another organisation.
    raw_organization = organization("raw")
    stored = Customer.objects.filter(organization=service_organization).order_by("id").values(*RAW_COLUMNS)
    values = []
    for customer in stored:
        customer["organization_id"] = raw_organization.pk
        customer["attributes"] = json.dumps(customer["attributes"])
        for column in DATETIME_COLUMNS:
            customer[column] = connection.ops.adapt_datetimefield_value(customer[column])
        values.append([customer[column] for column in RAW_COLUMNS])
    table = connection.ops.quote_name(Customer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in RAW_COLUMNS)
    placeholders = ", ".join(["%s"] * len(RAW_COLUMNS))
    statement = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(statement, values)
    raw_seconds = time.perf_counter() - started

    raw_count = Customer.objects.filter(organization=raw_organization).count()
    service_count = Customer.objects.filter(organization=service_organization).count()
    if raw_count != rows or service_count != rows:
        raise RuntimeError(f"expected {rows} rows each, found service={service_count} raw={raw_count}")
    return {
        "vendor": _database_version(connection),
        "database": str(connection.settings_dict["NAME"]),
        "service": {"rows": rows, "seconds": service_seconds},
        "raw": {"rows": rows, "seconds": raw_seconds},
    }


def _database_version(connection) -> str:
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.customers_create", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.rows)))
    else:
        run(rows=args.rows)


if __name__ == "__main__":
    main()
