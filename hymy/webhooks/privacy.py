"""The personal data of the webhooks app (see hymy/privacy/registry.py).

A delivery's payload names a customer only by id (and may quote their comment); erasing the customer
deletes the deliveries about them and their attempts. Receivers' answers are the receiver's text.
"""

from django.db.models import Q

from hymy.privacy.registry import DELETE, ERASE, not_personal, personal_data

from .models import WebhookAttempt, WebhookDelivery, WebhookSubscription


def _payload_about(customer, prefix: str = "") -> Q:
    # Payloads are compact JSON (hymy/webhooks/services.py `_body`): {"customer":{"id":12,...}}.
    return Q(**{f"{prefix}payload__contains": f'"customer":{{"id":{customer.pk},'})


not_personal(
    WebhookSubscription, fields=["description", "events"], reason="An integration's name and its events."
)
personal_data(
    WebhookDelivery,
    customer_filter=_payload_about,
    fields={"payload": ERASE, "response_body": ERASE},
    on_erase=DELETE,
)
personal_data(
    WebhookAttempt,
    customer_filter=lambda customer: _payload_about(customer, "delivery__"),
    fields={"response_body": ERASE},
    on_erase=DELETE,
)
