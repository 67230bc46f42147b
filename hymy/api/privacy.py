"""The personal data of the API app (see hymy/privacy/registry.py).

An idempotency record keeps the first answer to a request so that a retry gets the same answer; that
answer can describe a customer, so erasing the customer deletes the records that mention them.
"""

from django.db.models import Q

from hymy.privacy.registry import DELETE, ERASE, KEEP, personal_data

from .models import IdempotentRequest


def _answers_mentioning(customer) -> Q:
    condition = Q(pk__in=[])
    for value in (customer.email, customer.phone, customer.external_id):
        if value:
            condition |= Q(body__contains=value)
    return condition


personal_data(
    IdempotentRequest,
    customer_filter=_answers_mentioning,
    fields={"body": ERASE, "body_digest": KEEP},
    on_erase=DELETE,
)
