"""The core scheduler: however many workers start at once, each periodic run is queued once, and every
worker computes the same next slot."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hymy.cases.tasks import PERIODIC_EVERY, cases_periodic, cases_periodic_schedule
from hymy.core.models import ScheduledRun
from hymy.core.schedule import EPOCH, next_slot, queue_once

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
NOW = datetime.datetime(2026, 11, 26, 10, 2, 30, tzinfo=datetime.UTC)


@pytest.fixture
def db_backend(settings):
    settings.TASKS = DB_BACKEND


def test_two_workers_starting_at_the_same_moment_queue_one_run(
    db, db_backend, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        started = [cases_periodic_schedule(now=NOW), cases_periodic_schedule(now=NOW)]

    assert started == [True, False]
    queued = DBTaskResult.objects.get()
    assert queued.task_path == cases_periodic.module_path
    assert queued.run_after == datetime.datetime(2026, 11, 26, 10, 5, tzinfo=datetime.UTC)


def test_a_worker_starting_while_a_run_executes_does_not_start_a_second_chain(
    db, db_backend, django_capture_on_commit_callbacks
):
    # The 10:05 run is executing (its row is no longer READY) and will queue 10:10 when it ends; a
    # worker starting at 10:06 asks for the same 10:10 slot, so there is still one chain.
    with django_capture_on_commit_callbacks(execute=True):
        assert cases_periodic_schedule(now=NOW.replace(minute=6)) is True
        assert cases_periodic_schedule(now=NOW.replace(minute=5, second=1)) is False

    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().run_after == NOW.replace(minute=10, second=0)


def test_the_next_slot_is_queued_after_the_one_before(db, db_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cases_periodic_schedule(now=NOW)
        cases_periodic_schedule(now=NOW + PERIODIC_EVERY)

    assert sorted(DBTaskResult.objects.values_list("run_after", flat=True)) == [
        NOW.replace(minute=5, second=0),
        NOW.replace(minute=10, second=0),
    ]


def test_markers_older_than_a_day_are_forgotten(db, db_backend, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        cases_periodic_schedule(now=NOW - datetime.timedelta(days=2))
        queue_once(name="other", due_at=NOW - datetime.timedelta(days=2), task=cases_periodic)
        cases_periodic_schedule(now=NOW)

    assert sorted(ScheduledRun.objects.values_list("name", "due_at")) == [
        ("cases.periodic", NOW.replace(minute=5, second=0)),
        ("other", NOW - datetime.timedelta(days=2)),
    ]


def test_a_backend_that_cannot_wait_queues_nothing(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    assert cases_periodic_schedule(now=NOW) is False
    assert not ScheduledRun.objects.exists()


moments = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1),
    max_value=datetime.datetime(2100, 1, 1),
    timezones=st.just(datetime.UTC),
)
periods = st.timedeltas(min_value=datetime.timedelta(seconds=1), max_value=datetime.timedelta(days=7))


@hypothesis_settings(max_examples=200, deadline=None)
@given(now=moments, every=periods)
def test_the_next_slot_is_strictly_after_now_aligned_and_within_one_period(now, every):
    slot = next_slot(now, every)

    assert now < slot <= now + every
    assert (slot - EPOCH) % every == datetime.timedelta(0)


@hypothesis_settings(max_examples=100, deadline=None)
@given(now=moments, every=periods, offset=st.integers(min_value=0))
def test_workers_asking_within_the_same_slot_agree(now, every, offset):
    slot_start = next_slot(now, every) - every
    later = slot_start + datetime.timedelta(
        microseconds=offset % (every // datetime.timedelta(microseconds=1))
    )

    assert next_slot(later, every) == next_slot(now, every)


def test_the_slot_is_the_same_whatever_the_callers_time_zone():
    helsinki = timezone.localtime(NOW)

    assert next_slot(helsinki, PERIODIC_EVERY) == next_slot(NOW, PERIODIC_EVERY)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_create_one_row_and_one_task(db_backend):
    start = threading.Barrier(6)
    answers = []

    def worker():
        try:
            start.wait()
            answers.append(queue_once(name="cases.periodic", due_at=NOW, task=cases_periodic))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(answers) == [False] * 5 + [True]
    assert ScheduledRun.objects.filter(name="cases.periodic").count() == 1
    assert DBTaskResult.objects.filter(task_path=cases_periodic.module_path).count() == 1


def test_the_periodic_run_queues_the_next_slot_and_a_starting_worker_adds_nothing(
    db, db_backend, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import call_command

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        cases_periodic.call()
        out = StringIO()
        call_command("cases_schedule", stdout=out)

    assert out.getvalue().strip() == "Periodic case work was already queued."
    queued = DBTaskResult.objects.get()
    assert queued.task_path == cases_periodic.module_path
    assert queued.run_after in {next_slot(before, PERIODIC_EVERY), next_slot(timezone.now(), PERIODIC_EVERY)}
