"""Webhook deliveries: events published through the service and delivered to a local receiver, next to
raw signed POSTs of the same bodies to the same receiver.

The service path is one `event_publish` per event in its own transaction, as a survey answer or a
customer change makes it: on commit the delivery row is created, the task is queued (the immediate
backend, so the measurement includes the sending), the body is signed and POSTed, and the attempt and
the result are written to the log. The baseline makes only the HTTP part: the same bodies, signed, POSTed
with `http.client` on a new connection each, as the service does. The ratio shows what publishing,
queueing and logging cost per event. The receiver is an `http.server` thread on 127.0.0.1 answering 200.

Each database is measured in a subprocess of its own (SQLite in a temporary file, PostgreSQL in the
database `hymy_bench`, skipped with a note when PostgreSQL does not answer).

    python -m bench.webhooks_deliver [--rows N]
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench.common import postgres_prepare, postgres_url, worker_result
from bench.customers_create import POSTGRES_DATABASE, _database_version

DEFAULT_ROWS = 500
SLUG_PREFIX = "bench-webhooks-"


def run(*, rows: int = DEFAULT_ROWS) -> None:
    print(f"\nwebhooks_deliver: {rows} events published and delivered, and as raw signed POSTs")
    with tempfile.TemporaryDirectory(prefix="hymy-bench-") as data_dir:
        _report("SQLite", _measure(f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}", data_dir, rows))
        problem = postgres_prepare(POSTGRES_DATABASE)
        if problem:
            print(f"\nPostgreSQL: skipped ({problem})")
        else:
            _report("PostgreSQL", _measure(postgres_url(POSTGRES_DATABASE), data_dir, rows))


def _measure(database_url: str, data_dir: str, rows: int) -> dict:
    return worker_result(
        "bench.webhooks_deliver", ["--rows", str(rows)], database_url=database_url, data_dir=data_dir,
        environment={
            "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "1",
        },
    )  # fmt: skip


def _report(database: str, result: dict) -> None:
    service, raw = result["service"], result["raw"]
    print(f"\n{database} ({result['vendor']}, {result['database']})")
    print(f"  {'path':<40} {'events':>7} {'seconds':>9} {'events/s':>10}")
    for label, figures in (
        ("service (event_publish → delivered)", service),
        ("raw signed POST (http.client)", raw),
    ):
        rate = figures["rows"] / figures["seconds"]
        print(f"  {label:<40} {figures['rows']:>7} {figures['seconds']:>9.3f} {rate:>10,.0f}")
    ratio = (service["rows"] / service["seconds"]) / (raw["rows"] / raw["seconds"])
    print(f"  ratio service / raw (events/s): {ratio:.4f}")


def _receiver():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _worker(rows: int) -> dict:
    import django

    django.setup()
    import http.client

    from django.core.management import call_command
    from django.db import connection, transaction

    from hymy.tenancy.models import Organization, User
    from hymy.tenancy.services import organization_create
    from hymy.webhooks import services
    from hymy.webhooks.models import WebhookDelivery

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    Organization.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    owner, _created = User.objects.get_or_create(
        email="bench@example.invalid", defaults={"full_name": "Bench"}
    )
    organization = organization_create(name="Bench webhooks", slug=f"{SLUG_PREFIX}{os.getpid()}", owner=owner)
    server = _receiver()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    actor = organization.memberships.get()
    subscription = services.subscription_create(
        organization=organization, actor=actor, url=url, events=["customer.churned"]
    )
    payloads = [{"customer": {"id": n, "external_id": f"C-{n}", "churned_at": None}} for n in range(rows)]

    def publish(items):
        for payload in items:
            with transaction.atomic():
                services.event_publish(organization=organization, event="customer.churned", payload=payload)

    publish(payloads[:10])  # warm-up
    started = time.perf_counter()
    publish(payloads)
    service_seconds = time.perf_counter() - started
    delivered = WebhookDelivery.objects.filter(subscription=subscription, status="delivered").count()
    if delivered != rows + 10:
        raise RuntimeError(f"expected {rows + 10} delivered, found {delivered}")

    bodies = list(
        WebhookDelivery.objects.filter(subscription=subscription)
        .order_by("id")
        .values_list("payload", flat=True)
    )[10:]
    port = server.server_address[1]
    started = time.perf_counter()
    for body in bodies:
        data = body.encode()
        signature = services.signature_header(
            secret=subscription.secret, body=data, timestamp=int(time.time())
        )
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        client.request(
            "POST",
            "/hook",
            body=data,
            headers={"Content-Type": "application/json", "Hymy-Signature": signature},
        )
        response = client.getresponse()
        response.read(1000)
        client.close()
        if response.status != 200:
            raise RuntimeError(f"the receiver answered {response.status}")
    raw_seconds = time.perf_counter() - started
    server.shutdown()
    Organization.objects.filter(pk=organization.pk).delete()
    return {
        "vendor": _database_version(connection),
        "database": str(connection.settings_dict["NAME"]),
        "service": {"rows": rows, "seconds": service_seconds},
        "raw": {"rows": rows, "seconds": raw_seconds},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks_deliver", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.rows)))
    else:
        run(rows=args.rows)


if __name__ == "__main__":
    main()
