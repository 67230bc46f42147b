"""Every write of webhooks: subscriptions, publishing events, and delivering them with retries.

An event is published inside the transaction that made the change; the deliveries are created only
when that transaction commits, so nothing is ever sent about a change that was rolled back. Each
delivery is one task per attempt on the task queue; a failed attempt queues the next one after the
back-off in RETRY_DELAYS. A subscription whose deliveries have failed for PAUSE_AFTER is paused and
the person who made it is told by e-mail.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hymy.tenancy.choices import Role
from hymy.tenancy.models import Membership, Organization
from hymy.tenancy.permissions import MANAGE_WEBHOOKS

from .addresses import connection_for, url_check
from .catalogue import EVENTS, TEST_EVENT, event_get
from .choices import DeliveryStatus, SubscriptionStatus
from .models import WebhookAttempt, WebhookDelivery, WebhookSubscription, new_event_id, new_secret

# The wait before each retry: the second attempt comes 1 minute after the first, and so on.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
    datetime.timedelta(hours=12),
    datetime.timedelta(hours=24),
    datetime.timedelta(hours=24),
    datetime.timedelta(hours=24),
]
PAUSE_AFTER = datetime.timedelta(days=3)
RESPONSE_EXCERPT_BYTES = 1000
USER_AGENT = "Hymy-Webhooks/1.0"


# --- Signing --------------------------------------------------------------------------------------


def signature_header(*, secret: str, body: bytes, timestamp: int) -> str:
    """`t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as docs/webhooks.md tells receivers."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def _body(envelope: dict) -> str:
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


# --- Subscriptions --------------------------------------------------------------------------------


def _require(actor: Membership, subscription: WebhookSubscription | None = None) -> None:
    if not actor.can(MANAGE_WEBHOOKS):
        raise PermissionDenied
    if subscription is not None and subscription.organization_id != actor.organization_id:
        raise PermissionDenied


def _clean(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = (url or "").strip()
    errors = {}
    try:
        url_check(url, resolve=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    subscribable = [name for name, event in EVENTS.items() if event.subscribable]
    chosen = [name for name in subscribable if name in set(events or [])]
    if not chosen or len(chosen) != len(set(events or [])):
        errors["events"] = [_("Choose at least one event from the list.")]
    if errors:
        raise ValidationError(errors)
    # The host must resolve now too, so a typing error is caught while the form is open.
    url_check(url)
    return url, chosen


def subscription_create(
    *, organization: Organization, actor: Membership, url: str, events: list[str], description: str = ""
) -> WebhookSubscription:
    _require(actor)
    url, events = _clean(url, events)
    subscription = WebhookSubscription(
        organization=organization,
        url=url,
        events=events,
        description=description.strip(),
        created_by=actor.user,
    )
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_update(
    *,
    subscription: WebhookSubscription,
    actor: Membership,
    url: str,
    events: list[str],
    description: str = "",
) -> WebhookSubscription:
    _require(actor, subscription)
    subscription.url, subscription.events = _clean(url, events)
    subscription.description = description.strip()
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_status_set(*, subscription: WebhookSubscription, actor: Membership, status: str) -> None:
    """Pause or resume by hand. Resuming starts the failure count afresh; pausing stops the retries."""
    _require(actor, subscription)
    if status == SubscriptionStatus.ACTIVE:
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            status=SubscriptionStatus.ACTIVE, paused_at=None, paused_by=None, failing_since=None
        )
    elif status == SubscriptionStatus.PAUSED:
        _pause(subscription, by=actor.user)
    else:
        raise ValidationError({"status": _("Choose active or paused.")})
    subscription.refresh_from_db()


def _pause(subscription: WebhookSubscription, *, by=None) -> None:
    now = timezone.now()
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            status=SubscriptionStatus.PAUSED, paused_at=now, paused_by=by
        )
        subscription.deliveries.filter(status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, error=_("The subscription was paused.")
        )


def subscription_delete(*, subscription: WebhookSubscription, actor: Membership) -> None:
    _require(actor, subscription)
    subscription.delete()


def subscription_secret_rotate(*, subscription: WebhookSubscription, actor: Membership) -> str:
    """A new signing secret, used from the next attempt on; the old one stops working at once."""
    _require(actor, subscription)
    subscription.secret = new_secret()
    subscription.secret_rotated_at = timezone.now()
    subscription.save(update_fields=["secret", "secret_rotated_at", "updated_at"])
    return subscription.secret


# --- Publishing -----------------------------------------------------------------------------------


def _envelope(organization: Organization, event: str, payload: dict, event_id: str) -> dict:
    return {
        "id": event_id,
        "type": event,
        "created_at": timezone.now().isoformat(),
        "organization": organization.slug,
        "data": payload,
    }


def event_publish(*, organization: Organization, event: str, payload: dict) -> None:
    """Tell the organisation's subscribers that `event` happened, once the current transaction commits.

    `payload` is the event's `data`: plain JSON (ids and text, never model objects), shaped like the
    catalogue's example. Nothing is sent if the transaction is rolled back.
    """
    event_get(event)
    # Serialised now: a payload that is not plain JSON is a programming error, found here and not later.
    body = _body(_envelope(organization, event, payload, new_event_id()))
    # robust: a webhook that cannot be queued must never turn the caller's committed change into an error.
    transaction.on_commit(
        lambda: _deliveries_create(organization_id=organization.pk, event=event, body=body), robust=True
    )


def subscribers_exist(*, organization_id: int, events: set[str]) -> bool:
    """Whether any active subscription wants one of `events`: lets a caller skip building a payload."""
    subscriptions = WebhookSubscription.objects.filter(
        organization_id=organization_id, status=SubscriptionStatus.ACTIVE
    )
    return any(events & set(events_of) for events_of in subscriptions.values_list("events", flat=True))


def _deliveries_create(*, organization_id: int, event: str, body: str) -> list[WebhookDelivery]:
    event_id = json.loads(body)["id"]
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(
            organization_id=organization_id, status=SubscriptionStatus.ACTIVE
        )
        if event in subscription.events
    ]
    deliveries = []
    with transaction.atomic():
        for subscription in subscriptions:
            deliveries.append(
                WebhookDelivery.objects.create(
                    organization_id=organization_id,
                    subscription=subscription,
                    event_id=event_id,
                    event=event,
                    payload=body,
                    next_attempt_at=timezone.now(),
                )
            )
        for delivery in deliveries:
            transaction.on_commit(
                lambda delivery=delivery: _enqueue(delivery.pk, 1, delivery.next_attempt_at), robust=True
            )
    return deliveries


def _enqueue(delivery_id: int, attempt: int, when: datetime.datetime) -> None:
    """Queue attempt number `attempt` to run at `when`.

    A backend that cannot wait (the immediate one) runs only what is due now; a later retry stays in
    the database and `deliveries_send_due` (the `webhooks_send_due` command) sends it when it is due.
    """
    from .tasks import webhook_deliver

    if when <= timezone.now():
        webhook_deliver.enqueue(delivery_id, attempt)
    elif webhook_deliver.get_backend().supports_defer:
        webhook_deliver.using(run_after=when).enqueue(delivery_id, attempt)


def subscription_test_send(*, subscription: WebhookSubscription, actor: Membership) -> WebhookDelivery:
    """Send the test event to this subscription now (also when it is paused); one attempt, no retries."""
    _require(actor, subscription)
    payload = {"message": "This is a test event from Hymy.", "subscription_id": subscription.pk}
    delivery = WebhookDelivery.objects.create(
        organization_id=subscription.organization_id,
        subscription=subscription,
        event=TEST_EVENT,
        payload=_body(_envelope(subscription.organization, TEST_EVENT, payload, new_event_id())),
        next_attempt_at=timezone.now(),
    )
    delivery_attempt(delivery_id=delivery.pk, attempt=1)
    delivery.refresh_from_db()
    return delivery


def delivery_redeliver(*, delivery: WebhookDelivery, actor: Membership) -> WebhookDelivery:
    """Send a delivered or failed delivery again now, with the same body and event id (one attempt)."""
    _require(actor, delivery.subscription)
    if delivery.status == DeliveryStatus.PENDING:
        raise ValidationError(_("This delivery is still being retried; wait for it to finish."))
    attempt = delivery.attempts + 1
    updated = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), error=""
    )
    if updated:
        delivery_attempt(delivery_id=delivery.pk, attempt=attempt, retry=False)
    delivery.refresh_from_db()
    return delivery


# --- Delivering -----------------------------------------------------------------------------------


def _post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> dict:
    """One signed POST; returns what happened, never raises for the receiver's or network's faults."""
    body = delivery.payload.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Hymy-Event": delivery.event,
        "Hymy-Event-Id": delivery.event_id,
        "Hymy-Delivery": str(delivery.pk),
        "Hymy-Signature": signature_header(secret=subscription.secret, body=body, timestamp=int(time.time())),
    }
    result = {"status_code": None, "response_ms": None, "response_body": "", "error": ""}
    try:
        connection, path = connection_for(subscription.url, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)
    except ValidationError as error:
        result["error"] = " ".join(error.messages)
        return result
    started = time.monotonic()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        # PostgreSQL refuses NUL characters in text, and a receiver may answer anything.
        excerpt = response.read(RESPONSE_EXCERPT_BYTES).decode("utf-8", "replace")
        result["response_body"] = excerpt.replace("\x00", "\ufffd")
        result["status_code"] = response.status
    except (OSError, http.client.HTTPException) as error:
        result["error"] = (str(error) or type(error).__name__).replace("\x00", "")[:500]
    finally:
        result["response_ms"] = round((time.monotonic() - started) * 1000)
        connection.close()
    return result


def delivery_attempt(*, delivery_id: int, attempt: int, retry: bool = True) -> str:
    """Make attempt number `attempt` of a delivery, record it, and queue the next one if it failed.

    The attempt is claimed by a conditional update first, so a task that runs twice, or late after a
    redelivery, sends nothing. No transaction is held open during the request. The log's messages are
    written in the organisation's language, whoever or whatever makes the attempt.
    """
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, attempts=attempt - 1
    ).update(attempts=attempt)
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("subscription", "organization").get(pk=delivery_id)
    with translation.override(delivery.organization.default_language or settings.LANGUAGE_CODE):
        return _attempt(delivery, attempt=attempt, retry=retry)


def _attempt(delivery: WebhookDelivery, *, attempt: int, retry: bool) -> str:
    delivery_id = delivery.pk
    subscription = delivery.subscription
    is_test = delivery.event == TEST_EVENT
    if not subscription.is_active and not is_test:
        WebhookDelivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, error=_("The subscription was paused.")
        )
        return DeliveryStatus.FAILED

    attempted_at = timezone.now()
    result = _post(subscription, delivery)
    succeeded = result["status_code"] is not None and 200 <= result["status_code"] < 300
    now = timezone.now()
    with transaction.atomic():
        WebhookAttempt.objects.create(
            organization_id=delivery.organization_id,
            delivery=delivery,
            number=attempt,
            attempted_at=attempted_at,
            succeeded=succeeded,
            **result,
        )
        fields = {**result, "next_attempt_at": None}
        if succeeded:
            fields.update(status=DeliveryStatus.DELIVERED, delivered_at=now)
            if not is_test and subscription.failing_since is not None:
                WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since=None)
        elif retry and not is_test and attempt <= len(RETRY_DELAYS):
            fields["next_attempt_at"] = attempted_at + RETRY_DELAYS[attempt - 1]
        else:
            fields["status"] = DeliveryStatus.FAILED
        WebhookDelivery.objects.filter(pk=delivery_id).update(**fields)
        if not succeeded and retry and not is_test:
            if _failing_too_long(subscription, since=attempted_at):
                return DeliveryStatus.FAILED
        if fields["next_attempt_at"] is not None:
            transaction.on_commit(
                lambda: _enqueue(delivery_id, attempt + 1, fields["next_attempt_at"]), robust=True
            )
    return fields.get("status", DeliveryStatus.PENDING)


def _failing_too_long(subscription: WebhookSubscription, *, since: datetime.datetime) -> bool:
    """Note the failure; pause the subscription (and tell its owner) once it has failed for PAUSE_AFTER."""
    WebhookSubscription.objects.filter(pk=subscription.pk, failing_since__isnull=True).update(
        failing_since=since
    )
    subscription.refresh_from_db(fields=["failing_since", "status"])
    if not subscription.is_active or timezone.now() - subscription.failing_since < PAUSE_AFTER:
        return False
    _pause(subscription)
    transaction.on_commit(lambda: _owner_tell(subscription.pk), robust=True)
    return True


def _owner_tell(subscription_id: int) -> None:
    from .tasks import subscription_paused_notify

    subscription_paused_notify.enqueue(subscription_id)


def deliveries_send_due(*, now: datetime.datetime | None = None) -> int:
    """Make every retry whose time has come; the safety net beside the task queue (run it from cron)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    tried = 0
    for delivery_id, attempts in due.values_list("pk", "attempts").iterator():
        delivery_attempt(delivery_id=delivery_id, attempt=attempts + 1)
        tried += 1
    return tried


def paused_notice_recipients(subscription: WebhookSubscription) -> list:
    """Who hears that a subscription was paused: its maker if still allowed to manage it, else the owners."""
    members = Membership.objects.filter(organization_id=subscription.organization_id).select_related("user")
    maker = next(
        (m for m in members if m.user_id == subscription.created_by_id and m.can(MANAGE_WEBHOOKS)), None
    )
    if maker is not None:
        return [maker.user]
    return [m.user for m in members if m.role == Role.OWNER]
