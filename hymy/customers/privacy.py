"""The personal data of the customers app (see hymy/privacy/registry.py for what the words mean)."""

from django.db.models import Q

from hymy.privacy.registry import DELETE, ERASE, KEEP, REPLACE, not_personal, personal_data

from .models import (
    Customer,
    CustomerChange,
    CustomerMerge,
    DetailsUpdateRequest,
    DuplicateDismissal,
    Encounter,
    Note,
    Purchase,
    Tag,
)

# The customer row stays, anonymised, so that its purchases, encounters, invitations and responses
# keep counting in the figures; everything that names or reaches the person is removed.
# Tags stay: they are the organisation's own segment labels ("yritysasiakas", "VIP"), shared by many
# customers and naming no one once the name and contact details are gone, and keeping them keeps the
# tag cut of the figures unchanged. Custom attributes go: they are free-form and may identify the
# person (a birthday, a membership number), so an attribute cut loses an erased customer.
personal_data(
    Customer,
    customer_paths=[""],
    fields={
        "name": REPLACE,
        "email": ERASE,
        "phone": ERASE,
        "external_id": ERASE,
        "company": ERASE,
        "needs_and_wishes": ERASE,
        "attributes": ERASE,
        "tags": KEEP,
        "owner": ERASE,
        "survey_consent": ERASE,
        "survey_consent_at": ERASE,
        "survey_consent_source": ERASE,
        "marketing_consent": ERASE,
        "marketing_consent_at": ERASE,
        "marketing_consent_source": ERASE,
        "verified_at": ERASE,
        "language": KEEP,
        "kind": KEEP,
        "status": KEEP,
        "churned_at": KEEP,
    },
)
# The change history holds old names and addresses: it goes with the person.
personal_data(CustomerChange, customer_paths=["customer"], fields={"changes": ERASE}, on_erase=DELETE)
personal_data(Note, customer_paths=["customer"], fields={"body": ERASE}, on_erase=DELETE)
personal_data(
    Encounter,
    customer_paths=["customer"],
    fields={"summary": ERASE, "customer": KEEP},
)
personal_data(
    Purchase,
    customer_paths=["customer"],
    # Items are the organisation's products and prices, not about the person.
    fields={"external_id": ERASE, "items": KEEP, "customer": KEEP},
)
personal_data(
    CustomerMerge,
    customer_paths=["kept"],
    customer_filter=lambda customer: Q(absorbed_pk=customer.pk),
    fields={"absorbed": ERASE, "kept_before": ERASE, "moved": ERASE, "tags_added": ERASE},
    on_erase=DELETE,
)
personal_data(DuplicateDismissal, customer_paths=["first", "second"], fields={}, on_erase=DELETE)
personal_data(DetailsUpdateRequest, customer_paths=["customer"], fields={"sent_to": ERASE}, on_erase=DELETE)
not_personal(Tag, fields=["name"], reason="A label shared by many customers, such as 'VIP'.")
