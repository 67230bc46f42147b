"""Production refuses to start with the development secret or with DEBUG on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LONG_SECRET = "k3Jx-" + "q7Vb9Tz2Lm" * 6


def _import_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "HYMY_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(HYMY_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(  # noqa: S603 — our own interpreter with a fixed argument list
        [sys.executable, "-c", "import hymy.settings as s; print('DEBUG', s.DEBUG)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.parametrize(
    "secret",
    [
        None,
        "django-insecure-hymy-development-only-never-use-in-production",
        "short-secret",
        "django-insecure-" + "x" * 60,
    ],
)
def test_production_refuses_a_missing_or_weak_secret(tmp_path, secret):
    env = {"HYMY_ENV": "production"} | ({"SECRET_KEY": secret} if secret is not None else {})

    result = _import_settings(tmp_path, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert (
        "HYMY_ENV=production needs SECRET_KEY set to a random value of at least 50 characters"
        in result.stderr
    )


def test_production_with_a_long_secret_starts_with_debug_off(tmp_path):
    result = _import_settings(tmp_path, HYMY_ENV="production", SECRET_KEY=LONG_SECRET)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG False"


def test_production_refuses_debug(tmp_path):
    result = _import_settings(tmp_path, HYMY_ENV="production", SECRET_KEY=LONG_SECRET, DEBUG="1")

    assert result.returncode != 0
    assert "DEBUG must be off when HYMY_ENV=production." in result.stderr


def test_development_starts_without_a_secret(tmp_path):
    result = _import_settings(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "DEBUG True"


def test_tests_run_background_tasks_inline():
    from django_tasks import task_backends
    from django_tasks.backends.immediate import ImmediateBackend

    assert isinstance(task_backends["default"], ImmediateBackend)
