"""Merging two records of one customer, and undoing it.

The merge is generic: every row of any app that points at the absorbed customer — found through
`Customer._meta.related_objects`, so the rows of apps added later (cases, …) move too — is moved to
the kept customer with one UPDATE per relation, and the ids moved are recorded in `CustomerMerge`.
The absorbed customer's full row is kept in the record (Django's serialiser), so undoing recreates it
with the same id, moves exactly those rows back and restores the kept customer's overwritten values.

Nothing that the figures count is created or deleted — responses, invitations, encounters and
purchases only change owner — so every metric is the same before and after (tests/customers/
test_merge.py checks it).
"""

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import CHANGE_CUSTOMERS

from .choices import ChangeAction
from .models import Customer, CustomerChange, CustomerMerge, DuplicateDismissal
from .services import _diff, _snapshot, customer_refuse_erased

# The fields a person chooses between, side by side; each moves together with its companions.
MERGE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": (),
    "email": (),
    "phone": (),
    "language": (),
    "external_id": (),
    "company": (),
    "owner": (),
    "status": ("churned_at",),
    "survey_consent": ("survey_consent_at", "survey_consent_source"),
    "marketing_consent": ("marketing_consent_at", "marketing_consent_source"),
    "needs_and_wishes": (),
    "attributes": (),
    "verified_at": (),
}
KEPT = "kept"
ABSORBED = "absorbed"
# Relations that are not the customer's own rows and must not simply change owner.
NOT_MOVED = {(DuplicateDismissal, "first"), (DuplicateDismissal, "second")}

MERGE_FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "language": gettext_lazy("Language"),
    "external_id": gettext_lazy("External id"),
    "company": gettext_lazy("Company"),
    "owner": gettext_lazy("Account owner"),
    "status": gettext_lazy("Status"),
    "survey_consent": gettext_lazy("Feedback consent"),
    "marketing_consent": gettext_lazy("Marketing consent"),
    "needs_and_wishes": gettext_lazy("Needs and wishes"),
    "attributes": gettext_lazy("Custom attributes"),
    "verified_at": gettext_lazy("Details verified"),
}


def _require_change(membership: Membership | None) -> None:
    if membership is not None and not membership.can(CHANGE_CUSTOMERS):
        raise PermissionDenied


def _json_safe(value: Any) -> Any:
    """Full precision: Django's JSON encoder would cut datetimes to milliseconds."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _serialized_rows(rows) -> list[dict[str, Any]]:
    """Rows as Django's serialiser sees them (fields by name, links by id), safe to keep in JSON."""
    return [
        {**row, "fields": {name: _json_safe(value) for name, value in row["fields"].items()}}
        for row in serializers.serialize("python", rows)
    ]


def _serialized(customer: Customer) -> dict[str, Any]:
    return _serialized_rows([customer])[0]


def _restore(rows: list[dict[str, Any]]) -> None:
    for restored in serializers.deserialize("python", rows):
        restored.save()


def default_choices(kept: Customer, absorbed: Customer) -> dict[str, str]:
    """Keep the kept customer's value, unless it is empty and the other one has a value."""
    choices = {}
    for name in MERGE_FIELDS:
        mine, theirs = getattr(kept, name), getattr(absorbed, name)
        choices[name] = (
            ABSORBED if mine in (None, "", {}, False) and theirs not in (None, "", {}, False) else KEPT
        )
    return choices


def _check_pair(organization: Organization, kept: Customer, absorbed: Customer) -> None:
    if kept.organization_id != organization.pk or absorbed.organization_id != organization.pk:
        raise ValidationError(_("Choose customers of this organisation."))
    if kept.pk == absorbed.pk:
        raise ValidationError(_("A customer cannot be merged with itself."))
    if kept.kind != absorbed.kind:
        raise ValidationError(_("A person and a company cannot be merged."))
    if kept.company_id == absorbed.pk or absorbed.company_id == kept.pk:
        raise ValidationError(_("A company cannot be merged with a person who belongs to it."))


def _relations() -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Every foreign key of every installed model that points at a customer.

    Hidden relations (`related_name="+"`) count too, and so do the link rows of other models'
    ManyToMany fields to customers; the customer's own tags are merged as a union instead.
    """
    own_links = {field.remote_field.through for field in Customer._meta.many_to_many}
    found = []
    for relation in Customer._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model = relation.related_model
        if model in own_links or (model, relation.field.name) in NOT_MOVED:
            continue
        found.append((model, relation.field))
    return found


def _move_rows(kept: Customer, absorbed: Customer) -> tuple[list[dict], list[dict]]:
    """Move every related row to `kept`; returns what moved and the link rows dropped as doubles."""
    moved, dropped = [], []
    for model, field in _relations():
        rows = model._base_manager.filter(**{field.name: absorbed.pk})
        if (
            field.one_to_one
            and rows.exists()
            and model._base_manager.filter(**{field.name: kept.pk}).exists()
        ):
            raise ValidationError(
                _("Both customers have their own %(what)s; it cannot be merged.")
                % {"what": model._meta.verbose_name}
            )
        if model._meta.auto_created:  # a ManyToMany link row: drop it when `kept` already has the same link
            others = [f for f in model._meta.concrete_fields if f.is_relation and f is not field]
            for other in others:
                already = model._base_manager.filter(**{field.name: kept.pk}).values_list(
                    other.attname, flat=True
                )
                doubles = rows.filter(**{f"{other.attname}__in": list(already)})
                if doubles.exists():
                    dropped.append({"model": model._meta.label_lower, "rows": _serialized_rows(doubles)})
                    doubles.delete()
        pks = list(rows.values_list("pk", flat=True))
        if pks:
            model._base_manager.filter(pk__in=pks).update(**{field.name: kept.pk})
            moved.append({"model": model._meta.label_lower, "field": field.name, "pks": pks})
    return moved, dropped


@transaction.atomic
def customer_merge(
    *,
    organization: Organization,
    actor: User | None,
    kept: Customer,
    absorbed: Customer,
    choices: dict[str, str] | None = None,
    membership: Membership | None = None,
) -> CustomerMerge:
    """Merge `absorbed` into `kept`: its rows move, chosen values are taken, the merge is recorded."""
    _require_change(membership)
    kept = Customer.objects.select_for_update().get(pk=kept.pk)
    absorbed = Customer.objects.select_for_update().get(pk=absorbed.pk)
    _check_pair(organization, kept, absorbed)
    customer_refuse_erased(kept)
    customer_refuse_erased(absorbed)
    chosen = {**default_choices(kept, absorbed), **(choices or {})}
    if any(value not in (KEPT, ABSORBED) for value in chosen.values()) or set(chosen) - set(MERGE_FIELDS):
        raise ValidationError(_("Choose one of the two values for every field."))

    before = _snapshot(kept)
    absorbed_row = _serialized(absorbed)
    kept_row = _serialized(kept)
    dismissals = list(
        DuplicateDismissal.objects.filter(models.Q(first=absorbed) | models.Q(second=absorbed)).values_list(
            "first_id", "second_id", "actor_id"
        )
    )
    kept_before: dict[str, Any] = {}
    for name, companions in MERGE_FIELDS.items():
        if chosen[name] != ABSORBED:
            continue
        for field_name in (name, *companions):
            model_field = Customer._meta.get_field(field_name)
            kept_before[field_name] = kept_row["fields"][field_name]
            setattr(kept, model_field.attname, getattr(absorbed, model_field.attname))
    kept_tags = set(kept.tags.values_list("pk", flat=True))
    tags_added = [pk for pk in absorbed.tags.values_list("pk", flat=True) if pk not in kept_tags]

    moved, dropped = _move_rows(kept, absorbed)
    absorbed_row["dismissals"] = dismissals
    absorbed_row["dropped"] = dropped
    absorbed.delete()
    kept.full_clean(exclude=["tags"])
    kept.save()
    if tags_added:
        kept.tags.add(*tags_added)
    merge = CustomerMerge.objects.create(
        organization=organization,
        kept=kept,
        absorbed_pk=absorbed_row["pk"],
        absorbed=absorbed_row,
        kept_before=kept_before,
        moved=moved,
        tags_added=tags_added,
        actor=actor,
    )
    changes = _diff(before, _snapshot(kept))
    changes["merged"] = [absorbed_row["fields"]["name"], kept.name]
    CustomerChange.objects.create(
        organization=organization, customer=kept, actor=actor, action=ChangeAction.MERGED, changes=changes
    )
    return merge


@transaction.atomic
def customer_unmerge(
    *,
    organization: Organization,
    actor: User | None,
    merge: CustomerMerge,
    membership: Membership | None = None,
) -> Customer:
    """Undo a merge: recreate the absorbed customer, move its rows back, restore the kept one's values."""
    _require_change(membership)
    merge = CustomerMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.organization_id != organization.pk:
        raise ValidationError(_("Choose a merge of this organisation."))
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    if not merge.absorbed:
        raise ValidationError(_("This merge can no longer be undone: the customer's data was erased."))
    if Customer.objects.filter(pk=merge.absorbed_pk).exists():
        raise ValidationError(_("This merge can no longer be undone."))
    kept = Customer.objects.select_for_update().get(pk=merge.kept_id)
    before = _snapshot(kept)

    row = dict(merge.absorbed)
    dismissals = row.pop("dismissals", [])
    dropped = row.pop("dropped", [])
    _restore([row])
    absorbed = Customer.objects.get(pk=merge.absorbed_pk)
    for entry in merge.moved:
        model = _model(entry["model"])
        model._base_manager.filter(pk__in=entry["pks"], **{entry["field"]: kept.pk}).update(
            **{entry["field"]: absorbed.pk}
        )
    for entry in dropped:
        _restore(entry["rows"])
    for first_id, second_id, actor_id in dismissals:
        DuplicateDismissal.objects.get_or_create(
            organization=organization, first_id=first_id, second_id=second_id, defaults={"actor_id": actor_id}
        )
    for field_name, value in merge.kept_before.items():
        model_field = Customer._meta.get_field(field_name)
        setattr(kept, model_field.attname, model_field.to_python(value))
    kept.save()
    if merge.tags_added:
        kept.tags.remove(*merge.tags_added)
    merge.undone_at = timezone.now()
    merge.undone_by = actor
    merge.save(update_fields=["undone_at", "undone_by"])
    changes = _diff(before, _snapshot(kept))
    changes["unmerged"] = [kept.name, absorbed.name]
    CustomerChange.objects.create(
        organization=organization, customer=kept, actor=actor, action=ChangeAction.UNMERGED, changes=changes
    )
    return absorbed


def _model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def duplicate_dismiss(
    *,
    organization: Organization,
    actor: User | None,
    first: Customer,
    second: Customer,
    membership: Membership | None = None,
) -> DuplicateDismissal:
    """Remember that these two are different people, so that they are not suggested again."""
    _require_change(membership)
    if first.organization_id != organization.pk or second.organization_id != organization.pk:
        raise ValidationError(_("Choose customers of this organisation."))
    if first.pk == second.pk:
        raise ValidationError(_("A customer cannot be merged with itself."))
    low, high = sorted([first, second], key=lambda customer: customer.pk)
    dismissal, _created = DuplicateDismissal.objects.get_or_create(
        organization=organization, first=low, second=high, defaults={"actor": actor}
    )
    return dismissal
