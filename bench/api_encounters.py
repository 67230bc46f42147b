"""Encounters through the API, one per request and in batches of 1,000, next to a raw INSERT of the
same rows, on PostgreSQL.

The API path is the whole Django stack in-process (Django's test client, no network): middleware,
the Bearer key and its rate limit, ninja's parsing and validation, `encounter_create` with its checks,
and the touchpoint's survey trigger (a CSAT survey is tied to the touchpoint, so every encounter also
runs the contact rules and schedules or records an invitation). The baseline inserts exactly the rows
the single-request path stored (`cursor.executemany` into customers_encounter, one transaction).

    python -m bench.api_encounters [--rows N]
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time

from bench.common import POSTGRES_SERVER, REPOSITORY, postgres_prepare
from bench.customers_create import _database_version

DEFAULT_ROWS = 1000
BATCH = 1000
POSTGRES_DATABASE = "hymy_bench_api"
SLUG_PREFIX = "bench-api-encounters-"
CUSTOMERS = 200


def run(*, rows: int = DEFAULT_ROWS) -> None:
    print(
        f"\napi_encounters: {rows} encounters through POST /api/v1/encounters, {rows * 2} through /batch, raw INSERT"
    )
    problem = postgres_prepare(POSTGRES_DATABASE)
    if problem:
        print(f"PostgreSQL: skipped ({problem})")
        return
    user, host, port = POSTGRES_SERVER["user"], POSTGRES_SERVER["host"], POSTGRES_SERVER["port"]
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hymy.settings",
        "DATABASE_URL": f"postgres://{user}@{host}:{port}/{POSTGRES_DATABASE}",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "API_RATE_LIMIT": "1000000/m",
    }
    completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "bench.api_encounters", "--worker", "--rows", str(rows)],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit("api_encounters: the measurement failed.")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    print(f"{result['vendor']}, database {POSTGRES_DATABASE}")
    print(f"  {'path':<40} {'rows':>7} {'seconds':>9} {'rows/s':>10} {'ratio to raw':>13}")
    raw_rate = result["raw"]["rows"] / result["raw"]["seconds"]
    for label, key in (
        ("API, one encounter per request", "single"),
        (f"API, batches of {BATCH}", "batch"),
        ("raw INSERT (executemany)", "raw"),
    ):
        figures = result[key]
        rate = figures["rows"] / figures["seconds"]
        print(
            f"  {label:<40} {figures['rows']:>7} {figures['seconds']:>9.3f} {rate:>10,.0f} {rate / raw_rate:>13.4f}"
        )


RAW_COLUMNS = ["organization_id", "customer_id", "touchpoint_id", "channel", "staff_id", "started_at", "ended_at",
               "outcome", "summary", "created_at"]  # fmt: skip


def _items(count: int, *, touchpoint_id: int, offset: int) -> list[dict]:
    start = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)
    return [
        {
            "touchpoint_id": touchpoint_id,
            "customer_external_id": f"c-{(offset + number) % CUSTOMERS}",
            "started_at": (start + datetime.timedelta(minutes=offset + number)).isoformat(),
            "outcome": "resolved" if number % 4 else "unresolved",
            "summary": f"Ticket {offset + number} closed",
        }
        for number in range(count)
    ]


def _worker(rows: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    from hymy.customers.models import Encounter
    from hymy.customers.services import customer_create
    from hymy.journeys.models import JourneyStage
    from hymy.journeys.services import touchpoint_create
    from hymy.surveys.services import survey_create_from_template
    from hymy.tenancy.models import Organization, User
    from hymy.tenancy.services import api_key_create, organization_create

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    Organization.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    owner, _created = User.objects.get_or_create(
        email="bench@example.invalid", defaults={"full_name": "Bench"}
    )

    def setup(suffix: str):
        organization = organization_create(name=f"Bench {suffix}", slug=f"{SLUG_PREFIX}{suffix}", owner=owner)
        stage = JourneyStage.objects.filter(organization=organization).order_by("position").first()
        touchpoint = touchpoint_create(
            organization=organization, stage=stage, name="Asiakastuki", channel="email"
        )
        survey_create_from_template(
            organization=organization, template_key="csat_after_support", touchpoints=[touchpoint]
        )
        for number in range(CUSTOMERS):
            customer_create(
                organization=organization, actor=owner, name=f"Asiakas {number}", external_id=f"c-{number}",
                email=f"asiakas{number}@example.fi", survey_consent=True, survey_consent_source="web_form",
            )  # fmt: skip
        _key, secret = api_key_create(
            organization=organization, actor=None, name="Bench", scopes=["encounters:write"]
        )
        return organization, touchpoint, Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def post(client, path, body):
        response = client.post(path, json.dumps(body), content_type="application/json")
        if response.status_code != 201:
            raise RuntimeError(f"{path}: {response.status_code} {response.content[:300]!r}")

    # Warm up: imports, the first queries, the connection.
    _organization, warm_touchpoint, warm_client = setup("warm-up")
    for item in _items(20, touchpoint_id=warm_touchpoint.pk, offset=0):
        post(warm_client, "/api/v1/encounters", item)

    single_organization, touchpoint, client = setup("single")
    items = _items(rows, touchpoint_id=touchpoint.pk, offset=0)
    started = time.perf_counter()
    for item in items:
        post(client, "/api/v1/encounters", item)
    single_seconds = time.perf_counter() - started

    batch_organization, batch_touchpoint, batch_client = setup("batch")
    batch_rows = rows * 2
    batches = [
        _items(min(BATCH, batch_rows - offset), touchpoint_id=batch_touchpoint.pk, offset=offset)
        for offset in range(0, batch_rows, BATCH)
    ]
    started = time.perf_counter()
    for batch in batches:
        post(batch_client, "/api/v1/encounters/batch", {"items": batch})
    batch_seconds = time.perf_counter() - started

    raw_organization, raw_touchpoint, _client = setup("raw")
    stored = Encounter.objects.filter(organization=single_organization).order_by("id").values(*RAW_COLUMNS)
    customer_ids = dict(raw_organization.customers.values_list("external_id", "pk"))
    single_external = dict(single_organization.customers.values_list("pk", "external_id"))
    values = []
    for encounter in stored:
        encounter.update(
            organization_id=raw_organization.pk,
            touchpoint_id=raw_touchpoint.pk,
            customer_id=customer_ids[single_external[encounter["customer_id"]]],
        )
        for column in ("started_at", "ended_at", "created_at"):
            encounter[column] = connection.ops.adapt_datetimefield_value(encounter[column])
        values.append([encounter[column] for column in RAW_COLUMNS])
    table = connection.ops.quote_name(Encounter._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in RAW_COLUMNS)
    statement = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(RAW_COLUMNS))})"  # noqa: S608
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(statement, values)
    raw_seconds = time.perf_counter() - started

    counts = [
        Encounter.objects.filter(organization=o).count()
        for o in (single_organization, batch_organization, raw_organization)
    ]
    if counts != [rows, batch_rows, rows]:
        raise RuntimeError(f"expected {rows}, {batch_rows}, {rows} encounters, found {counts}")
    return {
        "vendor": _database_version(connection),
        "single": {"rows": rows, "seconds": single_seconds},
        "batch": {"rows": batch_rows, "seconds": batch_seconds},
        "raw": {"rows": rows, "seconds": raw_seconds},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.api_encounters", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.rows)))
    else:
        run(rows=args.rows)


if __name__ == "__main__":
    main()
