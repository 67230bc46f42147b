"""Events reach a real HTTP receiver: signed, retried through the task queue, logged, paused after
three days of failures, never for a rolled-back change and never for another organisation.

These tests commit for real (a transactional database), so `transaction.on_commit` runs as in
production; the retries run through django-tasks' database worker with the clock moved forward.
"""

import datetime
import json

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hymy.customers import services as customer_services
from hymy.surveys import services as survey_services
from hymy.tenancy.choices import Role
from hymy.webhooks import services
from hymy.webhooks.catalogue import EVENTS, event_register
from hymy.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

from .conftest import DATABASE_TASKS, run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def churn(customer, owner):
    return customer_services.customer_update(customer=customer, actor=owner, status="churned")


def keys(value):
    """The shape of a JSON value: its keys, recursively (lists by their first item)."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys(value[0])] if value else []
    return None


# --- Publishing -----------------------------------------------------------------------------------


def test_churning_a_customer_sends_a_signed_event_to_the_receiver(receiver, subscribe, customer, owner):
    subscription = subscribe(receiver, ["customer.churned"])
    customer_services.customer_update(customer=customer, actor=owner, external_id="C-1")

    churn(customer, owner)

    (request,) = receiver.requests
    customer.refresh_from_db()
    assert request.signature_valid
    assert request.path == "/hymy/webhook"
    assert request.headers["Hymy-Event"] == "customer.churned"
    assert request.headers["Content-Type"] == "application/json"
    assert request.json["id"] == request.headers["Hymy-Event-Id"]
    assert request.json["organization"] == "aurinko"
    assert request.json["data"] == {
        "customer": {"id": customer.pk, "external_id": "C-1", "churned_at": customer.churned_at.isoformat()}
    }
    delivery = WebhookDelivery.objects.get()
    assert (delivery.subscription, delivery.status, delivery.attempts, delivery.status_code) == (
        subscription, "delivered", 1, 200
    )  # fmt: skip
    assert delivery.response_body == '{"ok": true}'
    assert delivery.response_ms is not None


def test_other_changes_and_other_events_send_nothing(receiver, subscribe, customer, owner):
    subscribe(receiver, ["response.detractor"])
    churn(customer, owner)
    subscribe(receiver, ["customer.churned"])

    customer_services.customer_update(customer=customer, actor=owner, name="Maija Virtanen")

    assert receiver.requests == []


def test_an_event_from_a_rolled_back_transaction_sends_nothing(receiver, subscribe, customer, owner):
    subscribe(receiver, ["customer.churned"])

    with pytest.raises(RuntimeError), transaction.atomic():
        churn(customer, owner)
        raise RuntimeError("the rest of the change failed")

    customer.refresh_from_db()
    assert customer.status == "active"
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_a_subscription_of_another_organisation_never_receives_our_events(
    receiver, second_receiver, subscribe, customer, owner, other
):
    subscribe(receiver, ["customer.churned"])
    subscribe(second_receiver, ["customer.churned"], organization=other.organization)

    churn(customer, owner)

    assert receiver.events == ["customer.churned"]
    assert second_receiver.requests == []
    churn(other.customer, other.owner)
    assert second_receiver.events == ["customer.churned"]
    assert second_receiver.requests[0].json["organization"] == "kuu"
    assert len(receiver.requests) == 1


def test_a_paused_subscription_receives_nothing(receiver, subscribe, customer, owner, organization):
    subscription = subscribe(receiver, ["customer.churned"])
    actor = subscription.organization.memberships.get(role=Role.OWNER)
    services.subscription_status_set(subscription=subscription, actor=actor, status="paused")

    churn(customer, owner)

    assert receiver.requests == []


@pytest.fixture
def nps_survey(organization, counter):
    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter]
    )
    return survey


def test_a_completed_response_sends_created_and_a_low_nps_also_detractor(
    receiver, subscribe, nps_survey, counter, customer, owner
):
    subscribe(receiver, ["response.created", "response.detractor"])
    customer_services.customer_update(customer=customer, actor=owner, external_id="C-77")
    first = nps_survey.questions.first()
    response = survey_services.response_start(
        survey=nps_survey, source="staff", language="fi", customer=customer, touchpoint=counter
    )

    survey_services.response_submit_all(
        response=response, answers={first.pk: {"score": 3, "followup_text": "Jono oli pitkä."}}
    )

    assert receiver.events == ["response.created", "response.detractor"]
    assert all(request.signature_valid for request in receiver.requests)
    created, detractor = (request.json for request in receiver.requests)
    assert created["data"] == detractor["data"]
    assert created["id"] != detractor["id"]
    data = created["data"]["response"]
    assert (data["id"], data["nps"], data["comment"]) == (response.pk, 3, "Jono oli pitkä.")
    assert data["customer"] == {"id": customer.pk, "external_id": "C-77"}
    assert data["touchpoint"] == {"id": counter.pk, "name": "Kassa"}
    assert data["survey"] == {"id": nps_survey.pk, "name": nps_survey.name}
    assert data["answers"][0] == {
        "question_id": first.pk, "kind": "nps", "score": 3, "choices": [], "text": "",
        "followup_text": "Jono oli pitkä.",
    }  # fmt: skip
    # The documented example has exactly this shape.
    assert keys(created["data"]) == keys(EVENTS["response.created"].example)


def test_a_promoter_is_not_a_detractor_and_an_edit_is_not_a_new_response(
    receiver, subscribe, nps_survey, counter
):
    subscribe(receiver, ["response.created", "response.detractor"])
    first = nps_survey.questions.first()
    response = survey_services.response_start(
        survey=nps_survey, source="kiosk", language="fi", touchpoint=counter
    )

    survey_services.answer_save(response=response, question=first, score=9)
    survey_services.answer_save(response=response, question=first, score=2)

    assert receiver.events == ["response.created"]
    assert receiver.requests[0].json["data"]["response"]["customer"] is None


def test_churn_payload_matches_the_catalogue(receiver, subscribe, customer, owner):
    subscribe(receiver, ["customer.churned"])

    churn(customer, owner)

    assert keys(receiver.requests[0].json["data"]) == keys(EVENTS["customer.churned"].example)


def test_an_app_registers_a_new_event_in_one_place_and_publishes_with_one_call(
    receiver, subscribe, organization
):
    event_register("example.happened", description="A case was opened.", example={"case": {"id": 1}})
    try:
        subscribe(receiver, ["example.happened"])
        with transaction.atomic():
            services.event_publish(
                organization=organization, event="example.happened", payload={"case": {"id": 5}}
            )
        assert receiver.requests[0].json["data"] == {"case": {"id": 5}}
        with pytest.raises(ValueError, match="Unknown webhook event"):
            services.event_publish(organization=organization, event="example.unknown", payload={})
    finally:
        del EVENTS["example.happened"]


def test_a_payload_that_is_not_plain_json_is_refused_at_once(organization, customer):
    with pytest.raises(TypeError):
        services.event_publish(
            organization=organization, event="customer.churned", payload={"customer": customer}
        )


# --- Retries through the task queue -------------------------------------------------------------


def test_a_delivery_answered_500_is_retried_by_the_worker_and_succeeds(
    settings, receiver, subscribe, customer, owner, client_for
):
    settings.TASKS = DATABASE_TASKS
    receiver.answers = [500, 200]
    subscription = subscribe(receiver, ["customer.churned"])
    churn(customer, owner)
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "hymy.webhooks.tasks.webhook_deliver"

    run_worker()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 1, 500)
    assert delivery.response_body == "Internal trouble, try later"
    first_try = WebhookAttempt.objects.get().attempted_at
    assert delivery.next_attempt_at == first_try + datetime.timedelta(minutes=1)
    run_worker()  # not due yet: nothing happens
    assert len(receiver.requests) == 1

    with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1), tick=False):
        run_worker()

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("delivered", 2, 200)
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 200]
    first, second = receiver.requests
    assert first.signature_valid and second.signature_valid
    assert first.body == second.body
    assert first.headers["Hymy-Event-Id"] == second.headers["Hymy-Event-Id"]
    assert first.headers["Hymy-Signature"] != second.headers["Hymy-Signature"]
    # The owner sees both attempts in the delivery log.
    page = client_for(owner).get(f"/o/aurinko/webhooks/deliveries/{delivery.pk}/")
    assert [a.status_code for a in page.context["attempts"]] == [500, 200]
    subscription.refresh_from_db()
    assert subscription.failing_since is None


def test_a_subscription_failing_for_three_days_is_paused_and_its_maker_told(
    settings, receiver, subscribe, customer, owner, organization, smtp_inbox
):
    settings.TASKS = DATABASE_TASKS
    owner.language = "fi"
    owner.save()
    receiver.answers = [500] * 50
    subscription = subscribe(receiver, ["customer.churned"])
    start = timezone.now()

    with time_machine.travel(start, tick=False) as clock:
        churn(customer, owner)
        run_worker()
        delivery = WebhookDelivery.objects.get()
        while delivery.status == "pending":
            clock.move_to(delivery.next_attempt_at)
            run_worker()
            delivery.refresh_from_db()
            subscription.refresh_from_db()
            if subscription.status == "active":
                assert timezone.now() - subscription.failing_since < datetime.timedelta(days=3)

    times = [a.attempted_at - start for a in delivery.attempt_log.all()]
    assert [round(t.total_seconds() / 60) for t in times] == [0, 1, 6, 36, 156, 516, 1236, 2676, 4116, 5556]
    subscription.refresh_from_db()
    assert subscription.status == "paused"
    assert subscription.paused_by is None
    assert delivery.status == "failed"
    assert len(receiver.requests) == 10
    (email,) = smtp_inbox.messages
    assert email["To"] == owner.email
    assert email["Subject"] == "Hymy keskeytti organisaation Kahvila Aurinko webhookin"
    body = email.get_content()
    assert f"Toimitukset osoitteeseen {subscription.url} ovat epäonnistuneet kolmen päivän ajan" in body
    assert f"http://127.0.0.1:8000/o/aurinko/webhooks/{subscription.pk}/" in body
    # Paused: a new event is not sent at all.
    customer_services.customer_update(customer=customer, actor=owner, status="active")
    churn(customer, owner)
    run_worker()
    assert len(receiver.requests) == 10


def test_one_success_in_between_starts_the_three_days_afresh(settings, receiver, subscribe, customer, owner):
    settings.TASKS = DATABASE_TASKS
    receiver.answers = [500, 500, 200, 500]
    subscription = subscribe(receiver, ["customer.churned"])

    churn(customer, owner)
    run_worker()
    subscription.refresh_from_db()
    assert subscription.failing_since is not None
    delivery = WebhookDelivery.objects.get()
    for _attempt in range(2):
        with time_machine.travel(delivery.next_attempt_at, tick=False):
            run_worker()
        delivery.refresh_from_db()

    subscription.refresh_from_db()
    assert delivery.status == "delivered"
    assert subscription.failing_since is None


def test_without_a_waiting_backend_the_send_due_command_makes_the_retry(receiver, subscribe, customer, owner):
    """The immediate backend cannot wait; the retry stays in the database until it is due."""
    from django.core.management import call_command

    receiver.answers = [503]
    subscribe(receiver, ["customer.churned"])
    churn(customer, owner)
    delivery = WebhookDelivery.objects.get()
    call_command("webhooks_send_due", verbosity=0)
    assert len(receiver.requests) == 1

    with time_machine.travel(delivery.next_attempt_at, tick=False):
        call_command("webhooks_send_due", verbosity=0)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_a_task_that_runs_twice_sends_once(receiver, subscribe, customer, owner):
    from hymy.webhooks.tasks import webhook_deliver

    subscribe(receiver, ["customer.churned"])
    churn(customer, owner)
    delivery = WebhookDelivery.objects.get()

    webhook_deliver.enqueue(delivery.pk, 1)

    assert len(receiver.requests) == 1
    assert WebhookAttempt.objects.count() == 1


def test_a_receiver_that_is_down_is_a_failed_attempt_with_the_reason(subscribe, customer, owner, receiver):
    subscribe(receiver, ["customer.churned"])
    receiver.stop()

    churn(customer, owner)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 1, None)
    assert delivery.error
    assert delivery.next_attempt_at is not None


def test_the_test_event_and_redeliver(receiver, subscribe, organization, customer, owner):
    subscription = subscribe(receiver, ["customer.churned"])
    actor = organization.memberships.get(role=Role.OWNER)
    receiver.answers = [500]

    test = services.subscription_test_send(subscription=subscription, actor=actor)
    assert (test.status, test.status_code, test.next_attempt_at) == ("failed", 500, None)
    assert receiver.requests[0].json["data"] == {
        "message": "This is a test event from Hymy.", "subscription_id": subscription.pk
    }  # fmt: skip
    subscription.refresh_from_db()
    assert subscription.failing_since is None  # a test does not count towards pausing

    again = services.delivery_redeliver(delivery=test, actor=actor)

    assert (again.status, again.attempts) == ("delivered", 2)
    assert [r.headers["Hymy-Event-Id"] for r in receiver.requests] == [test.event_id] * 2
    assert all(r.signature_valid for r in receiver.requests)


def test_a_rotated_secret_signs_the_next_delivery(receiver, subscribe, organization, customer, owner):
    subscription = subscribe(receiver, ["customer.churned"])
    actor = organization.memberships.get(role=Role.OWNER)
    old = subscription.secret

    new = services.subscription_secret_rotate(subscription=subscription, actor=actor)
    churn(customer, owner)

    assert new != old and new.startswith("whsec_")
    assert not receiver.requests[0].signature_valid  # the receiver still has the old secret
    receiver.secret = new
    assert receiver.verify(receiver.requests[0].body, receiver.requests[0].headers["Hymy-Signature"], new)
    assert WebhookSubscription.objects.get().secret == new


def test_an_address_that_turns_private_after_saving_is_not_contacted(
    settings, receiver, subscribe, customer, owner
):
    subscribe(receiver, ["customer.churned"])
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False

    churn(customer, owner)

    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []
    # In the organisation's language (Kahvila Aurinko's is Finnish).
    assert delivery.error == "Käytä https://-osoitetta, jotta kukaan ei voi lukea tapahtumia matkalla."
    assert json.loads(delivery.payload)["type"] == "customer.churned"


def test_a_receiver_slower_than_the_timeout_is_a_failed_attempt(
    settings, receiver, subscribe, customer, owner
):
    settings.WEBHOOKS_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    subscribe(receiver, ["customer.churned"])

    churn(customer, owner)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.status_code) == ("pending", 1, None)
    assert "timed out" in delivery.error


def test_any_answer_body_is_kept_as_a_short_excerpt(receiver, subscribe, customer, owner):
    receiver.answer_body = b"\x00\xff" + b"x" * 5000
    subscribe(receiver, ["customer.churned"])

    churn(customer, owner)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"
    assert len(delivery.response_body) == 1000
    assert delivery.response_body.startswith("\ufffd\ufffdxxx")
