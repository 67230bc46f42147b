"""Plain data that the simulator produces and the loader writes: no database, no Django models.

Keeping the simulated organisation as plain records means a simulation can be inspected, compared
and extended (survey responses, complaints) without touching the database, and the loader stays
one straightforward function that turns records into rows.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class PartnerSpec:
    """An outside company that runs some touchpoints for the organisation."""

    key: str
    name: str
    description: str


@dataclass
class TouchpointSpec:
    """A touchpoint to create, with its planted quality.

    `quality` is the chance that one contact here goes the way the customer expects; the rest turn
    into unresolved issues or complaints. `minutes` is the typical (median) length of a contact.
    """

    key: str
    stage: int  # position of the default journey stage, 1..7
    name: str
    channel: str
    tier: str
    expectations: str
    partner: str | None = None  # PartnerSpec.key
    quality: float = 1.0
    minutes: float | None = None


@dataclass
class UserSpec:
    """A staff member to sign in as. Partner users name their partner's key."""

    email: str
    full_name: str
    role: str
    partner: str | None = None


@dataclass
class SurveySpec:
    """A survey made from a ready template (`hymy.surveys.library`) and tied to touchpoints.

    `settings` are changed after the template is applied, through the ordinary `survey_update`
    service (e.g. a different name, or inviting after encounters instead of purchases).
    `created_days_before` dates the survey before the demo period began, so every response is
    newer than its survey.
    """

    key: str
    template_key: str
    touchpoints: list[str]  # TouchpointSpec.key
    settings: dict[str, Any] = field(default_factory=dict)
    created_days_before: int = 30


@dataclass
class KioskSpec:
    """A tablet by a till, answering `survey` at `touchpoint`, in use from `installed_on_day`."""

    key: str
    name: str
    survey: str  # SurveySpec.key
    touchpoint: str
    installed_on_day: int = 0  # days after the start of the demo period


@dataclass
class WidgetSpec:
    """A question on the organisation's own website, answering `survey`, live from `launched_on_day`."""

    key: str
    name: str
    survey: str
    touchpoint: str | None
    path_pattern: str = ""
    allowed_origins: str = ""
    launched_on_day: int = 0


@dataclass
class OrganizationSpec:
    """Everything about a demo organisation that is not customer data."""

    name: str
    slug: str
    partners: list[PartnerSpec]
    touchpoints: list[TouchpointSpec]  # in priority order: the first is the most important
    users: list[UserSpec]
    surveys: list[SurveySpec] = field(default_factory=list)
    kiosks: list[KioskSpec] = field(default_factory=list)
    widgets: list[WidgetSpec] = field(default_factory=list)


@dataclass
class CustomerRecord:
    """One simulated customer. `key` links encounters, purchases and notes to it before it has an id."""

    key: str
    kind: str
    name: str
    created_at: datetime.datetime
    email: str = ""
    phone: str = ""
    language: str = "fi"
    company_key: str | None = None
    external_id: str = ""
    survey_consent_at: datetime.datetime | None = None
    survey_consent_source: str = ""
    marketing_consent_at: datetime.datetime | None = None
    marketing_consent_source: str = ""
    needs_and_wishes: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    churned_at: datetime.datetime | None = None
    owner_email: str | None = None
    verified_at: datetime.datetime | None = None


@dataclass
class EncounterRecord:
    customer_key: str | None
    touchpoint_key: str
    channel: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None
    outcome: str
    summary: str
    staff_email: str | None = None


@dataclass
class PurchaseRecord:
    customer_key: str
    touchpoint_key: str | None
    purchased_on: datetime.date
    amount: Decimal
    cost: Decimal | None
    items: list[dict[str, Any]]
    external_id: str = ""


@dataclass
class NoteRecord:
    customer_key: str
    author_email: str
    body: str
    created_at: datetime.datetime


@dataclass
class InvitationRecord:
    """A personal survey invitation, sent or (with its reason) not sent.

    It points to the encounter or purchase that triggered it by index into the simulated lists,
    which the loader turns into ids. All moments are None until they happened.
    """

    survey_key: str
    customer_key: str
    touchpoint_key: str
    channel: str
    language: str
    created_at: datetime.datetime
    scheduled_for: datetime.datetime
    status: str
    skip_reason: str = ""
    encounter_index: int | None = None
    purchase_index: int | None = None
    sent_at: datetime.datetime | None = None
    opened_at: datetime.datetime | None = None
    answered_at: datetime.datetime | None = None
    error: str = ""


@dataclass
class AnswerRecord:
    """The answer to the survey question at `position` (1 = first)."""

    position: int
    answered_at: datetime.datetime
    score: int | None = None
    text: str = ""
    followup_text: str = ""


@dataclass
class ResponseRecord:
    """One response: to an invitation (by index), or anonymous from a kiosk, widget or public link."""

    survey_key: str
    source: str
    channel: str
    language: str
    device: str
    started_at: datetime.datetime
    answers: list[AnswerRecord]
    touchpoint_key: str | None = None
    customer_key: str | None = None
    invitation_index: int | None = None
    staff_email: str | None = None
    interview_kind: str = ""
    idempotency_key: str = ""
    respondent_key: str = ""

    @property
    def has_comment(self) -> bool:
        return any(answer.text or answer.followup_text for answer in self.answers)


@dataclass
class SimulatedOrganization:
    """One organisation's simulated data and the truth planted in it, ready to load."""

    spec: OrganizationSpec
    customers: list[CustomerRecord]
    encounters: list[EncounterRecord]
    purchases: list[PurchaseRecord]
    notes: list[NoteRecord]
    truth: dict[str, Any]
    start: datetime.date | None = None  # the first day of the demo period
    invitations: list[InvitationRecord] = field(default_factory=list)
    responses: list[ResponseRecord] = field(default_factory=list)
