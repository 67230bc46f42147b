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
class OrganizationSpec:
    """Everything about a demo organisation that is not customer data."""

    name: str
    slug: str
    partners: list[PartnerSpec]
    touchpoints: list[TouchpointSpec]  # in priority order: the first is the most important
    users: list[UserSpec]


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
class SimulatedOrganization:
    """One organisation's simulated data and the truth planted in it, ready to load."""

    spec: OrganizationSpec
    customers: list[CustomerRecord]
    encounters: list[EncounterRecord]
    purchases: list[PurchaseRecord]
    notes: list[NoteRecord]
    truth: dict[str, Any]
