"""The personal data of the surveys app (see hymy/privacy/registry.py)."""

from django.db.models import Q

from hymy.privacy.registry import DELETE, ERASE, KEEP, KEEP_LINK, RESPONSES, not_personal, personal_data

from .models import (
    Answer,
    ContactPolicy,
    Invitation,
    KioskDevice,
    OutboxMessage,
    Question,
    Response,
    Survey,
    WebWidget,
)

# Invitations stay (the response rate counts them) on the anonymised customer row.
personal_data(
    Invitation, customer_paths=["customer"], fields={"error": ERASE, "customer": KEEP, "token": KEEP}
)
# Responses stay for the figures, free text scrubbed, scores kept. Erasing the customer keeps them on
# the anonymous shell (KEEP_LINK), so the figures computed through the customer — the tag cut, the NPS
# of stayers and leavers — do not change; retention cuts the link, as the customer still names someone.
personal_data(
    Response,
    customer_paths=["customer"],
    fields={"customer": KEEP_LINK, "respondent_key": ERASE, "idempotency_key": KEEP, "token": KEEP},
    retention=(RESPONSES, "started_at"),
)
personal_data(
    Answer,
    customer_paths=["response__customer"],
    fields={"text": ERASE, "followup_text": ERASE, "choices": KEEP},
    retention=(RESPONSES, "response__started_at"),
)


def _messages_to(customer) -> Q:
    """Messages sent for the customer's invitations, and any message to their address."""
    addresses = [address for address in (customer.email, customer.phone) if address]
    condition = Q(invitation__customer=customer)
    if addresses:
        condition |= Q(recipient__in=addresses)
    return condition


personal_data(
    OutboxMessage,
    customer_filter=_messages_to,
    fields={"recipient": ERASE, "subject": ERASE, "body_text": ERASE, "body_html": ERASE, "error": ERASE},
    on_erase=DELETE,
)
not_personal(Survey, fields=["name", "title", "intro", "thank_you"], reason="The organisation's own texts.")
not_personal(
    Question,
    fields=["text", "choices", "low_label", "high_label", "followup_text"],
    reason="The survey's questions, written by the organisation.",
)
not_personal(ContactPolicy, fields=[], reason="Numbers and times only.")
not_personal(KioskDevice, fields=["name"], reason="A device's name, e.g. 'Tablet by the till'.")
not_personal(
    WebWidget, fields=["name", "allowed_origins"], reason="A widget's name and the websites it runs on."
)
