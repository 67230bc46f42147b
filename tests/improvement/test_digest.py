"""The weekly digest: the right numbers, in each recipient's language, through a real SMTP server,
once per member and week however often it runs; and the scheduler that queues it every Monday."""

import datetime
import email
import email.policy
import socket

import pytest
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from hymy.core.models import ScheduledRun
from hymy.improvement import services
from hymy.improvement.digest import digest_build, digests_send, last_full_week, week_of
from hymy.improvement.models import DigestDelivery, LearningEntry
from hymy.improvement.schedule import next_digest_at, weekly_digest_schedule
from hymy.improvement.tasks import weekly_digest_run
from hymy.tenancy.choices import Role

from .conftest import at_noon

MONDAY = datetime.date(2026, 11, 2)
WEEK = week_of(MONDAY + datetime.timedelta(days=3))
NEXT_MONDAY = datetime.date(2026, 11, 9)
# This week: 5 promoters, 2 passives, 3 detractors → NPS +20 (n = 10).
THIS_WEEK = [10, 10, 9, 9, 9, 8, 7, 6, 4, 0]
# The week before: 2 promoters, 2 passives, 6 detractors → NPS −40 (n = 10).
WEEK_BEFORE = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@pytest.fixture
def week_of_feedback(organization, owner, members, counter, answer_nps):
    """A week of NPS answers with comments, the week before, two actions and a failure shared that week."""
    answer_nps(MONDAY + datetime.timedelta(days=1), THIS_WEEK[1:-1])
    answer_nps(MONDAY + datetime.timedelta(days=2), [10], comment="Ihana palvelu, kiitos Annalle!")
    answer_nps(MONDAY + datetime.timedelta(days=4), [0], comment="Kahvi oli kylmää ja jono pitkä.")
    answer_nps(MONDAY - datetime.timedelta(days=3), WEEK_BEFORE)
    services.action_create(
        organization=organization, actor=owner, title="Kassajono kuntoon", owner=owner,
        due_on=datetime.date(2026, 11, 1), started_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    services.action_create(
        organization=organization, actor=owner, title="Uusi aamiaislista", owner=owner,
        due_on=datetime.date(2026, 11, 30), started_on=datetime.date(2026, 10, 1),
    )  # fmt: skip
    entry = services.learning_entry_create(
        organization=organization, actor=owner, kind="failure", title="Kylmä kahvi",
        prevention="Termospannu vaihdetaan tunnin välein.", owner=owner,
    )  # fmt: skip
    LearningEntry.objects.filter(pk=entry.pk).update(created_at=at_noon(MONDAY + datetime.timedelta(days=4)))
    finnish = members[Role.ANALYST]
    finnish.user.language = "fi"
    finnish.user.save()
    english = members[Role.ADMIN]
    for membership in (finnish, english):
        services.digest_subscription_set(membership=membership, is_subscribed=True)
    return {"fi": finnish, "en": english}


def test_digest_numbers(week_of_feedback):
    digest = digest_build(membership=week_of_feedback["en"], week=WEEK, today=NEXT_MONDAY)

    nps = digest.figures[0]
    assert (nps.spec.key, nps.estimate.value, nps.estimate.n) == ("nps", 20, 10)
    assert nps.change.difference == 60
    assert not nps.change.is_significant  # z = 0.6/√0.14 ≈ 1.60, p ≈ 0.11
    assert [a.followup_text for a in digest.best_comments] == ["Ihana palvelu, kiitos Annalle!"]
    assert [a.followup_text for a in digest.worst_comments] == ["Kahvi oli kylmää ja jono pitkä."]
    assert [a.title for a in digest.overdue_actions] == ["Kassajono kuntoon"]
    assert [a.title for a in digest.open_actions] == ["Uusi aamiaislista"]
    assert digest.overdue_cases == []  # no cases this week (see test_from_cases.py)
    assert [e.title for e in digest.new_entries] == ["Kylmä kahvi"]


def test_digest_arrives_by_smtp_in_each_recipients_language(week_of_feedback, smtp_inbox, members):
    sent = digests_send(week=WEEK, today=NEXT_MONDAY)

    assert sent == 2
    by_recipient = {message["To"]: message for message in smtp_inbox.messages()}
    assert set(by_recipient) == {week_of_feedback["fi"].user.email, week_of_feedback["en"].user.email}

    finnish = by_recipient[week_of_feedback["fi"].user.email]
    text = finnish.get_body(preferencelist=("plain",)).get_content()
    html = finnish.get_body(preferencelist=("html",)).get_content()
    assert finnish["Subject"] == "Kahvila Aurinko: asiakasinfo viikolta 2.11.2026"
    assert "Viikon luvut" in text
    assert "- NPS: +20 (n = 10), muutos edellisestä viikosta +60 (sattuman rajoissa)" in text
    assert "Parhaat kommentit" in text and '"Ihana palvelu, kiitos Annalle!" (10, Kassa)' in text
    assert "Huonoimmat kommentit" in text and '"Kahvi oli kylmää ja jono pitkä." (0, Kassa)' in text
    assert (
        "Myöhässä olevat toimenpiteet" in text
        and "Kassajono kuntoon — Olli Omistaja, määräpäivä 1.11.2026" in text
    )
    assert (
        "Epäonnistuminen: Kylmä kahvi — Ehkäisy: Termospannu vaihdetaan tunnin välein. (Olli Omistaja)"
        in text
    )
    assert "Viikon luvut" in html and "Ihana palvelu" in html

    english = by_recipient[week_of_feedback["en"].user.email]
    english_text = english.get_body(preferencelist=("plain",)).get_content()
    assert english["Subject"].startswith("Kahvila Aurinko: customer info for the week of ")
    assert "- NPS: +20 (n = 10), change from the week before +60 (within chance)" in english_text


def test_digest_goes_once_per_member_and_week_and_only_to_those_who_asked(
    week_of_feedback, smtp_inbox, members
):
    first = digests_send(week=WEEK, today=NEXT_MONDAY)
    again = digests_send(week=WEEK, today=NEXT_MONDAY)

    assert (first, again) == (2, 0)
    assert len(smtp_inbox.envelopes) == 2
    assert DigestDelivery.objects.filter(week_start=MONDAY, sent_at__isnull=False).count() == 2
    recipients = {rcpt for envelope in smtp_inbox.envelopes for rcpt in envelope.rcpt_tos}
    assert members[Role.OWNER].user.email not in recipients


def test_a_member_who_became_a_partner_gets_no_digest(week_of_feedback, members, partner):
    from hymy.tenancy import services as tenancy_services

    tenancy_services.membership_role_change(
        membership=week_of_feedback["en"], role=Role.PARTNER, partner=partner, actor=members[Role.OWNER]
    )

    assert digests_send(week=WEEK, today=NEXT_MONDAY) == 1


def test_a_failed_send_is_kept_with_its_reason(week_of_feedback, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens

    assert digests_send(week=WEEK, today=NEXT_MONDAY) == 0
    assert all(delivery.error for delivery in DigestDelivery.objects.all())


def test_last_full_week_is_monday_to_sunday():
    week = last_full_week(datetime.date(2026, 11, 9))

    assert (week.start, week.end) == (datetime.date(2026, 11, 2), datetime.date(2026, 11, 8))


# --- The scheduler -------------------------------------------------------------------------------


def _helsinki(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (_helsinki(2026, 11, 26, 10, 0), _helsinki(2026, 11, 30, 7, 0)),  # Thursday → next Monday
        (_helsinki(2026, 11, 30, 6, 59), _helsinki(2026, 11, 30, 7, 0)),  # Monday morning, just before
        (_helsinki(2026, 11, 30, 7, 0), _helsinki(2026, 12, 7, 7, 0)),  # exactly then → a week later
    ],
)
def test_next_digest_is_monday_at_seven(now, expected):
    assert next_digest_at(now) == expected


def test_many_workers_queue_the_weekly_run_once(settings, db, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    now = _helsinki(2026, 11, 26, 10, 0)

    with django_capture_on_commit_callbacks(execute=True):
        results = [weekly_digest_schedule(now=now) for _worker in range(3)]

    assert [result is not None for result in results] == [True, False, False]
    assert ScheduledRun.objects.count() == 1
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "hymy.improvement.tasks.weekly_digest_run"
    assert queued.run_after == _helsinki(2026, 11, 30, 7, 0)


def test_the_weekly_run_sends_last_week_and_queues_the_next(
    week_of_feedback, django_capture_on_commit_callbacks
):
    due = _helsinki(2026, 11, 9, 7, 0)

    with translation.override("en"):
        sent = weekly_digest_run.call(due.isoformat())

    assert sent == 2
    assert DigestDelivery.objects.filter(week_start=MONDAY).count() == 2
    # The next run is planned a week after this one (or after now, if this one ran late).
    assert ScheduledRun.objects.get().due_at == next_digest_at(max(timezone.now(), due))
