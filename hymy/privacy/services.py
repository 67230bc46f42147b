"""Every write about personal data: the customer's data request, erasure and retention anonymisation.

All of them are driven by the declarations in each app's `privacy.py` (see `registry.py`).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hymy.customers.choices import ChangeAction
from hymy.customers.models import Customer, CustomerChange
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import MANAGE_PRIVACY

from . import registry
from .choices import PrivacyRequestKind
from .models import PrivacyRequest, RetentionPolicy
from .registry import DELETE, ERASE, KEEP, REPLACE, Declaration


def _require_privacy(membership: Membership | None) -> None:
    if membership is not None and not membership.can(MANAGE_PRIVACY):
        raise PermissionDenied


def _replacement(declaration: Declaration, model_field: models.Field) -> Any:
    """A neutral value for a field that cannot be empty, e.g. "Erased customer"."""
    if isinstance(model_field, models.JSONField):
        return registry.blank_value(model_field)
    text = _("Erased %(what)s") % {"what": declaration.model._meta.verbose_name}
    return text[: model_field.max_length] if model_field.max_length else text


def _anonymise(
    declaration: Declaration, rows: models.QuerySet, *, language: str, customer_erased: bool
) -> None:
    """Apply the declared treatment of every personal field to `rows`, in one UPDATE (and M2M clears).

    `customer_erased` says whether the customer the rows belong to is being erased (links declared
    `KEEP_LINK` stay, pointing at the anonymous shell) or the rows are anonymised on their own
    (retention: those links are cut). Placeholders ("Erased customer") are written in the
    organisation's language.
    """
    updates: dict[str, Any] = {}
    cleared: list[str] = []
    for name, treatment in declaration.treatments(customer_erased=customer_erased).items():
        if treatment == KEEP:
            continue
        model_field = declaration.model._meta.get_field(name)
        if model_field.many_to_many:
            cleared.append(name)
        elif treatment == ERASE:
            updates[model_field.name] = registry.blank_value(model_field)
        elif treatment == REPLACE:
            with translation.override(language):
                updates[model_field.name] = _replacement(declaration, model_field)
    for name in cleared:
        for row in rows:
            getattr(row, name).clear()
    if updates:
        rows.update(**updates)


def _organization_rows(declaration: Declaration, organization: Organization) -> models.QuerySet:
    manager = declaration.model._default_manager
    field_names = {f.name for f in declaration.model._meta.concrete_fields}
    if "organization" in field_names:
        return manager.filter(organization=organization)
    return manager.all()


def customer_rows(
    *, organization: Organization, customer: Customer
) -> list[tuple[Declaration, models.QuerySet]]:
    """Every declared model's rows that hold this customer's data, the customer first."""
    found = []
    for declaration in registry.customer_declarations():
        rows = (
            _organization_rows(declaration, organization).filter(declaration.customer_q(customer)).distinct()
        )
        found.append((declaration, rows.order_by("pk")))
    return found


def privacy_request_log(
    *,
    organization: Organization,
    actor: User | None,
    kind: str,
    customer: Customer | None,
    rows: dict[str, int],
    file_format: str = "",
) -> PrivacyRequest:
    return PrivacyRequest.objects.create(
        organization=organization,
        actor=actor,
        kind=kind,
        customer=customer,
        rows=rows,
        file_format=file_format,
    )


def customer_data_export_log(
    *,
    organization: Organization,
    actor: User,
    membership: Membership | None,
    customer: Customer,
    file_format: str,
    rows: dict[str, int],
) -> PrivacyRequest:
    """Record that someone produced the customer's data (the data itself is built by the selector)."""
    _require_privacy(membership)
    return privacy_request_log(
        organization=organization,
        actor=actor,
        kind=PrivacyRequestKind.EXPORT,
        customer=customer,
        rows=rows,
        file_format=file_format,
    )


@transaction.atomic
def customer_erase(
    *,
    organization: Organization,
    actor: User | None,
    customer: Customer,
    membership: Membership | None = None,
) -> PrivacyRequest:
    """Remove the person irreversibly and keep the anonymous figures.

    The customer row stays as an anonymous shell ("Erased customer"), so purchases, encounters,
    invitations, responses and the daily score counts keep counting; responses stay linked to the
    shell with their scores, their free text scrubbed; the history, notes and messages are deleted.
    What each field becomes is the declarations' choice (`customers/privacy.py`, `surveys/privacy.py`).
    """
    _require_privacy(membership)
    if customer.organization_id != organization.pk:
        raise ValidationError(_("Choose a customer of this organisation."))
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    # Collect every row first: the paths to some of them (answers through responses) are cut below.
    plan = [(declaration, list(rows.values_list("pk", flat=True))) for declaration, rows in
            customer_rows(organization=organization, customer=customer)]  # fmt: skip
    counts: dict[str, int] = {}
    for declaration, pks in plan:
        if not pks:
            continue
        rows = declaration.model._default_manager.filter(pk__in=pks)
        if declaration.on_erase == DELETE:
            rows.delete()
        else:
            _anonymise(declaration, rows, language=organization.default_language, customer_erased=True)
        counts[declaration.label] = len(pks)
    CustomerChange.objects.create(
        organization=organization, customer=customer, actor=actor, action=ChangeAction.ERASED, changes={}
    )
    # The mark of the shell: edits, merges, notes and surveys refuse it, the data-quality lists skip
    # it. A second erasure keeps the first one's time.
    Customer.objects.filter(pk=customer.pk, erased_at__isnull=True).update(erased_at=timezone.now())
    return privacy_request_log(
        organization=organization,
        actor=actor,
        kind=PrivacyRequestKind.ERASURE,
        customer=customer,
        rows=counts,
    )


def _years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def _not_yet_anonymised(declaration: Declaration) -> models.Q:
    """Rows where some field that anonymising changes still holds a value."""
    condition = models.Q(pk__in=[])
    for name, treatment in declaration.treatments(customer_erased=False).items():
        model_field = declaration.model._meta.get_field(name)
        if treatment == KEEP or model_field.many_to_many:
            continue
        blank = registry.blank_value(model_field)
        condition |= models.Q(**{f"{name}__isnull": False}) if blank is None else ~models.Q(**{name: blank})
    return condition


@transaction.atomic
def retention_apply(*, organization: Organization, now: datetime.datetime | None = None) -> dict[str, int]:
    """Anonymise every declared row older than the organisation's retention for its group."""
    now = now or timezone.now()
    policy = retention_policy_get(organization=organization)
    counts: dict[str, int] = {}
    for declaration in registry.declarations():
        if declaration.retention is None:
            continue
        group, date_path = declaration.retention
        years = policy.years_for(group)
        if not years:
            continue
        rows = _organization_rows(declaration, organization).filter(
            **{f"{date_path}__lt": _years_before(now, years)}
        )
        pks = list(rows.filter(_not_yet_anonymised(declaration)).values_list("pk", flat=True))
        if pks:
            _anonymise(
                declaration,
                declaration.model._default_manager.filter(pk__in=pks),
                language=organization.default_language,
                customer_erased=False,
            )
            counts[declaration.label] = len(pks)
    RetentionPolicy.objects.filter(pk=policy.pk).update(last_run_at=now)
    if counts:
        privacy_request_log(
            organization=organization,
            actor=None,
            kind=PrivacyRequestKind.RETENTION,
            customer=None,
            rows=counts,
        )
    return counts


def retention_policy_get(*, organization: Organization) -> RetentionPolicy:
    policy, _created = RetentionPolicy.objects.get_or_create(organization=organization)
    return policy


def retention_policy_update(
    *,
    organization: Organization,
    actor: User | None,
    membership: Membership | None = None,
    responses_years: int | None,
    cases_years: int | None,
) -> RetentionPolicy:
    """Save the retention and start the daily anonymisation chain (see `tasks.retention_run`)."""
    from .tasks import retention_schedule

    _require_privacy(membership)
    errors = {}
    for name, value in (("responses_years", responses_years), ("cases_years", cases_years)):
        if value is not None and not 1 <= value <= 100:
            errors[name] = _("Give a number of years from 1 to 100, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        policy = RetentionPolicy.objects.select_for_update().get(
            pk=retention_policy_get(organization=organization).pk
        )
        policy.responses_years = responses_years
        policy.cases_years = cases_years
        policy.next_run_at = timezone.now()
        policy.save()
        transaction.on_commit(lambda: retention_schedule(policy))
    return policy
