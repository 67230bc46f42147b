"""Survey answers through HTTP: kiosk submissions per second against gunicorn on PostgreSQL.

The path measured is the whole real one: a load generator on loopback POSTs kiosk answers (JSON,
each with its own idempotency key) to `hymy serve` (gunicorn, several workers), which validates them,
checks the rate limit in the shared cache and stores a response and its answer in one transaction.
The baseline, in the same run, is a raw INSERT loop of the same rows (a response and its answer per
answer, each in its own transaction, one connection): what the database alone costs.

    python -m bench.responses_http [--rows N] [--concurrency C]

Needs PostgreSQL at 127.0.0.1:5432 (user postgres); uses and recreates the database `hymy_bench_http`.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

DEFAULT_ROWS = 3000
DEFAULT_CONCURRENCY = 8
REPOSITORY = Path(__file__).resolve().parents[1]
DATABASE = "hymy_bench_http"
SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def run(*, rows: int = DEFAULT_ROWS, concurrency: int = DEFAULT_CONCURRENCY) -> None:
    print(f"\nresponses_http: {rows} kiosk answers over HTTP (gunicorn, PostgreSQL), {concurrency} clients")
    problem = _database_recreate()
    if problem:
        print(f"  skipped: {problem}")
        return
    environment = _environment()
    _run_python(["-m", "hymy.cli", "migrate"], environment)
    setup = json.loads(_run_python(["-m", "bench.responses_http", "--setup"], environment).splitlines()[-1])
    port = _free_port()
    workers = max(2, (os.cpu_count() or 2) * 2)
    server = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "gunicorn", "hymy.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning"],
        cwd=REPOSITORY, env=environment,
    )  # fmt: skip
    try:
        _wait_until_up(port)
        path = f"/k/{setup['kiosk_token']}/answers/"
        _load(port, path, rows=min(50, rows), concurrency=concurrency)  # warm up every worker
        http_figures = _load(port, path, rows=rows, concurrency=concurrency)
    finally:
        server.terminate()
        server.wait(timeout=30)
    raw = _raw_insert_loop(setup, rows)
    _report(http_figures, raw, workers)


def _environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hymy.settings",
        "DATABASE_URL": f"postgres://{SERVER['user']}@{SERVER['host']}:{SERVER['port']}/{DATABASE}",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # The load comes from one address; the limit that protects a real kiosk would stop it.
        "KIOSK_RATE_LIMIT": "1000000/m",
        # As in production with several workers: rate-limit counters in Redis, not in a database table.
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    }


def _run_python(arguments: list[str], environment: dict) -> str:
    completed = subprocess.run(  # noqa: S603
        [sys.executable, *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"responses_http: {' '.join(arguments)} failed.")
    return completed.stdout


def _database_recreate() -> str:
    import psycopg

    try:
        with psycopg.connect(dbname="postgres", connect_timeout=3, autocommit=True, **SERVER) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {SERVER['host']}:{SERVER['port']} ({type(error).__name__})"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/health/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("responses_http: gunicorn did not start.")


def _load(port: int, path: str, *, rows: int, concurrency: int) -> dict:
    """`rows` POSTs shared by `concurrency` keep-alive clients; latency of each request."""
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    counter = iter(range(rows))

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], []
        while True:
            with lock:
                number = next(counter, None)
            if number is None:
                break
            body = json.dumps({"key": uuid.uuid4().hex, "score": number % 3 + 1})
            started = time.perf_counter()
            connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
            reply = connection.getresponse()
            reply.read()
            mine.append(time.perf_counter() - started)
            if reply.status != 201:
                bad.append(reply.status)
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    if failures:
        raise SystemExit(f"responses_http: {len(failures)} answers failed, e.g. HTTP {failures[0]}.")
    latencies.sort()
    return {
        "rows": rows,
        "seconds": seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def _raw_insert_loop(setup: dict, rows: int) -> dict:
    """The same rows straight into the tables: a response and its answer, one transaction each."""
    import psycopg

    with psycopg.connect(dbname=DATABASE, autocommit=False, **SERVER) as connection:
        started = time.perf_counter()
        for number in range(rows):
            with connection.transaction():
                response_id = connection.execute(
                    "INSERT INTO surveys_response (organization_id, survey_id, touchpoint_id, token, source, channel,"
                    " language, device, interview_kind, idempotency_key, respondent_key, started_at, updated_at,"
                    " is_complete, has_comment) VALUES (%s, %s, %s, %s, 'kiosk', 'kiosk', 'fi', 'unknown', '', %s, '',"
                    " now(), now(), true, false) RETURNING id",
                    [setup["organization_id"], setup["survey_id"], setup["touchpoint_id"], uuid.uuid4().hex,
                     uuid.uuid4().hex],
                ).fetchone()[0]  # fmt: skip
                connection.execute(
                    "INSERT INTO surveys_answer (organization_id, response_id, question_id, score, choices, text,"
                    " followup_text, answered_at) VALUES (%s, %s, %s, %s, '[]', '', '', now())",
                    [setup["organization_id"], response_id, setup["question_id"], number % 3 + 1],
                )
        seconds = time.perf_counter() - started
    return {"rows": rows, "seconds": seconds}


def _report(http_figures: dict, raw: dict, workers: int) -> None:
    http_rate = http_figures["rows"] / http_figures["seconds"]
    raw_rate = raw["rows"] / raw["seconds"]
    print(f"  {'path':<44} {'answers':>8} {'seconds':>8} {'answers/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    print(
        f"  {'HTTP POST /k/<token>/answers/ (' + str(workers) + ' workers)':<44} {http_figures['rows']:>8}"
        f" {http_figures['seconds']:>8.2f} {http_rate:>10,.0f} {http_figures['p50_ms']:>8.1f}"
        f" {http_figures['p99_ms']:>8.1f}"
    )
    print(
        f"  {'raw INSERT loop (1 connection)':<44} {raw['rows']:>8} {raw['seconds']:>8.2f} {raw_rate:>10,.0f}"
    )
    print(f"  ratio HTTP / raw (answers/s): {http_rate / raw_rate:.3f}")


def _setup() -> None:
    """Inside Django: an organisation with a smiley survey and a kiosk. Prints their ids as JSON."""
    import django

    django.setup()
    from hymy.journeys.models import JourneyStage
    from hymy.journeys.services import touchpoint_create
    from hymy.surveys.services import kiosk_create, survey_create_from_template
    from hymy.tenancy.models import User
    from hymy.tenancy.services import organization_create

    owner = User.objects.create_user("bench@hymy.invalid", None)
    organization = organization_create(name="Bench Oy", slug="bench-http", owner=owner)
    touchpoint = touchpoint_create(
        organization=organization,
        stage=JourneyStage.objects.filter(organization=organization).first(),
        name="Kassa",
    )
    survey = survey_create_from_template(
        organization=organization, template_key="smiley_kiosk", touchpoints=[touchpoint]
    )
    kiosk = kiosk_create(organization=organization, name="Bench", survey=survey, touchpoint=touchpoint)
    print(json.dumps({
        "organization_id": organization.pk, "survey_id": survey.pk, "touchpoint_id": touchpoint.pk,
        "question_id": survey.questions.first().pk, "kiosk_token": kiosk.token,
    }))  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.responses_http", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY)
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.setup:
        _setup()
    else:
        run(rows=arguments.rows, concurrency=arguments.concurrency)
