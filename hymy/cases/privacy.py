"""The personal data of the cases app (see hymy/privacy/registry.py).

Cases stay for the operations figures and the recovery report, with every word the customer or the
team wrote about them scrubbed. Erasing the customer keeps a case on the anonymous shell (KEEP_LINK), so
the recovery report still follows that customer's churn, purchases and NPS after the case; retention
cuts the link. Their messages' texts are scrubbed the same
way; attachments (the customer's files) are deleted, the file with its row (see `signals.py`).
"""

from hymy.privacy.registry import CASES, DELETE, ERASE, KEEP, KEEP_LINK, REPLACE, not_personal, personal_data

from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CasePromise,
    CaseSettings,
    InboundMailbox,
    ReplyTemplate,
    RoutingRule,
    SlaBreach,
    SlaPolicy,
    Team,
)

personal_data(
    Case,
    customer_paths=["customer"],
    fields={
        "title": REPLACE,
        "description": ERASE,
        "resolution": ERASE,
        "customer": KEEP_LINK,
        "contact_email": ERASE,
        # The policy's snapshot and the mail thread's id say nothing about the person.
        "sla_policy": KEEP,
        "thread_message_id": KEEP,
    },
    retention=(CASES, "created_at"),
)
personal_data(
    CaseEvent,
    customer_paths=["case__customer"],
    fields={"body": ERASE, "data": ERASE, "message_id": KEEP},
    retention=(CASES, "case__created_at"),
)
personal_data(
    CaseAttachment,
    customer_paths=["case__customer"],
    fields={"name": ERASE, "file": ERASE},
    on_erase=DELETE,
    retention=(CASES, "case__created_at"),
)
personal_data(
    CasePromise,
    customer_paths=["case__customer"],
    fields={"text": ERASE},
    retention=(CASES, "case__created_at"),
)
not_personal(SlaBreach, fields=[], reason="Deadlines and priorities only.")
not_personal(Team, fields=["name"], reason="A team's name.")
not_personal(CaseSettings, fields=["opening_hours"], reason="The organisation's opening hours.")
not_personal(SlaPolicy, fields=["name"], reason="A policy's name.")
not_personal(RoutingRule, fields=["name", "words"], reason="The organisation's routing rules.")
not_personal(ReplyTemplate, fields=["name", "body"], reason="The organisation's reply templates.")
not_personal(
    InboundMailbox,
    fields=["address", "username", "last_error"],
    reason="The organisation's own service mailbox and its login, not a person's.",
)
