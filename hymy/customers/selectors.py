"""Every read of customers, scoped to the organisation and to what the member may see.

A partner user sees only customers who have met the partner's touchpoints, and of their
history only those encounters.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from hymy.core.phones import phone_search_fragment
from hymy.tenancy.models import Membership, Organization

from .choices import CustomerKind
from .models import Customer, CustomerChange, Encounter, Purchase, Tag


def _visible_customers(*, organization: Organization, membership: Membership) -> QuerySet[Customer]:
    customers = Customer.objects.filter(organization=organization)
    if membership.is_partner:
        served = Encounter.objects.filter(
            organization=organization, customer=OuterRef("pk"), touchpoint__partner_id=membership.partner_id
        )
        customers = customers.filter(Exists(served))
    return customers


def customer_list(
    *,
    organization: Organization,
    membership: Membership,
    query: str = "",
    kind: str = "",
    status: str = "",
    language: str = "",
    tag: str = "",
    ordering: str = "name",
) -> QuerySet[Customer]:
    """Customers matching a search over name, e-mail, phone and company, and the chosen filters."""
    customers = _visible_customers(organization=organization, membership=membership)
    # PostgreSQL refuses NUL characters in text parameters; they never match a customer anyway.
    query = query.replace("\x00", "").strip()
    if query:
        matches = Q(name__icontains=query) | Q(email__icontains=query) | Q(company__name__icontains=query)
        fragment = phone_search_fragment(query)
        if fragment:
            matches |= Q(phone__contains=fragment)
        customers = customers.filter(matches)
    if kind:
        customers = customers.filter(kind=kind)
    if status:
        customers = customers.filter(status=status)
    if language:
        customers = customers.filter(language=language)
    if tag:
        customers = customers.filter(tags__name=tag)
    allowed_orderings = {"name": ("name", "id"), "-created_at": ("-created_at", "-id"), "created_at": ("created_at", "id")}
    return customers.select_related("company").prefetch_related("tags").order_by(
        *allowed_orderings.get(ordering, ("name", "id"))
    )


def customer_get(*, organization: Organization, membership: Membership, pk: int) -> Customer:
    customers = _visible_customers(organization=organization, membership=membership)
    return get_object_or_404(customers.select_related("company", "owner"), pk=pk)


def company_list(*, organization: Organization) -> QuerySet[Customer]:
    return Customer.objects.filter(organization=organization, kind=CustomerKind.COMPANY).order_by("name")


def tag_list(*, organization: Organization) -> QuerySet[Tag]:
    return Tag.objects.filter(organization=organization)


def customer_change_list(*, customer: Customer, membership: Membership) -> QuerySet[CustomerChange]:
    if membership.is_partner:
        return CustomerChange.objects.none()
    return customer.changes.select_related("actor")


def encounter_list(*, organization: Organization, membership: Membership) -> QuerySet[Encounter]:
    encounters = Encounter.objects.filter(organization=organization)
    if membership.is_partner:
        encounters = encounters.filter(touchpoint__partner_id=membership.partner_id)
    return encounters.select_related("touchpoint", "staff", "customer")


def purchase_list(*, organization: Organization, membership: Membership) -> QuerySet[Purchase]:
    if membership.is_partner:
        return Purchase.objects.none()
    return Purchase.objects.filter(organization=organization).select_related("touchpoint")


# --- Duplicates and data quality ------------------------------------------------------------------

QUALITY_NO_CONTACT = "no_contact"
QUALITY_NO_CONSENT = "no_consent"
QUALITY_NOT_VERIFIED = "not_verified"
QUALITY_INVALID = "invalid"
QUALITY_LISTS = (QUALITY_NO_CONTACT, QUALITY_NO_CONSENT, QUALITY_NOT_VERIFIED, QUALITY_INVALID)


def duplicate_list(*, organization: Organization, membership: Membership, limit: int | None = None):
    """Likely duplicate pairs among the customers the member may see, best first (see duplicates.py)."""
    from .duplicates import find_duplicates

    # An erased customer is an anonymous shell: it is nobody's duplicate and is never merged.
    customers = _visible_customers(organization=organization, membership=membership).filter(erased_at__isnull=True)
    return find_duplicates(customers, organization=organization, limit=limit)


def _invalid_contact_ids(customers: QuerySet[Customer]) -> list[int]:
    """Customers whose stored e-mail does not pass validation or whose phone does not parse."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from hymy.core.phones import phone_normalize

    invalid = []
    rows = customers.exclude(email="", phone="").values_list("pk", "email", "phone")
    for pk, email, phone in rows.iterator(chunk_size=2000):
        try:
            if email:
                validate_email(email)
            if phone and phone_normalize(phone) != phone:
                invalid.append(pk)
        except ValidationError:
            invalid.append(pk)
    return invalid


def quality_list(
    *, organization: Organization, membership: Membership, problem: str, months: int = 12, now=None
) -> QuerySet[Customer]:
    """The customers with one data-quality problem (one of QUALITY_LISTS)."""
    import datetime

    from django.utils import timezone

    # An erased customer (the anonymous shell) has no contact details or consent on purpose.
    customers = _visible_customers(organization=organization, membership=membership).filter(erased_at__isnull=True)
    if problem == QUALITY_NO_CONTACT:
        customers = customers.filter(email="", phone="")
    elif problem == QUALITY_NO_CONSENT:
        customers = customers.filter(survey_consent=False)
    elif problem == QUALITY_NOT_VERIFIED:
        since = (now or timezone.now()) - datetime.timedelta(days=round(months * 30.44))
        customers = customers.filter(Q(verified_at__isnull=True) | Q(verified_at__lt=since))
    elif problem == QUALITY_INVALID:
        customers = customers.filter(pk__in=_invalid_contact_ids(customers))
    else:
        customers = customers.none()
    return customers.select_related("company").prefetch_related("tags").order_by("name", "id")


def quality_counts(*, organization: Organization, membership: Membership, months: int = 12) -> dict[str, int]:
    return {
        problem: quality_list(
            organization=organization, membership=membership, problem=problem, months=months
        ).count()
        for problem in QUALITY_LISTS
    }


def customer_merge_list(*, organization: Organization, customer: Customer):
    from .models import CustomerMerge

    return CustomerMerge.objects.filter(organization=organization, kept=customer).select_related("actor")


def customer_merge_get(*, organization: Organization, customer: Customer, pk: int):
    from .models import CustomerMerge

    return get_object_or_404(CustomerMerge, organization=organization, kept=customer, pk=pk)


def details_update_request_get(*, token: str):
    """The open request behind a customer's link, or None (unknown, used or expired: all look the same)."""
    from django.utils import timezone

    from .models import DetailsUpdateRequest
    from .services import details_token_digest

    return (
        DetailsUpdateRequest.objects.select_related("customer", "organization")
        .filter(token_digest=details_token_digest(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
