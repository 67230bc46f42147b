"""The `hymy` command: one entry point for running and managing Hymy.

Most sub-commands forward to Django management commands (the NetBox pattern); `serve` runs
gunicorn and `demo` runs the web server and the task worker side by side.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

HELP = """\
hymy demo                    set up the database, load the demo data and run Hymy with its worker
hymy demo-data [--scale N] [--reset]  load the demo organisations (--reset: delete and make them anew)
hymy migrate                 create or update the database tables
hymy serve [--bind ADDR]     run the web server (gunicorn)
hymy worker                  run the background-task worker
hymy create-organization     create an organisation and its owner
hymy manage ARGS...          any Django management command
"""


def _django(*args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hymy.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command(*args)


def migrate() -> None:
    _django("migrate", "--no-input", "--verbosity", "1")
    _django("createcachetable")


def _gunicorn_command(bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "hymy.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--access-logfile", "-", "--timeout", "60",
    ]  # fmt: skip


def _worker_command() -> list[str]:
    return [sys.executable, "-m", "hymy.cli", "worker"]


def serve(bind: str, workers: int) -> None:
    if os.environ.get("HYMY_ENV") == "production":
        _django("collectstatic", "--no-input", "--verbosity", "0")
    os.execv(sys.executable, _gunicorn_command(bind, workers))  # noqa: S606  (our own interpreter)


def worker() -> None:
    # Periodic work (the weekly digest) is queued by whoever asks first; safe with many workers.
    _django("improvement_schedule")
    _django("db_worker", "--queue-name", "default", "--no-reload")


def demo(bind: str, serve_after: bool) -> None:
    migrate()
    _django("demo_data", "--scale", "1")
    if not serve_after:
        return
    host = bind if "://" in bind else f"http://{bind}"
    print(f"\nHymy runs at {host}/  (Ctrl+C stops it)\n", flush=True)
    processes = [
        subprocess.Popen(_worker_command()),  # noqa: S603  (our own interpreter and module)
        subprocess.Popen(_gunicorn_command(bind, 2)),  # noqa: S603
    ]

    def stop(*_args):
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            process.wait(timeout=15)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(HELP)
        return
    command, rest = argv[0], argv[1:]
    if command == "manage":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hymy.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["hymy manage", *rest])
        return
    parser = argparse.ArgumentParser(prog=f"hymy {command}")
    if command in ("serve", "demo"):
        parser.add_argument("--bind", default=os.environ.get("HYMY_BIND", "127.0.0.1:8000"))
    if command == "serve":
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
    if command == "demo":
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")
    if command == "demo-data":
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reset", action="store_true", help="delete the demo organisations and make them anew")
    if command == "create-organization":
        parser.add_argument("--name", required=True)
        parser.add_argument("--slug", default="")
        parser.add_argument("--owner-email", required=True)
    args = parser.parse_args(rest)
    if command == "migrate":
        migrate()
    elif command == "serve":
        serve(args.bind, args.workers)
    elif command == "worker":
        worker()
    elif command == "demo":
        demo(args.bind, not args.no_serve)
    elif command == "demo-data":
        _django("demo_data", "--scale", str(args.scale), "--seed", str(args.seed), *(["--reset"] if args.reset else []))
    elif command == "create-organization":
        _django("create_organization", "--name", args.name, "--slug", args.slug, "--owner-email", args.owner_email)
    else:
        print(f"Unknown command: {command}\n\n{HELP}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
