"""Demo cases derived from the complaints the simulator planted (hymy/demo/telecom.py).

The simulator records each complaint as an encounter with the outcome "complaint", then (at the
"complaints" desk) perhaps an acknowledgement, and finally a fix or a closing without one; a newer
complaint supersedes an older one. Here each complaint becomes a `Case` with the same history: opened
at the complaint, first answered at the acknowledgement (or the fix), resolved at the fix, or left
unresolved. The SLA clocks run under the demo's complaint policy, so "fixed within SLA", "fixed late"
and "never fixed" follow the planted handling — and the recovery report can find the planted effect.
Nothing is drawn at random: the same encounters always give the same cases.
"""

import datetime
from collections import defaultdict

from django.db import transaction

from hymy.customers.choices import EncounterOutcome
from hymy.customers.models import Encounter
from hymy.tenancy.models import Organization, User

from .choices import CaseChannel, CaseEventKind, CaseKind, CasePriority, CaseStatus, SlaTarget
from .models import Case, CaseEvent, SlaBreach, SlaPolicy, Team
from .sla import calendar_for, sla_policy_snapshot

# The demo's complaint policy: answer within a business day, fix within three. The simulator's "fast"
# fixes (within three calendar days) always fit in three business days, its slow ones (6–45 days) never.
DEMO_POLICY = {"first_response_minutes": 8 * 60, "resolution_minutes": 3 * 8 * 60, "warn_before_minutes": 60}
COMPLAINT_DESK_NAMES = ("Reklamaatiokäsittely",)
CHANNEL_BY_TOUCHPOINT = {
    "phone": CaseChannel.PHONE,
    "email": CaseChannel.EMAIL,
    "in_person": CaseChannel.STORE,
}


@transaction.atomic
def demo_cases_load(*, organization: Organization, handler: User | None = None) -> dict:
    """Open, answer and resolve the demo's cases from its complaint encounters; returns counts."""
    SlaPolicy.objects.create(
        organization=organization, name="Reklamaatiot", kind=CaseKind.COMPLAINT, **DEMO_POLICY
    )
    snapshot = sla_policy_snapshot(
        organization=organization, kind=CaseKind.COMPLAINT, priority=CasePriority.NORMAL
    )
    calendar = calendar_for(organization=organization)
    team = Team.objects.create(organization=organization, name="Asiakaspalvelu")
    if handler is not None:
        team.members.add(handler)

    encounters = (
        Encounter.objects.filter(organization=organization, customer__isnull=False)
        .select_related("touchpoint")
        .order_by("customer_id", "started_at", "id")
    )
    by_customer: dict[int, list[Encounter]] = defaultdict(list)
    for encounter in encounters.iterator(chunk_size=5000):
        if (
            encounter.outcome == EncounterOutcome.COMPLAINT
            or encounter.touchpoint.name in COMPLAINT_DESK_NAMES
        ):
            by_customer[encounter.customer_id].append(encounter)

    drafts: list[dict] = []
    for customer_id, history in by_customer.items():
        current = None
        for encounter in history:
            if encounter.outcome == EncounterOutcome.COMPLAINT:
                current = {
                    "customer_id": customer_id,
                    "complaint": encounter,
                    "answered": None,
                    "fixed": None,
                    "closed": None,
                }
                drafts.append(current)
            elif current is not None and encounter.touchpoint.name in COMPLAINT_DESK_NAMES:
                current["answered"] = current["answered"] or encounter.started_at
                if encounter.outcome == EncounterOutcome.RESOLVED:
                    current["fixed"] = current["closed"] = encounter.started_at
                    current = None
                elif encounter.outcome == EncounterOutcome.UNRESOLVED:
                    current["closed"] = encounter.started_at
                    current = None
    drafts.sort(key=lambda draft: (draft["complaint"].started_at, draft["complaint"].pk))

    cases = []
    for number, draft in enumerate(drafts, start=1):
        complaint = draft["complaint"]
        touchpoint = complaint.touchpoint
        opened = complaint.started_at
        fixed, closed = draft["fixed"], draft["closed"]
        status = (
            CaseStatus.CLOSED if closed else (CaseStatus.IN_PROGRESS if draft["answered"] else CaseStatus.NEW)
        )
        cases.append(Case(
            organization=organization, number=number, kind=CaseKind.COMPLAINT, status=status,
            title=(complaint.summary or touchpoint.name)[:80], description=complaint.summary,
            channel=CHANNEL_BY_TOUCHPOINT.get(touchpoint.channel, CaseChannel.PHONE), language="fi",
            customer_id=draft["customer_id"], touchpoint=touchpoint, partner_id=touchpoint.partner_id,
            team=None if touchpoint.partner_id else team, assignee=None if touchpoint.partner_id else handler,
            created_at=opened, first_responded_at=draft["answered"] or fixed, resolved_at=fixed or closed, closed_at=closed,
            resolution=complaint.summary if fixed else "", sla_policy=snapshot,
            first_response_due_at=calendar.add_minutes(opened, snapshot["first_response_minutes"]),
            resolution_due_at=calendar.add_minutes(opened, snapshot["resolution_minutes"]),
        ))  # fmt: skip
    Case.objects.bulk_create(cases, batch_size=1000)
    cases = list(Case.objects.filter(organization=organization).order_by("number"))

    events, breaches = [], []
    for case, draft in zip(cases, drafts, strict=True):
        events.append(CaseEvent(organization=organization, case=case, kind=CaseEventKind.CREATED, body=case.description,
                                created_at=case.created_at, data={"channel": case.channel}))  # fmt: skip
        if case.first_responded_at:
            events.append(CaseEvent(organization=organization, case=case, kind=CaseEventKind.REPLY, via="phone",
                                    actor=case.assignee, created_at=case.first_responded_at))  # fmt: skip
        if draft["closed"]:
            events.append(CaseEvent(organization=organization, case=case, kind=CaseEventKind.STATUS, actor=case.assignee,
                                    created_at=draft["closed"], body=case.resolution,
                                    data={"from": "in_progress", "to": "closed", "reopened": False}))  # fmt: skip
        # A case never answered, or answered late, missed its first-response deadline (the demo ends long after).
        answered = draft["answered"] or draft["fixed"]
        if answered is None or answered > case.first_response_due_at:
            breaches.append(_breach(case, SlaTarget.FIRST_RESPONSE, case.first_response_due_at))
        if draft["fixed"] is None or draft["fixed"] > case.resolution_due_at:
            breaches.append(_breach(case, SlaTarget.RESOLUTION, case.resolution_due_at))
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    SlaBreach.objects.bulk_create(breaches, batch_size=2000)
    fixed = [draft for draft in drafts if draft["fixed"]]
    within = sum(
        1
        for case, draft in zip(cases, drafts, strict=True)
        if draft["fixed"] and draft["fixed"] <= case.resolution_due_at
    )
    return {"cases": len(cases), "fixed_within_sla": within, "fixed_late": len(fixed) - within,
            "never_fixed": len(drafts) - len(fixed), "policy": DEMO_POLICY}  # fmt: skip


def _breach(case: Case, target: str, due_at: datetime.datetime) -> SlaBreach:
    return SlaBreach(organization_id=case.organization_id, case=case, target=target, due_at=due_at, breached_at=due_at,
                     priority_before=CasePriority.NORMAL, priority_after=CasePriority.NORMAL)  # fmt: skip
