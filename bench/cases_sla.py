"""The periodic SLA check over open cases, next to the bare read of the same deadlines.

`hymy.cases.services.cases_sla_check` walks every open, running case: it reads the case and its
breach log, compares each deadline with now, and for a deadline not yet due counts the business
minutes left (opening hours and Finnish holidays) to decide whether to warn. Nothing is due in this
measurement, so it is the cost of one quiet check, the one the worker runs every five minutes. The
baseline is one SELECT of the same cases' deadlines compared with now in Python: the floor any check
must pay. SQLite in a fresh temporary file, in a subprocess of its own.

    python -m bench.cases_sla [--rows N]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_ROWS = 2000
REPOSITORY = Path(__file__).resolve().parents[1]


def run(*, rows: int = DEFAULT_ROWS) -> None:
    print(f"\ncases_sla: one quiet SLA check over {rows} open cases against a bare read of their deadlines")
    with tempfile.TemporaryDirectory(prefix="hymy-bench-") as data_dir:
        environment = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "hymy.settings", "DEBUG": "0", "LOG_LEVEL": "WARNING",
            "DATABASE_URL": f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}", "HYMY_DATA_DIR": data_dir,
        }  # fmt: skip
        completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "bench.cases_sla", "--worker", "--rows", str(rows)],
            cwd=REPOSITORY, env=environment, capture_output=True, text=True, check=False,
        )  # fmt: skip
        if completed.returncode != 0:
            sys.stderr.write(completed.stdout + completed.stderr)
            raise SystemExit("cases_sla: the measurement failed.")
        result = json.loads(completed.stdout.strip().splitlines()[-1])
    check, raw = result["check"], result["raw"]
    print(f"  SLA check:  {check:.3f} s  ({rows / check:,.0f} cases/s)")
    print(f"  bare read:  {raw:.3f} s  ({rows / raw:,.0f} cases/s)")
    print(f"  ratio (bare read / check): {raw / check:.3f}")


def _worker(rows: int) -> dict:
    import datetime

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from hymy.cases.models import Case
    from hymy.cases.services import cases_sla_check
    from hymy.tenancy.models import User
    from hymy.tenancy.services import organization_create

    call_command("migrate", verbosity=0, interactive=False)
    owner = User.objects.create_user("bench@example.invalid", None)
    organization = organization_create(name="Bench", slug="bench-cases-sla", owner=owner)
    now = timezone.now()
    policy = {
        "name": "Default",
        "first_response_minutes": 480,
        "resolution_minutes": 2400,
        "warn_before_minutes": 60,
    }
    Case.objects.bulk_create([
        Case(organization=organization, number=number, title=f"Case {number}", created_at=now, sla_policy=policy,
             first_response_due_at=now + datetime.timedelta(days=3 + number % 5),
             resolution_due_at=now + datetime.timedelta(days=10 + number % 7))
        for number in range(1, rows + 1)
    ], batch_size=1000)  # fmt: skip
    cases_sla_check(now=now)  # warm up
    began = time.perf_counter()
    counts = cases_sla_check(now=now)
    check = time.perf_counter() - began
    assert counts == {"warnings": 0, "breaches": 0}
    began = time.perf_counter()
    due = [
        (pk, first, resolution)
        for pk, first, resolution in Case.objects.filter(status__in=["new", "in_progress"]).values_list(
            "pk", "first_response_due_at", "resolution_due_at"
        )
        if first <= now or resolution <= now
    ]
    raw = time.perf_counter() - began
    assert due == []
    return {"check": check, "raw": raw}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cases_sla", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.rows)))
    else:
        run(rows=args.rows)


if __name__ == "__main__":
    main()
