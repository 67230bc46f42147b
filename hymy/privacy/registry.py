"""Which fields hold personal data, declared once per model, in each app's `privacy.py`.

One declaration drives the customer's data export, the erasure and the retention anonymisation, so a
personal field cannot be forgotten by one of them; `tests/privacy/test_declarations.py` walks every
model of every Hymy app and fails when a field that looks personal, or a link to a customer, is not
declared.

A declaration says, for every personal field, what anonymising does to it:

- ``ERASE``: the value is removed (empty text, empty JSON, NULL; a link to a customer is cut).
- ``REPLACE``: the value is replaced by a neutral placeholder, for fields that cannot be empty.
- ``KEEP``: kept as it is — the value is pseudonymous or not about the person (a random token, a
  product name, a choice from a fixed list) once the row no longer names the customer.
- ``KEEP_LINK``: a link to the customer that erasing the customer keeps — the customer row becomes
  the anonymous shell, which names nobody, so every figure computed through the customer (a tag cut,
  the NPS of stayers and leavers) stays — and that anonymising the row on its own (retention) cuts,
  as the customer it points at still names someone then.

and whose data a row is: ``customer_paths`` are lookups from the model to `customers.Customer`
(``""`` for the customer itself), or ``customer_filter`` builds the condition for rows that hold the
customer only by value (an e-mail address in the outbox). ``on_erase`` says whether erasing the
customer keeps the row anonymised (its figures stay) or deletes it (a history of the person).

Models that hold people's data that are not customers (staff users) say ``subject=STAFF``; models
whose free-text fields are business data (a touchpoint's name) are declared with ``not_personal``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models

ERASE = "erase"
REPLACE = "replace"
KEEP = "keep"
KEEP_LINK = "keep_link"
TREATMENTS = (ERASE, REPLACE, KEEP, KEEP_LINK)

ANONYMISE = "anonymise"
DELETE = "delete"

CUSTOMER = "customer"
STAFF = "staff"

# Retention groups: what `RetentionPolicy` has a number of years for.
RESPONSES = "responses"
CASES = "cases"


@dataclass(frozen=True)
class Declaration:
    model: type[models.Model]
    fields: dict[str, str]
    subject: str = CUSTOMER
    customer_paths: tuple[str, ...] = ()
    customer_filter: Callable[..., models.Q] | None = None
    on_erase: str = ANONYMISE
    # (group, lookup of the row's date): rows older than the group's retention are anonymised.
    retention: tuple[str, str] | None = None
    # Fields reviewed and found not personal (business texts), with no treatment.
    not_personal: frozenset[str] = field(default_factory=frozenset)
    reason: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def personal_fields(self) -> dict[str, str]:
        return dict(self.fields)

    def treatments(self, *, customer_erased: bool) -> dict[str, str]:
        """What anonymising does to each field: `KEEP_LINK` is `KEEP` when the customer is erased
        (the link then points at the anonymous shell) and `ERASE` otherwise (retention)."""
        link = KEEP if customer_erased else ERASE
        return {
            name: link if treatment == KEEP_LINK else treatment for name, treatment in self.fields.items()
        }

    def customer_q(self, customer) -> models.Q:
        """The rows of this model that belong to `customer`."""
        condition = models.Q(pk__in=[])
        for path in self.customer_paths:
            condition |= models.Q(pk=customer.pk) if path == "" else models.Q(**{path: customer})
        if self.customer_filter is not None:
            condition |= self.customer_filter(customer)
        return condition


_REGISTRY: dict[str, Declaration] = {}


def personal_data(
    model: type[models.Model],
    *,
    fields: dict[str, str],
    subject: str = CUSTOMER,
    customer_paths: Iterable[str] = (),
    customer_filter: Callable[..., models.Q] | None = None,
    on_erase: str = ANONYMISE,
    retention: tuple[str, str] | None = None,
    not_personal: Iterable[str] = (),
) -> Declaration:
    """Declare the personal fields of `model` and how to anonymise each (see the module docstring)."""
    concrete = {f.name for f in model._meta.get_fields() if getattr(f, "concrete", False) or f.many_to_many}
    for name, treatment in fields.items():
        if treatment not in TREATMENTS:
            raise ValueError(f"{model.__name__}.{name}: unknown treatment {treatment!r}")
        if name not in concrete:
            raise ValueError(f"{model.__name__} has no field {name!r}")
        model_field = model._meta.get_field(name)
        if (
            treatment == ERASE
            and model_field.is_relation
            and not model_field.many_to_many
            and not model_field.null
        ):
            raise ValueError(f"{model.__name__}.{name} cannot be erased: the link is required")
        if treatment == KEEP_LINK and not (
            model_field.many_to_one
            and model_field.null
            and model_field.related_model._meta.label == "customers.Customer"
        ):
            raise ValueError(f"{model.__name__}.{name}: KEEP_LINK is for a link to a customer, and nullable")
    if on_erase not in (ANONYMISE, DELETE):
        raise ValueError(f"{model.__name__}: on_erase must be ANONYMISE or DELETE")
    if subject == CUSTOMER and not customer_paths and customer_filter is None:
        raise ValueError(f"{model.__name__}: say how a row belongs to a customer")
    declaration = Declaration(
        model=model,
        fields=dict(fields),
        subject=subject,
        customer_paths=tuple(customer_paths),
        customer_filter=customer_filter,
        on_erase=on_erase,
        retention=retention,
        not_personal=frozenset(not_personal),
    )
    _register(declaration)
    return declaration


def not_personal(model: type[models.Model], *, fields: Iterable[str], reason: str) -> Declaration:
    """Declare that these text fields of `model` were reviewed and hold no one's personal data."""
    declaration = Declaration(
        model=model, fields={}, subject="", not_personal=frozenset(fields), reason=reason
    )
    _register(declaration)
    return declaration


def _register(declaration: Declaration) -> None:
    if declaration.label in _REGISTRY:
        raise ValueError(f"{declaration.label} is declared twice")
    _REGISTRY[declaration.label] = declaration


def declaration_for(model: type[models.Model]) -> Declaration | None:
    return _REGISTRY.get(model._meta.label_lower)


def declarations() -> list[Declaration]:
    return list(_REGISTRY.values())


def customer_declarations() -> list[Declaration]:
    """Declarations of rows that hold a customer's data, the customer itself first."""
    found = [d for d in _REGISTRY.values() if d.subject == CUSTOMER]
    return sorted(found, key=lambda d: (d.label != "customers.customer", d.label))


def blank_value(model_field: models.Field):
    """What ERASE writes into a field: NULL where allowed, else the empty value of its type."""
    if model_field.many_to_many:
        return None
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        default = model_field.get_default()
        return type(default)() if isinstance(default, (dict, list)) else {}
    if isinstance(model_field, models.BooleanField):
        return False
    return ""
