"""What the cases tell other systems through webhooks: `case.created`, `case.sla_breached` and
`case.resolved` (registered in hymy/webhooks/catalogue.py, documented in docs/webhooks.md).

The payload is stable, documented JSON: the case's number, kind, status, priority, the ids of its
customer, touchpoint and partner, its due times and timestamps. Never the customer's words, contact
details or the internal notes: a receiver that needs them reads the case from the API by its id.
"""

import datetime

from hymy.webhooks import services as webhook_services

from .models import Case

CASE_EVENTS = {"case.created", "case.sla_breached", "case.resolved"}


def _moment(value: datetime.datetime | None) -> str | None:
    """In UTC, as every payload gives its moments (a due time computed in local time would not be)."""
    return value.astimezone(datetime.UTC).isoformat() if value is not None else None


def case_payload(case: Case) -> dict:
    return {
        "case": {
            "id": case.pk,
            "number": case.number,
            "kind": case.kind,
            "status": case.status,
            "priority": case.priority,
            "channel": case.channel,
            "customer": (
                {"id": case.customer_id, "external_id": case.customer.external_id}
                if case.customer_id
                else None
            ),
            "touchpoint": (
                {"id": case.touchpoint_id, "name": case.touchpoint.name} if case.touchpoint_id else None
            ),
            "partner": {"id": case.partner_id, "name": case.partner.name} if case.partner_id else None,
            "created_at": _moment(case.created_at),
            "first_response_due_at": _moment(case.first_response_due_at),
            "resolution_due_at": _moment(case.resolution_due_at),
            "first_responded_at": _moment(case.first_responded_at),
            "resolved_at": _moment(case.resolved_at),
            "closed_at": _moment(case.closed_at),
        }
    }


def case_event_publish(*, case: Case, event: str, breach: dict | None = None) -> None:
    """Publish `event` about the case when the current transaction commits (nothing if rolled back).

    One query when nobody listens, which is most of the time (the SLA check runs every few minutes).
    """
    if not webhook_services.subscribers_exist(organization_id=case.organization_id, events={event}):
        return
    payload = case_payload(case)
    if breach is not None:
        payload["breach"] = {
            key: _moment(value) if isinstance(value, datetime.datetime) else value
            for key, value in breach.items()
        }
    webhook_services.event_publish(organization=case.organization, event=event, payload=payload)
