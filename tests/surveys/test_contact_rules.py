"""Who is invited, when and by which channel: the contact rules against survey fatigue (R3.4).

Tasks run on the immediate backend (tests/conftest.py) unless a test needs to see what was queued
and when: then it switches to django_tasks' dummy backend, which keeps the queued tasks with their
`run_after`. One test runs the real database backend and its worker.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks import default_task_backend

from hymy.customers import services as customer_services
from hymy.surveys import services, tasks
from hymy.surveys.models import Invitation, OutboxMessage

from .conftest import answered, from_template, make_customer

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
LINK = re.compile(r"http://127\.0\.0\.1:8000/r/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def base_url(settings):
    settings.HYMY_BASE_URL = "http://127.0.0.1:8000"


def _only_invitation(customer) -> Invitation:
    (invitation,) = Invitation.objects.filter(customer=customer)
    return invitation


# --- Sent, and by which channel -------------------------------------------------------------------


def test_encounter_at_the_touchpoint_sends_an_email_invitation_with_every_score_clickable(
    nps_survey, consenting, record_encounter, base_url
):
    encounter = record_encounter(consenting)

    invitation = _only_invitation(consenting)
    assert (invitation.status, invitation.skip_reason, invitation.channel) == ("sent", "", "email")
    assert (invitation.encounter, invitation.touchpoint, invitation.language) == (
        encounter,
        encounter.touchpoint,
        "fi",
    )
    assert invitation.sent_at is not None
    (email,) = mail.outbox
    assert email.to == ["liisa@example.fi"]
    assert email.subject == "Miten onnistuimme? – Kahvila Aurinko"
    assert email.body.startswith("Hei Liisa Lahtinen,\n")
    url = f"http://127.0.0.1:8000/r/{invitation.token}/"
    assert [line for line in email.body.splitlines() if "/r/" in line] == [
        f"{score}: {url}?score={score}" for score in range(11)
    ]
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert re.findall(r'href="([^"]+)"', html) == [f"{url}?score={score}" for score in range(11)]
    assert "Kuinka todennäköisesti suosittelisit yritystä Kahvila Aurinko" in html
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient, message.subject, message.status) == (
        "email", "liisa@example.fi", email.subject, "sent"
    )  # fmt: skip
    assert message.invitation == invitation
    assert message.body_text == email.body


def test_customer_with_only_a_phone_gets_a_text_message(
    nps_survey, organization, owner, record_encounter, sms_outbox, base_url
):
    phone_only = make_customer(organization, owner, "Pertti Puhelin", phone="040 999 8888")

    record_encounter(phone_only)

    invitation = _only_invitation(phone_only)
    assert (invitation.status, invitation.channel) == ("sent", "sms")
    url = f"http://127.0.0.1:8000/r/{invitation.token}/"
    assert sms_outbox == [
        {"to": "+358409998888", "body": f"Kahvila Aurinko kysyy: miten onnistuimme? {url}", "sender": "Hymy"}
    ]
    assert mail.outbox == []
    message = OutboxMessage.objects.get()
    assert (message.channel, message.recipient, message.body_text) == (
        "sms",
        "+358409998888",
        sms_outbox[0]["body"],
    )


def test_customer_with_email_and_phone_is_emailed(nps_survey, consenting, record_encounter, sms_outbox):
    record_encounter(consenting)

    assert _only_invitation(consenting).channel == "email"
    assert len(mail.outbox) == 1
    assert sms_outbox == []


def test_names_with_ampersands_and_apostrophes_read_right_in_plain_text(
    nps_survey, organization, owner, record_encounter, sms_outbox, base_url
):
    """Plain-text e-mail, subject and text message are not HTML: nothing in them is HTML-escaped."""
    organization.name = "Kahvila & Leipomo Aurinko"
    organization.save(update_fields=["name"])
    emailed = make_customer(organization, owner, "Sean O'Brien", email="sean@example.ie", language="en")
    texted = make_customer(organization, owner, "Åsa <Åberg>", phone="040 555 6666", language="sv")

    record_encounter(emailed)
    record_encounter(texted)

    (email,) = mail.outbox
    assert email.subject == "How did we do? – Kahvila & Leipomo Aurinko"
    assert email.body.startswith("Hello Sean O'Brien,\n")
    assert email.body.rstrip().endswith("Kahvila & Leipomo Aurinko")
    assert "Hello Sean O&#x27;Brien," in email.alternatives[0][0]
    url = f"http://127.0.0.1:8000/r/{_only_invitation(texted).token}/"
    assert [sms["body"] for sms in sms_outbox] == [
        f"Kahvila & Leipomo Aurinko frågar: hur lyckades vi? {url}"
    ]


def test_failed_sending_is_kept_with_its_error(nps_survey, organization, owner, record_encounter, settings):
    settings.SMS_BACKEND = "hymy.surveys.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL = "ftp://gateway.invalid/send"
    phone_only = make_customer(organization, owner, "Pertti Puhelin", phone="040 999 8888")

    record_encounter(phone_only)

    invitation = _only_invitation(phone_only)
    assert (invitation.status, invitation.error, invitation.sent_at) == (
        "failed", "SMS_HTTP_URL must be an http(s) address.", None
    )  # fmt: skip
    message = OutboxMessage.objects.get()
    assert (message.status, message.error) == ("failed", "SMS_HTTP_URL must be an http(s) address.")


# --- Not sent, with the reason kept ---------------------------------------------------------------


def _not_sent(customer, reason):
    invitation = _only_invitation(customer)
    assert (invitation.status, invitation.skip_reason, invitation.sent_at) == ("not_sent", reason, None)
    assert mail.outbox == []
    assert not OutboxMessage.objects.filter(invitation=invitation).exists()


def test_no_invitation_without_consent(nps_survey, organization, owner, record_encounter):
    refused = make_customer(organization, owner, "Kalle Kielto", email="kalle@example.fi", consent=False)

    record_encounter(refused)

    _not_sent(refused, "no_consent")


def test_no_invitation_without_an_address(nps_survey, organization, owner, record_encounter):
    unreachable = make_customer(organization, owner, "Olli Osoitteeton")

    record_encounter(unreachable)

    _not_sent(unreachable, "no_address")


def test_no_invitation_when_sampled_out(nps_survey, consenting, record_encounter):
    services.survey_update(survey=nps_survey, sampling_percent=0)

    record_encounter(consenting)

    _not_sent(consenting, "sampled_out")


def test_no_invitation_to_a_customer_who_has_left(nps_survey, organization, owner, record_encounter):
    churned = make_customer(organization, owner, "Leena Lähtenyt", email="leena@example.fi", status="churned")

    record_encounter(churned)

    _not_sent(churned, "customer_churned")


def test_invitation_scheduled_before_the_survey_closed_is_not_sent(nps_survey, consenting, record_encounter):
    record_encounter(consenting, send=False)
    invitation = _only_invitation(consenting)
    assert invitation.status == "scheduled"
    services.survey_status_set(survey=nps_survey, status="closed")

    assert tasks.invitation_send.call(invitation.pk) == "not_sent"

    _not_sent(consenting, "survey_closed")


def test_closed_survey_keeps_the_reason_when_asked_directly(nps_survey, consenting):
    services.survey_status_set(survey=nps_survey, status="closed")

    services.invitation_schedule(survey=nps_survey, customer=consenting, delay_minutes=0)

    _not_sent(consenting, "survey_closed")


def test_consent_withdrawn_before_sending_stops_the_invitation(
    nps_survey, consenting, owner, record_encounter
):
    record_encounter(consenting, send=False)
    customer_services.customer_update(customer=consenting, actor=owner, survey_consent=False)

    tasks.invitation_send.call(_only_invitation(consenting).pk)

    _not_sent(consenting, "no_consent")


def test_closed_survey_does_not_invite_at_all(nps_survey, consenting, record_encounter):
    services.survey_status_set(survey=nps_survey, status="closed")

    record_encounter(consenting)

    assert Invitation.objects.count() == 0


def test_encounter_elsewhere_invites_to_nothing(nps_survey, consenting, delivery, record_encounter):
    record_encounter(consenting, touchpoint=delivery)

    assert Invitation.objects.count() == 0
    assert mail.outbox == []


# --- At most one invitation per customer per N days, across all surveys ---------------------------


def test_sent_invitation_within_the_window_stops_the_next_one_across_surveys(
    nps_survey, csat_survey, consenting, record_encounter, organization
):
    services.survey_status_set(survey=csat_survey, status="closed")
    record_encounter(consenting)
    first = _only_invitation(consenting)
    assert first.status == "sent"
    # 29 days later, the CSAT survey at the same counter would like to ask.
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - datetime.timedelta(days=29))
    services.survey_status_set(survey=nps_survey, status="closed")
    services.survey_status_set(survey=csat_survey, status="active")

    record_encounter(consenting)

    second = Invitation.objects.exclude(pk=first.pk).get()
    assert (second.survey, second.status, second.skip_reason) == (csat_survey, "not_sent", "asked_recently")
    assert len(mail.outbox) == 1


def test_invitation_sent_longer_ago_than_the_window_allows_a_new_one(
    nps_survey, consenting, record_encounter
):
    record_encounter(consenting)
    first = _only_invitation(consenting)
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - datetime.timedelta(days=31))

    record_encounter(consenting)

    second = Invitation.objects.exclude(pk=first.pk).get()
    assert (second.status, second.skip_reason) == ("sent", "")
    assert len(mail.outbox) == 2


def test_window_follows_the_organisations_rule(nps_survey, consenting, record_encounter, organization):
    services.contact_policy_update(organization=organization, days_between_invitations=7)
    record_encounter(consenting)
    first = _only_invitation(consenting)
    Invitation.objects.filter(pk=first.pk).update(sent_at=timezone.now() - datetime.timedelta(days=8))

    record_encounter(consenting)

    assert Invitation.objects.exclude(pk=first.pk).get().status == "sent"


def test_still_scheduled_invitation_counts_as_asked(nps_survey, consenting, record_encounter):
    record_encounter(consenting, send=False)
    waiting = _only_invitation(consenting)

    record_encounter(consenting)

    later = Invitation.objects.exclude(pk=waiting.pk).get()
    assert (later.status, later.skip_reason) == ("not_sent", "asked_recently")
    waiting.refresh_from_db()
    assert waiting.status == "scheduled"


def test_two_surveys_at_one_touchpoint_send_one_invitation(
    nps_survey, csat_survey, consenting, record_encounter
):
    record_encounter(consenting)

    invitations = {invitation.survey: invitation for invitation in Invitation.objects.all()}
    statuses = sorted((invitation.status, invitation.skip_reason) for invitation in invitations.values())
    assert statuses == [("not_sent", "asked_recently"), ("sent", "")]
    assert len(mail.outbox) == 1


def test_invitation_sent_in_between_stops_a_scheduled_one_at_sending_time(
    nps_survey, csat_survey, consenting, record_encounter
):
    services.survey_status_set(survey=csat_survey, status="closed")
    record_encounter(consenting, send=False)
    scheduled = _only_invitation(consenting)
    # Meanwhile an invitation of another survey went out (e.g. sent by hand from another worker).
    services.survey_status_set(survey=csat_survey, status="active")
    other = services.invitation_schedule(survey=csat_survey, customer=consenting, delay_minutes=0)
    assert other.skip_reason == "asked_recently"
    Invitation.objects.filter(pk=other.pk).update(status="sent", skip_reason="", sent_at=timezone.now())

    tasks.invitation_send.call(scheduled.pk)

    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.skip_reason) == ("not_sent", "asked_recently")
    assert mail.outbox == []


def test_sending_twice_sends_once(nps_survey, consenting, record_encounter):
    record_encounter(consenting)
    invitation = _only_invitation(consenting)

    assert tasks.invitation_send.call(invitation.pk) == "sent"

    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.count() == 1


# --- When -----------------------------------------------------------------------------------------


def test_invitation_is_queued_for_the_end_of_quiet_hours(
    settings, organization, nps_survey, consenting, record_encounter
):
    settings.TASKS = DUMMY_TASKS
    now = timezone.localtime()
    start = (now - datetime.timedelta(hours=1)).replace(second=0, microsecond=0)
    end = (now + datetime.timedelta(hours=2)).replace(second=0, microsecond=0)
    services.contact_policy_update(
        organization=organization, quiet_hours_start=start.time(), quiet_hours_end=end.time()
    )

    record_encounter(consenting)

    invitation = _only_invitation(consenting)
    assert (invitation.status, invitation.scheduled_for) == ("scheduled", end)
    (queued,) = default_task_backend.results
    assert (queued.task.name, queued.args, queued.task.run_after) == ("invitation_send", [invitation.pk], end)
    assert mail.outbox == []


def test_invitation_is_queued_after_the_surveys_delay_from_the_encounter(
    settings, nps_survey, consenting, record_encounter
):
    settings.TASKS = DUMMY_TASKS
    services.survey_update(survey=nps_survey, invitation_delay_minutes=120)
    started_at = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=5)

    record_encounter(consenting, started_at=started_at)

    invitation = _only_invitation(consenting)
    assert invitation.scheduled_for == started_at + datetime.timedelta(minutes=120)
    (queued,) = default_task_backend.results
    assert queued.task.run_after == invitation.scheduled_for
    assert mail.outbox == []


def test_purchase_at_the_touchpoint_schedules_the_nps_two_days_later(
    settings, organization, owner, counter, consenting, contact_policy, django_capture_on_commit_callbacks
):
    """The NPS template invites after purchases, two days later; a purchase elsewhere invites no one."""
    settings.TASKS = DUMMY_TASKS
    survey = from_template(organization, "nps_after_purchase", [counter])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        purchase = customer_services.purchase_create(
            organization=organization, actor=owner, customer=consenting, touchpoint=counter,
            purchased_on=yesterday, amount=Decimal("12.50"),
        )  # fmt: skip
        customer_services.purchase_create(
            organization=organization, actor=owner, customer=consenting,
            purchased_on=yesterday, amount=Decimal("3.20"),
        )  # fmt: skip

    invitation = _only_invitation(consenting)
    assert (invitation.survey, invitation.purchase, invitation.touchpoint) == (survey, purchase, counter)
    assert (invitation.status, invitation.encounter) == ("scheduled", None)
    # Counted from when the purchase was recorded, as yesterday's noon has passed.
    assert invitation.scheduled_for == purchase.created_at + datetime.timedelta(days=2)
    (queued,) = default_task_backend.results
    assert queued.task.run_after == invitation.scheduled_for
    assert mail.outbox == []


# The worker closes the database connection as a worker should, so the test cannot live inside a
# transaction that is rolled back at its end: it uses a transactional database instead.
@pytest.mark.django_db(transaction=True)
def test_database_task_worker_sends_the_invitation(settings, nps_survey, consenting, record_encounter):
    """The real queue: the encounter stores the task in the database, and `db_worker` sends it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from django_tasks_db.models import DBTaskResult

    record_encounter(consenting)

    invitation = _only_invitation(consenting)
    assert invitation.status == "scheduled"
    (queued,) = DBTaskResult.objects.all()
    assert (queued.task_path, queued.status, queued.args_kwargs) == (
        "hymy.surveys.tasks.invitation_send", "READY", {"args": [invitation.pk], "kwargs": {}}
    )  # fmt: skip
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    invitation.refresh_from_db()
    assert invitation.status == "sent"
    (email,) = mail.outbox
    assert email.to == ["liisa@example.fi"]
    queued.refresh_from_db()
    assert (queued.status, queued.return_value) == ("SUCCESSFUL", "sent")


# --- Reminders ------------------------------------------------------------------------------------


def test_one_reminder_is_queued_after_the_surveys_days_and_sent_once(
    settings, nps_survey, consenting, record_encounter
):
    settings.TASKS = DUMMY_TASKS
    services.survey_update(survey=nps_survey, reminder_after_days=3)
    record_encounter(consenting)
    invitation = _only_invitation(consenting)
    (send,) = default_task_backend.results

    assert tasks.invitation_send.call(*send.args) == "sent"

    invitation.refresh_from_db()
    remind = default_task_backend.results[1]
    assert (remind.task.name, remind.args) == ("invitation_remind", [invitation.pk])
    assert remind.task.run_after == invitation.sent_at + datetime.timedelta(days=3)
    assert len(mail.outbox) == 1

    assert tasks.invitation_remind.call(invitation.pk) is True
    assert tasks.invitation_remind.call(invitation.pk) is False

    assert [email.subject for email in mail.outbox] == [
        "Miten onnistuimme? – Kahvila Aurinko",
        "Muistutus: Miten onnistuimme? – Kahvila Aurinko",
    ]
    invitation.refresh_from_db()
    assert invitation.reminder_sent_at is not None
    assert OutboxMessage.objects.count() == 2


def test_no_reminder_after_an_answer(nps_survey, consenting, record_encounter):
    record_encounter(consenting)
    invitation = _only_invitation(consenting)
    response = services.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    services.answer_save(response=response, question=nps_survey.questions.first(), score=10)

    assert services.invitation_remind(invitation=invitation) is False

    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.reminder_sent_at is None


def test_no_reminder_for_an_invitation_that_was_not_sent(nps_survey, organization, owner, record_encounter):
    refused = make_customer(organization, owner, "Kalle Kielto", email="kalle@example.fi", consent=False)
    record_encounter(refused)

    assert services.invitation_remind(invitation=_only_invitation(refused)) is False
    assert mail.outbox == []


def test_reminder_by_text_message_says_it_is_one(
    nps_survey, organization, owner, record_encounter, sms_outbox, base_url
):
    phone_only = make_customer(organization, owner, "Pertti Puhelin", phone="040 999 8888")
    record_encounter(phone_only)

    assert services.invitation_remind(invitation=_only_invitation(phone_only)) is True

    assert len(sms_outbox) == 2
    url = f"http://127.0.0.1:8000/r/{_only_invitation(phone_only).token}/"
    assert sms_outbox[1]["body"] == f"Muistutus: Kahvila Aurinko kysyy: miten onnistuimme? {url}"


# --- Where people see it --------------------------------------------------------------------------


def test_reason_for_not_sending_is_on_the_customers_timeline(
    nps_survey, organization, owner, owner_client, record_encounter
):
    refused = make_customer(organization, owner, "Kalle Kielto", email="kalle@example.fi", consent=False)
    record_encounter(refused)

    page = owner_client.get(f"/o/aurinko/customers/{refused.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "NPS after a purchase · E-mail · <strong>Not sent</strong>: No consent to ask for feedback" in html


def test_sent_and_answered_invitation_on_the_timeline(nps_survey, consenting, owner_client, record_encounter):
    record_encounter(consenting)
    invitation = _only_invitation(consenting)
    answered_response = services.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    services.answer_save(response=answered_response, question=nps_survey.questions.first(), score=7)

    html = owner_client.get(f"/o/aurinko/customers/{consenting.pk}/").content.decode()

    assert "NPS after a purchase · E-mail · <strong>Sent</strong> · answered" in html
    assert f'href="/o/aurinko/surveys/responses/{answered_response.pk}/">NPS after a purchase</a>' in html


def test_survey_page_and_list_count_invitations_and_reasons(
    nps_survey, organization, owner, owner_client, consenting, record_encounter
):
    record_encounter(consenting)
    invitation = _only_invitation(consenting)
    services.invitation_mark_opened(invitation=invitation)
    response = services.response_start(
        survey=nps_survey, source="invitation", language="fi", invitation=invitation
    )
    services.answer_save(response=response, question=nps_survey.questions.first(), score=9)
    record_encounter(make_customer(organization, owner, "Kalle Kielto", email="k@example.fi", consent=False))
    record_encounter(make_customer(organization, owner, "Keijo Kielto", phone="040 222 3333", consent=False))
    record_encounter(make_customer(organization, owner, "Olli Osoitteeton"))
    record_encounter(make_customer(organization, owner, "Odotus Oy", email="o@example.fi"), send=False)
    answered(nps_survey, score=2, source="public_link")

    for url in (f"/o/aurinko/surveys/{nps_survey.pk}/", "/o/aurinko/surveys/"):
        html = owner_client.get(url).content.decode()
        assert "1 sent, 1 opened, 1 answered; 1 waiting; 3 not sent." in html
        assert "<li>No consent to ask for feedback: 2</li>" in html
        assert "<li>No e-mail address or phone number: 1</li>" in html
        assert "Asked too recently" not in html


def test_a_backend_that_cannot_wait_leaves_a_later_invitation_for_the_send_due_command(
    nps_survey, consenting, record_encounter
):
    """The immediate backend must not send early: the invitation waits until its time has come."""
    services.survey_update(survey=nps_survey, invitation_delay_minutes=120)

    record_encounter(consenting)

    invitation = _only_invitation(consenting)
    assert (invitation.status, mail.outbox) == ("scheduled", [])
    assert services.invitations_send_due() == 0
    assert services.invitations_send_due(now=invitation.scheduled_for) == 1
    invitation.refresh_from_db()
    assert invitation.status == "sent"
    assert [message.to for message in mail.outbox] == [[consenting.email]]
    assert services.invitations_send_due(now=invitation.scheduled_for) == 0  # never twice
