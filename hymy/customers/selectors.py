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
