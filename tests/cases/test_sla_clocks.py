"""SLA clocks in business hours: opening hours, weekends and Finnish public holidays, pausing while
waiting for the customer, warnings before and escalation after a breach — with the clock frozen."""

import datetime

from django.core import mail
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hymy.cases import services
from hymy.cases.business_hours import BusinessCalendar
from hymy.cases.choices import CaseEventKind, CasePriority, CaseStatus
from hymy.cases.models import Case, SlaBreach

from .conftest import at

CALENDAR = BusinessCalendar()  # Monday–Friday 8–16


def test_friday_afternoon_to_monday_across_independence_day():
    """Friday 5.12.2025 at 15:00 plus 4 business hours: one hour on Friday, nothing on Saturday
    (Itsenäisyyspäivä 6.12.) or Sunday, three hours on Monday 8.12. → 11:00."""
    assert CALENDAR.add_minutes(at(2025, 12, 5, 15), 4 * 60) == at(2025, 12, 8, 11)


def test_christmas_is_closed_from_christmas_eve_to_boxing_day():
    """Tuesday 23.12.2025 at 15:00 plus 2 business hours: the 24th, 25th and 26th are holidays and
    then comes the weekend, so the deadline is Monday 29.12. at 9:00."""
    assert CALENDAR.add_minutes(at(2025, 12, 23, 15), 2 * 60) == at(2025, 12, 29, 9)


def test_a_case_opened_at_night_starts_counting_at_opening():
    assert CALENDAR.add_minutes(at(2025, 12, 2, 22), 30) == at(2025, 12, 3, 8, 30)


def test_business_minutes_between_skip_nights_weekends_and_holidays():
    assert CALENDAR.minutes_between(at(2025, 12, 5, 15), at(2025, 12, 8, 11)) == 4 * 60
    assert CALENDAR.minutes_between(at(2025, 12, 24, 9), at(2025, 12, 26, 15)) == 0


def test_opening_hours_come_from_the_organisations_setting():
    calendar = BusinessCalendar.from_setting([["09:00", "17:00"]] * 6 + [None])  # Saturdays too
    # Saturday 29.11.2025 is an ordinary Saturday: open.
    assert calendar.add_minutes(at(2025, 11, 28, 16, 30), 60) == at(2025, 11, 29, 9, 30)


moments = st.datetimes(min_value=datetime.datetime(2025, 1, 1), max_value=datetime.datetime(2026, 12, 31))


@hypothesis_settings(max_examples=60, deadline=None)
@given(start=moments, minutes=st.integers(min_value=1, max_value=5000))
def test_adding_business_minutes_and_measuring_them_agree(start, minutes):
    from django.utils import timezone

    start = timezone.make_aware(start)
    due = CALENDAR.add_minutes(start, minutes)
    assert due > start
    assert abs(CALENDAR.minutes_between(start, due) - minutes) < 1e-6
    assert CALENDAR.window(timezone.localtime(due).date()) is not None


def test_case_keeps_the_policy_it_was_opened_with(travel, open_case, complaint_policy):
    travel(at(2025, 12, 5, 15))
    case = open_case()

    complaint_policy.first_response_minutes = 10
    complaint_policy.save()
    case.refresh_from_db()

    assert case.sla_policy["name"] == "Complaints"
    assert case.sla_policy["first_response_minutes"] == 240
    assert case.first_response_due_at == at(2025, 12, 8, 11)
    # 16 business hours: Friday 1 h, Monday 8 h, Tuesday 7 h → Tuesday 9.12. at 15:00.
    assert case.resolution_due_at == at(2025, 12, 9, 15)


def test_without_a_policy_a_case_gets_the_default(travel, open_case):
    travel(at(2025, 12, 5, 15))
    case = open_case(kind="inquiry")
    assert case.sla_policy["first_response_minutes"] == 8 * 60
    assert case.first_response_due_at == at(2025, 12, 8, 15)


def test_the_most_specific_policy_wins(organization, travel, open_case, complaint_policy):
    from hymy.cases.models import SlaPolicy

    SlaPolicy.objects.create(organization=organization, name="Urgent complaints", kind="complaint",
                             priority="urgent", first_response_minutes=30, resolution_minutes=240)  # fmt: skip
    SlaPolicy.objects.create(
        organization=organization, name="Anything", first_response_minutes=600, resolution_minutes=6000
    )
    travel(at(2025, 12, 1, 9))
    assert open_case(priority="urgent").sla_policy["name"] == "Urgent complaints"
    assert open_case(priority="normal").sla_policy["name"] == "Complaints"
    assert open_case(kind="inquiry").sla_policy["name"] == "Anything"


def test_waiting_for_the_customer_pauses_the_clock(travel, open_case, complaint_policy, owner):
    travel(at(2025, 12, 5, 15))
    case = open_case()
    services.case_reply(case=case, actor=owner, body="Soitamme teille.", via="phone")
    travel(at(2025, 12, 5, 15, 30))
    services.case_status_set(case=case, actor=owner, status=CaseStatus.WAITING)
    # Waiting over the weekend and the holiday, and two business hours on Monday.
    travel(at(2025, 12, 8, 10))
    services.case_status_set(case=case, actor=owner, status=CaseStatus.IN_PROGRESS)
    case.refresh_from_db()

    assert case.paused_minutes == 30 + 120
    assert case.paused_since is None
    # The resolution deadline (Tuesday 15:00) moved by 2.5 business hours → Wednesday 10.12. at 9:30.
    assert case.resolution_due_at == at(2025, 12, 10, 9, 30)


def test_a_paused_case_is_not_escalated(travel, open_case, complaint_policy, owner):
    travel(at(2025, 12, 5, 15))
    case = open_case()
    services.case_reply(case=case, actor=owner, body="Tarvitsemme kuitin.", via="phone")
    services.case_status_set(case=case, actor=owner, status=CaseStatus.WAITING)
    travel(at(2025, 12, 19, 12))

    assert services.cases_sla_check() == {"warnings": 0, "breaches": 0}
    assert not SlaBreach.objects.exists()


def test_warning_before_and_escalation_after_a_missed_first_response(
    travel, open_case, complaint_policy, members, commit
):
    from hymy.tenancy.choices import Role

    agent = members[Role.AGENT].user
    travel(at(2025, 12, 5, 15))
    with commit():
        case = open_case(assignee=agent)
    mail.outbox.clear()

    travel(at(2025, 12, 8, 9, 30))  # 1.5 business hours before the deadline (Monday 11:00): quiet
    with commit():
        assert services.cases_sla_check() == {"warnings": 0, "breaches": 0}
    travel(at(2025, 12, 8, 10, 15))  # 45 minutes before: a warning, once
    with commit():
        assert services.cases_sla_check() == {"warnings": 1, "breaches": 0}
        assert services.cases_sla_check() == {"warnings": 0, "breaches": 0}
    assert [message.to for message in mail.outbox] == [[agent.email]]
    assert "Deadline approaching: #1" in mail.outbox[0].subject

    travel(at(2025, 12, 8, 11, 1))
    with commit():
        assert services.cases_sla_check() == {"warnings": 0, "breaches": 1}
        assert services.cases_sla_check() == {"warnings": 0, "breaches": 0}
    case.refresh_from_db()
    breach = SlaBreach.objects.get()

    assert (breach.target, breach.due_at, breach.breached_at) == (
        "first_response",
        at(2025, 12, 8, 11),
        at(2025, 12, 8, 11, 1),
    )
    assert (case.priority, breach.priority_before) == (CasePriority.HIGH, CasePriority.NORMAL)
    assert "Deadline missed: #1" in mail.outbox[-1].subject
    assert list(
        case.events.filter(kind__in=["sla_warning", "sla_breach"]).values_list("kind", flat=True)
    ) == [
        CaseEventKind.SLA_WARNING,
        CaseEventKind.SLA_BREACH,
    ]


def test_answering_in_time_stops_the_first_response_clock(travel, open_case, complaint_policy, owner):
    travel(at(2025, 12, 5, 15))
    case = open_case()
    travel(at(2025, 12, 8, 9))
    services.case_reply(case=case, actor=owner, body="Hoidamme asian.", via="phone")
    travel(at(2025, 12, 8, 12))

    assert services.cases_sla_check()["breaches"] == 0
    case.refresh_from_db()
    assert case.first_responded_at == at(2025, 12, 8, 9)
    assert case.status == CaseStatus.IN_PROGRESS


def test_a_promise_to_the_customer_is_watched_like_a_deadline(travel, open_case, owner, members, commit):
    from hymy.tenancy.choices import Role

    agent = members[Role.AGENT].user
    travel(at(2025, 12, 5, 18))  # the pizza is promised on a Friday evening: promises count wall-clock time
    case = open_case(assignee=agent, kind="inquiry")
    late = services.case_promise_make(case=case, actor=owner, text="Pizza valmis 15 minuutissa",
                                      due_at=at(2025, 12, 5, 18, 15))  # fmt: skip
    kept = services.case_promise_make(
        case=case, actor=owner, text="Soitamme huomenna", due_at=at(2025, 12, 6, 12)
    )
    travel(at(2025, 12, 5, 18, 12))
    assert services.cases_sla_check()["warnings"] == 1
    services.case_promise_keep(promise=kept, actor=owner)
    travel(at(2025, 12, 6, 13))
    with commit():
        assert services.cases_sla_check()["breaches"] == 1
    breach = SlaBreach.objects.get()
    assert (breach.target, breach.promise, breach.due_at) == ("promise", late, at(2025, 12, 5, 18, 15))
    assert Case.objects.get().priority == CasePriority.HIGH


def test_the_periodic_run_is_queued_once_on_the_database_backend(
    settings, db, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from hymy.cases.tasks import PERIODIC_EVERY, cases_periodic, cases_periodic_schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert cases_periodic_schedule() is True
        assert cases_periodic_schedule() is False
    after = timezone.now()
    queued = DBTaskResult.objects.get(task_path=cases_periodic.module_path, status="READY")
    # The next 5-minute slot, the same for every worker.
    assert before < queued.run_after <= after + PERIODIC_EVERY
    assert queued.run_after.minute % 5 == 0 and queued.run_after.second == 0


@hypothesis_settings(max_examples=40, deadline=None)
@given(
    start=moments,
    minutes=st.integers(min_value=1, max_value=5000),
    limit=st.integers(min_value=0, max_value=600),
)
def test_counting_may_stop_early_without_changing_the_answer_to_is_it_within(start, minutes, limit):
    from django.utils import timezone

    start = timezone.make_aware(start)
    end = CALENDAR.add_minutes(start, minutes)
    full = CALENDAR.minutes_between(start, end)
    assert (CALENDAR.minutes_between(start, end, stop_after=limit) <= limit) == (full <= limit)
