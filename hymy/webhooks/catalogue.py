"""The events Hymy can send out, in one place.

An app that has something to tell adds one `event_register(...)` here, with a description for the
subscription form and an example of its `data`; then it publishes with one call,
`hymy.webhooks.services.event_publish(organization=…, event=…, payload=…)`, inside the transaction
that made the change. docs/webhooks.md lists the same events (a test keeps the two in step).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class WebhookEvent:
    name: str
    description: Promise | str
    # An example of the event's `data`, exactly as a real one is shaped (tests compare the keys).
    example: dict = field(default_factory=dict)
    # False for events that are not chosen in the form but sent on demand (the test event).
    subscribable: bool = True


EVENTS: dict[str, WebhookEvent] = {}


def event_register(name: str, *, description, example: dict, subscribable: bool = True) -> WebhookEvent:
    if name in EVENTS:
        raise ValueError(f"The webhook event {name!r} is registered twice.")
    EVENTS[name] = WebhookEvent(
        name=name, description=description, example=example, subscribable=subscribable
    )
    return EVENTS[name]


def event_get(name: str) -> WebhookEvent:
    try:
        return EVENTS[name]
    except KeyError:
        raise ValueError(
            f"Unknown webhook event {name!r}: register it in hymy/webhooks/catalogue.py."
        ) from None


def event_choices() -> list[tuple[str, str]]:
    """The events a subscription may choose, for forms: (name, "name — description")."""
    return [(event.name, event.description) for event in EVENTS.values() if event.subscribable]


# --- The catalogue ------------------------------------------------------------------------------

TEST_EVENT = "webhook.test"

_RESPONSE_EXAMPLE = {
    "response": {
        "id": 4711,
        "survey": {"id": 12, "name": "NPS after a purchase"},
        "touchpoint": {"id": 3, "name": "Kamppi shop"},
        "customer": {"id": 981, "external_id": "C-10042"},
        "source": "invitation",
        "channel": "email",
        "language": "fi",
        "started_at": "2026-11-24T10:15:02+00:00",
        "nps": 4,
        "comment": "The queue was long.",
        "answers": [
            {
                "question_id": 31,
                "kind": "nps",
                "score": 4,
                "choices": [],
                "text": "",
                "followup_text": "The queue was long.",
            }
        ],
    }
}

event_register(
    "response.created",
    description=_("A survey response was completed (all required questions answered)."),
    example=_RESPONSE_EXAMPLE,
)
event_register(
    "response.detractor",
    description=_("A completed response gave a Net Promoter Score of 0–6."),
    example=_RESPONSE_EXAMPLE,
)
event_register(
    "customer.churned",
    description=_("A customer's status was changed to churned."),
    example={"customer": {"id": 981, "external_id": "C-10042", "churned_at": "2026-11-24T10:15:02+00:00"}},
)
_CASE_EXAMPLE = {
    "case": {
        "id": 3120,
        "number": 412,
        "kind": "complaint",
        "status": "new",
        "priority": "high",
        "channel": "api",
        "customer": {"id": 981, "external_id": "C-10042"},
        "touchpoint": {"id": 3, "name": "Kamppi shop"},
        "partner": None,
        "created_at": "2026-11-24T10:15:02+00:00",
        "first_response_due_at": "2026-11-24T14:15:02+00:00",
        "resolution_due_at": "2026-11-26T10:15:02+00:00",
        "first_responded_at": None,
        "resolved_at": None,
        "closed_at": None,
    }
}

event_register(
    "case.created",
    description=_("A case was opened (by staff, from a survey answer, the feedback page, e-mail or the API)."),
    example=_CASE_EXAMPLE,
)
event_register(
    "case.sla_breached",
    description=_("A case missed a deadline: its first response, its resolution or a promise to the customer."),
    example={
        **_CASE_EXAMPLE,
        "breach": {
            "target": "first_response",
            "due_at": "2026-11-24T14:15:02+00:00",
            "breached_at": "2026-11-24T14:16:00+00:00",
        },
    },
)
event_register(
    "case.resolved",
    description=_("A case was marked resolved."),
    example={
        "case": {
            **_CASE_EXAMPLE["case"],
            "status": "resolved",
            "first_responded_at": "2026-11-24T11:02:40+00:00",
            "resolved_at": "2026-11-25T09:30:00+00:00",
        }
    },
)
event_register(
    TEST_EVENT,
    description=_("A test sent from Hymy's webhook page."),
    example={"message": "This is a test event from Hymy.", "subscription_id": 7},
    subscribable=False,
)
