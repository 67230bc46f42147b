"""The personal data of the imports app (see hymy/privacy/registry.py).

A rejected row keeps the file's values so the user can fix and re-import it; an import record keeps an
updated customer's previous values for undo. Both are deleted when the customer is erased.
"""

from django.db.models import Q

from hymy.privacy.registry import DELETE, ERASE, not_personal, personal_data

from .models import ImportJob, ImportMapping, ImportRecord, ImportRejection


def _rows_mentioning(customer) -> Q:
    condition = Q(pk__in=[])
    for value in (customer.email, customer.phone, customer.external_id):
        if value:
            condition |= Q(values__icontains=value)
    return condition


not_personal(ImportMapping, fields=["fields"], reason="Which column goes to which field.")
not_personal(
    ImportJob,
    fields=["file_name", "headers", "mapping", "match_by", "failure"],
    reason="The file's name, its column headings and the choices made for the import.",
)
personal_data(
    ImportRejection,
    customer_filter=_rows_mentioning,
    fields={"values": ERASE, "problems": ERASE},
    on_erase=DELETE,
)
personal_data(
    ImportRecord,
    customer_filter=lambda customer: Q(model="customer", object_id=customer.pk),
    fields={"previous": ERASE},
    on_erase=DELETE,
)
