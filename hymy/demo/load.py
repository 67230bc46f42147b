"""Write a simulated organisation into the database.

The organisation, its partners, touchpoints and staff go through the ordinary services, so they are
validated like anything a user creates. The customer data is far too much for one-row-at-a-time
services (tens of thousands of encounters), so it is written with `bulk_create` in batches; the
records come from our own simulator, which already produces clean values (E.164 phones, valid
e-mails, known choices).
"""

from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce

from hymy.customers.choices import ChangeAction, CustomerStatus
from hymy.customers.models import Customer, CustomerChange, Encounter, Note, Purchase, Tag
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.journeys.services import touchpoint_create
from hymy.tenancy.models import Organization, Partner, User
from hymy.tenancy.services import membership_add, organization_create, partner_create

from .models import DemoTruth
from .records import CustomerRecord, SimulatedOrganization, UserSpec

BATCH_SIZE = 1000


def demo_user_get_or_create(
    *, email: str, full_name: str, password_hash: str, reset_password: bool = False
) -> User:
    """The demo user or a demo staff member; an existing user keeps their password unless reset.

    The password arrives already hashed: argon2 takes a noticeable fraction of a second per user,
    and every demo user shares the one published demo password anyway.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)
        reset_password = True
    if reset_password:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def organization_load(
    simulated: SimulatedOrganization, *, owner: User, password_hash: str, seed: int, scale: float,
    reset_passwords: bool = False,
) -> Organization:  # fmt: skip
    """Create the organisation and everything in it; all or nothing."""
    spec = simulated.spec
    organization = organization_create(name=spec.name, slug=spec.slug, owner=owner)
    partners = {
        partner.key: partner_create(
            organization=organization, name=partner.name, description=partner.description
        )
        for partner in spec.partners
    }
    touchpoints = touchpoints_load(organization, simulated, partners)
    users = {owner.email: owner}
    for user_spec in spec.users:
        users[user_spec.email] = staff_load(organization, user_spec, partners, password_hash, reset_passwords)
    customers = customers_load(organization, simulated.customers, users)
    encounters_load(organization, simulated, customers, touchpoints, users)
    purchases_load(organization, simulated, customers, touchpoints)
    notes_load(organization, simulated, customers, users)
    DemoTruth.objects.create(organization=organization, seed=seed, scale=scale, truth=simulated.truth)
    return organization


def touchpoints_load(organization, simulated, partners: dict[str, Partner]) -> dict[str, Touchpoint]:
    """Touchpoints on the default journey stages, created in priority order (the first is 1)."""
    stages = {stage.position: stage for stage in JourneyStage.objects.filter(organization=organization)}
    return {
        spec.key: touchpoint_create(
            organization=organization,
            stage=stages[spec.stage],
            name=spec.name,
            channel=spec.channel,
            tier=spec.tier,
            partner=partners[spec.partner] if spec.partner else None,
            expectations=spec.expectations,
        )
        for spec in simulated.spec.touchpoints
    }


def staff_load(organization, user_spec: UserSpec, partners, password_hash: str, reset_password: bool) -> User:
    user = demo_user_get_or_create(
        email=user_spec.email,
        full_name=user_spec.full_name,
        password_hash=password_hash,
        reset_password=reset_password,
    )
    partner = partners[user_spec.partner] if user_spec.partner else None
    membership_add(organization=organization, user=user, role=user_spec.role, partner=partner)
    return user


def customers_load(
    organization, records: list[CustomerRecord], users: dict[str, User]
) -> dict[str, Customer]:
    """Customers (companies first, so that people can point to them), their tags and history."""
    tags = tags_load(organization, records)
    customers: dict[str, Customer] = {}
    for has_company in (False, True):
        batch = [record for record in records if (record.company_key is not None) == has_company]
        rows = [customer_row(organization, record, customers, users) for record in batch]
        Customer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        customers.update((record.key, row) for record, row in zip(batch, rows, strict=True))

    # `created_at` is auto_now_add, which bulk_create sets to now: put back the simulated dates.
    rows = []
    for record in records:
        row = customers[record.key]
        row.created_at = record.created_at
        rows.append(row)
    Customer.objects.bulk_update(rows, ["created_at"], batch_size=BATCH_SIZE)

    Through = Customer.tags.through
    Through.objects.bulk_create(
        [
            Through(customer_id=customers[record.key].pk, tag_id=tags[name].pk)
            for record in records
            for name in sorted(set(record.tags))
        ],
        batch_size=BATCH_SIZE,
    )
    changes_load(organization, records, customers)
    return customers


def tags_load(organization, records: list[CustomerRecord]) -> dict[str, Tag]:
    names = sorted({name for record in records for name in record.tags})
    Tag.objects.bulk_create([Tag(organization=organization, name=name) for name in names])
    return {tag.name: tag for tag in Tag.objects.filter(organization=organization, name__in=names)}


def customer_row(organization, record: CustomerRecord, customers: dict[str, Customer], users) -> Customer:
    return Customer(
        organization=organization,
        kind=record.kind,
        name=record.name,
        company=customers[record.company_key] if record.company_key else None,
        email=record.email,
        phone=record.phone,
        language=record.language,
        external_id=record.external_id,
        survey_consent=record.survey_consent_at is not None,
        survey_consent_at=record.survey_consent_at,
        survey_consent_source=record.survey_consent_source,
        marketing_consent=record.marketing_consent_at is not None,
        marketing_consent_at=record.marketing_consent_at,
        marketing_consent_source=record.marketing_consent_source,
        needs_and_wishes=record.needs_and_wishes,
        attributes=record.attributes,
        status=CustomerStatus.CHURNED if record.churned_at else CustomerStatus.ACTIVE,
        churned_at=record.churned_at,
        owner=users.get(record.owner_email) if record.owner_email else None,
        verified_at=record.verified_at,
    )


def changes_load(organization, records: list[CustomerRecord], customers: dict[str, Customer]) -> None:
    """One 'created' history row per customer (no actor: the demo made it), dated when they joined."""
    rows = []
    for record in records:
        values = {
            "kind": record.kind,
            "name": record.name,
            "company": customers[record.company_key].name if record.company_key else None,
            "email": record.email,
            "phone": record.phone,
            "language": record.language,
            "external_id": record.external_id,
            "tags": sorted(set(record.tags)),
        }
        changes = {field: [None, value] for field, value in values.items() if value not in (None, "", [])}
        rows.append(
            CustomerChange(
                organization=organization,
                customer=customers[record.key],
                actor=None,
                action=ChangeAction.CREATED,
                changes=changes,
            )
        )
    CustomerChange.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    joined = Customer.objects.filter(pk=OuterRef("customer_id")).values("created_at")[:1]
    CustomerChange.objects.filter(organization=organization).update(changed_at=Subquery(joined))


def encounters_load(organization, simulated, customers, touchpoints, users) -> None:
    rows = [
        # Ids rather than objects: assigning 25,000 related objects is a measurable part of the load.
        Encounter(
            organization_id=organization.pk,
            customer_id=customers[record.customer_key].pk if record.customer_key else None,
            touchpoint_id=touchpoints[record.touchpoint_key].pk,
            channel=record.channel,
            staff_id=users[record.staff_email].pk if record.staff_email else None,
            started_at=record.started_at,
            ended_at=record.ended_at,
            outcome=record.outcome,
            summary=record.summary,
        )
        for record in simulated.encounters
    ]
    Encounter.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    # Recorded when the contact ended, as staff would have done, not when the demo was loaded.
    Encounter.objects.filter(organization=organization).update(
        created_at=Coalesce(F("ended_at"), F("started_at"))
    )


def purchases_load(organization, simulated, customers, touchpoints) -> None:
    rows = [
        Purchase(
            organization_id=organization.pk,
            customer_id=customers[record.customer_key].pk,
            touchpoint_id=touchpoints[record.touchpoint_key].pk if record.touchpoint_key else None,
            purchased_on=record.purchased_on,
            amount=record.amount,
            cost=record.cost,
            currency=organization.currency,
            items=record.items,
            external_id=record.external_id,
        )
        for record in simulated.purchases
    ]
    Purchase.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    Purchase.objects.filter(organization=organization).update(
        created_at=Cast("purchased_on", output_field=DateTimeField())
    )


def notes_load(organization, simulated, customers, users) -> None:
    rows = [
        Note(organization=organization, customer=customers[record.customer_key], author=users[record.author_email],
             body=record.body)
        for record in simulated.notes
    ]  # fmt: skip
    Note.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for row, record in zip(rows, simulated.notes, strict=True):
        row.created_at = record.created_at
    Note.objects.bulk_update(rows, ["created_at"], batch_size=BATCH_SIZE)


@transaction.atomic
def organization_delete(organization: Organization) -> None:
    """Delete a demo organisation and everything in it (the foreign keys cascade or RESTRICT within it)."""
    organization.delete()
