"""Write a simulated organisation into the database.

The organisation, its partners, touchpoints and staff — and its surveys, kiosks and website widget
— go through the ordinary services, so they are validated like anything a user creates. The
customer data is far too much for one-row-at-a-time services (tens of thousands of encounters and
survey answers), so it is written with `bulk_create` in batches; the records come from our own
simulator, which already produces clean values (E.164 phones, valid e-mails, known choices).
"""

import datetime

from django.db import transaction
from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce

from hymy.customers.choices import ChangeAction, CustomerStatus
from hymy.customers.models import Customer, CustomerChange, Encounter, Note, Purchase, Tag
from hymy.improvement.demo import improvement_demo_load
from hymy.insights.services import rollups_rebuild
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.journeys.services import touchpoint_create
from hymy.surveys.models import Answer, Invitation, KioskDevice, Response, Survey, WebWidget
from hymy.surveys.services import (
    contact_policy_get,
    kiosk_create,
    survey_create_from_template,
    survey_update,
    widget_create,
)
from hymy.tenancy.models import Organization, Partner, User
from hymy.tenancy.services import membership_add, organization_create, partner_create

from .models import DemoTruth
from .records import CustomerRecord, SimulatedOrganization, UserSpec
from .timing import HELSINKI

BATCH_SIZE = 1000
# bulk_update writes one CASE with a branch per row, which the database tries for every row of the
# batch: small batches keep that from growing with the square of the batch.
UPDATE_BATCH_SIZE = 100


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
    encounter_ids = encounters_load(organization, simulated, customers, touchpoints, users)
    purchase_ids = purchases_load(organization, simulated, customers, touchpoints)
    notes_load(organization, simulated, customers, users)
    surveys_load(
        organization, simulated, touchpoints=touchpoints, customers=customers, users=users,
        encounter_ids=encounter_ids, purchase_ids=purchase_ids,
    )  # fmt: skip
    improvement_demo_load(organization=organization, touchpoints=touchpoints)
    # Cases from the planted complaints (issue 5); imported here because the cases app builds on this one.
    from hymy.cases.demo import demo_cases_load

    simulated.truth["cases"] = demo_cases_load(
        organization=organization, handler=users.get("asiakaspalvelu@hymy.fi")
    )
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
    Customer.objects.bulk_update(rows, ["created_at"], batch_size=UPDATE_BATCH_SIZE)

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


def encounters_load(organization, simulated, customers, touchpoints, users) -> list[int]:
    """The encounters, returning their ids in the order of the records (invitations point to them)."""
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
    return [row.pk for row in rows]


def purchases_load(organization, simulated, customers, touchpoints) -> list[int]:
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
    return [row.pk for row in rows]


def notes_load(organization, simulated, customers, users) -> None:
    rows = [
        Note(organization=organization, customer=customers[record.customer_key], author=users[record.author_email],
             body=record.body)
        for record in simulated.notes
    ]  # fmt: skip
    Note.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    for row, record in zip(rows, simulated.notes, strict=True):
        row.created_at = record.created_at
    Note.objects.bulk_update(rows, ["created_at"], batch_size=UPDATE_BATCH_SIZE)


def surveys_load(
    organization,
    simulated,
    *,
    touchpoints,
    customers,
    users,
    encounter_ids: list[int],
    purchase_ids: list[int],
) -> None:
    """Surveys, kiosks and widgets through the services; invitations, responses and answers in bulk.

    Tokens are not part of the simulation: every invitation and response gets a fresh unguessable
    one from the models' defaults, so a published demo never has predictable answer links.
    """
    spec = simulated.spec
    if not spec.surveys:
        return
    contact_policy_get(organization=organization)
    start = datetime.datetime.combine(simulated.start, datetime.time(9), tzinfo=HELSINKI)
    surveys: dict[str, Survey] = {}
    for survey_spec in spec.surveys:
        survey = survey_create_from_template(
            organization=organization,
            template_key=survey_spec.template_key,
            touchpoints=[touchpoints[key] for key in survey_spec.touchpoints],
        )
        if survey_spec.settings:
            survey = survey_update(survey=survey, **survey_spec.settings)
        Survey.objects.filter(pk=survey.pk).update(
            created_at=start - datetime.timedelta(days=survey_spec.created_days_before)
        )
        surveys[survey_spec.key] = survey
    questions = {
        (key, question.position): question
        for key, survey in surveys.items()
        for question in survey.questions.all()
    }
    last_answers: dict[tuple[str, str], datetime.datetime] = {}
    for record in simulated.responses:
        if record.touchpoint_key is not None:
            moment = (record.source, record.touchpoint_key)
            last_answers[moment] = max(last_answers.get(moment, record.started_at), record.started_at)
    for kiosk_spec in spec.kiosks:
        kiosk = kiosk_create(
            organization=organization,
            name=kiosk_spec.name,
            survey=surveys[kiosk_spec.survey],
            touchpoint=touchpoints[kiosk_spec.touchpoint],
        )
        KioskDevice.objects.filter(pk=kiosk.pk).update(
            created_at=start + datetime.timedelta(days=kiosk_spec.installed_on_day),
            last_seen_at=last_answers.get(("kiosk", kiosk_spec.touchpoint)),
        )
    for widget_spec in spec.widgets:
        widget = widget_create(
            organization=organization,
            name=widget_spec.name,
            survey=surveys[widget_spec.survey],
            touchpoint=touchpoints[widget_spec.touchpoint] if widget_spec.touchpoint else None,
            path_pattern=widget_spec.path_pattern,
            allowed_origins=widget_spec.allowed_origins,
        )
        WebWidget.objects.filter(pk=widget.pk).update(
            created_at=start + datetime.timedelta(days=widget_spec.launched_on_day)
        )
    invitations = invitations_load(
        organization, simulated, surveys, touchpoints, customers, encounter_ids, purchase_ids
    )
    responses_load(organization, simulated, surveys, questions, touchpoints, customers, users, invitations)
    # The answers bypassed the answer service, which keeps the daily score histograms: count them now.
    rollups_rebuild(organization=organization)


def invitations_load(organization, simulated, surveys, touchpoints, customers, encounter_ids, purchase_ids):
    rows = [
        Invitation(
            organization_id=organization.pk,
            survey_id=surveys[record.survey_key].pk,
            customer_id=customers[record.customer_key].pk,
            channel=record.channel,
            language=record.language,
            touchpoint_id=touchpoints[record.touchpoint_key].pk,
            encounter_id=encounter_ids[record.encounter_index]
            if record.encounter_index is not None
            else None,
            purchase_id=purchase_ids[record.purchase_index] if record.purchase_index is not None else None,
            status=record.status,
            skip_reason=record.skip_reason,
            scheduled_for=record.scheduled_for,
            sent_at=record.sent_at,
            opened_at=record.opened_at,
            answered_at=record.answered_at,
            error=record.error,
        )
        for record in simulated.invitations
    ]
    Invitation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    # `created_at` is auto_now_add: put back when each invitation was made, in two statements rather
    # than a slow bulk_update. One after an encounter was made when the encounter ended …
    invitations = Invitation.objects.filter(organization=organization)
    ended = Encounter.objects.filter(pk=OuterRef("encounter_id")).values(
        moment=Coalesce(F("ended_at"), F("started_at"))
    )[:1]
    invitations.filter(encounter__isnull=False).update(created_at=Subquery(ended))
    # … and one after a purchase at noon of its day, whole days before it was sent (see
    # `responses.purchase_moment`; noon plus whole days is never in the quiet hours).
    for survey in surveys.values():
        delay = datetime.timedelta(minutes=survey.invitation_delay_minutes)
        invitations.filter(survey=survey, purchase__isnull=False).update(
            created_at=F("scheduled_for") - delay
        )
    return rows


def responses_load(organization, simulated, surveys, questions, touchpoints, customers, users, invitations):
    required = {
        key: {
            position
            for (survey_key, position), question in questions.items()
            if survey_key == key and question.is_required
        }
        for key in surveys
    }
    rows = []
    for record in simulated.responses:
        answered = {answer.position for answer in record.answers if answer.score is not None or answer.text}
        rows.append(
            Response(
                organization_id=organization.pk,
                survey_id=surveys[record.survey_key].pk,
                invitation_id=invitations[record.invitation_index].pk
                if record.invitation_index is not None
                else None,
                customer_id=customers[record.customer_key].pk if record.customer_key else None,
                touchpoint_id=touchpoints[record.touchpoint_key].pk if record.touchpoint_key else None,
                source=record.source,
                channel=record.channel,
                language=record.language,
                device=record.device,
                staff_id=users[record.staff_email].pk if record.staff_email else None,
                interview_kind=record.interview_kind,
                idempotency_key=record.idempotency_key,
                respondent_key=record.respondent_key,
                started_at=record.started_at,
                # As `_response_refresh` decides them after every answer.
                is_complete=bool(answered) and required[record.survey_key] <= answered,
                has_comment=record.has_comment,
            )
        )
    Response.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    # `updated_at` is auto_now: the demo's answers were last changed when they were given.
    Response.objects.filter(organization=organization).update(updated_at=F("started_at"))
    answers = [
        Answer(
            organization_id=organization.pk,
            response_id=row.pk,
            question_id=questions[(record.survey_key, answer.position)].pk,
            score=answer.score,
            text=answer.text,
            followup_text=answer.followup_text,
            answered_at=answer.answered_at,
        )
        for row, record in zip(rows, simulated.responses, strict=True)
        for answer in record.answers
    ]
    Answer.objects.bulk_create(answers, batch_size=BATCH_SIZE)


@transaction.atomic
def organization_delete(organization: Organization) -> None:
    """Delete a demo organisation and everything in it (the foreign keys cascade or RESTRICT within it)."""
    organization.delete()
