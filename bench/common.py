"""What the benchmarks share: the PostgreSQL server they use, creating their database, and running a
measurement in a fresh Python process with its own settings (so one benchmark's Django set-up and caches
never colour another's figures)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
POSTGRES_SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def postgres_url(database: str) -> str:
    server = POSTGRES_SERVER
    return f"postgres://{server['user']}@{server['host']}:{server['port']}/{database}"


def postgres_prepare(database: str) -> str:
    """Create the benchmark database if it is missing. Returns why PostgreSQL cannot be used, or ''."""
    import psycopg

    try:
        with psycopg.connect(
            dbname="postgres", connect_timeout=3, autocommit=True, **POSTGRES_SERVER
        ) as connection:
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
                connection.execute(f'CREATE DATABASE "{database}"')
    except psycopg.Error as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"not reachable at {POSTGRES_SERVER['host']}:{POSTGRES_SERVER['port']}: {first_line}"
    return ""


def worker_result(
    module: str, arguments: list[str], *, database_url: str, data_dir: str, environment: dict | None = None
) -> dict:
    """Run `python -m <module> --worker <arguments>` against a database; its last output line is JSON."""
    process_environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hymy.settings",
        "DATABASE_URL": database_url,
        "HYMY_DATA_DIR": data_dir,
        # As in production: with DEBUG on, Django keeps every query in memory, which is not what we measure.
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        **(environment or {}),
    }
    completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", module, "--worker", *arguments],
        cwd=REPOSITORY, env=process_environment, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"{module}: the measurement on {database_url} failed.")
    return json.loads(completed.stdout.strip().splitlines()[-1])
