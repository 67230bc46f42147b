"""The SLA policy that applies to a case, and the clocks: due times in business hours, pausing."""

import datetime

from hymy.tenancy.models import Organization

from .business_hours import BusinessCalendar
from .models import Case, CaseSettings, SlaPolicy

# When an organisation has no policy for a case: answer within a business day, fix within five.
DEFAULT_POLICY = {
    "name": "Default",
    "first_response_minutes": 8 * 60,
    "resolution_minutes": 5 * 8 * 60,
    "warn_before_minutes": 60,
}


def calendar_for(
    *, organization: Organization | None = None, organization_id: int | None = None
) -> BusinessCalendar:
    settings = CaseSettings.objects.filter(organization_id=organization_id or organization.pk).first()
    return BusinessCalendar.from_setting(settings.opening_hours if settings else None)


def sla_policy_snapshot(*, organization: Organization, kind: str, priority: str) -> dict:
    """The targets of the most specific policy for this kind and priority, as a copy kept on the case."""
    candidates = SlaPolicy.objects.filter(
        organization=organization, kind__in=[kind, ""], priority__in=[priority, ""]
    )
    best = max(
        candidates, key=lambda policy: (bool(policy.kind), bool(policy.priority), -policy.pk), default=None
    )
    if best is None:
        return dict(DEFAULT_POLICY)
    return {
        "policy_id": best.pk,
        "name": best.name,
        "first_response_minutes": best.first_response_minutes,
        "resolution_minutes": best.resolution_minutes,
        "warn_before_minutes": best.warn_before_minutes,
    }


def sla_clocks_start(*, case: Case, calendar: BusinessCalendar) -> None:
    """Set the case's due times from its policy snapshot, counted from its opening."""
    policy = case.sla_policy
    case.first_response_due_at = calendar.add_minutes(case.created_at, policy["first_response_minutes"])
    case.resolution_due_at = calendar.add_minutes(case.created_at, policy["resolution_minutes"])


def sla_clocks_pause(*, case: Case, now: datetime.datetime) -> None:
    if case.paused_since is None:
        case.paused_since = now


def sla_clocks_resume(*, case: Case, now: datetime.datetime, calendar: BusinessCalendar) -> None:
    """The business time spent waiting for the customer moves the deadlines that are still running."""
    if case.paused_since is None:
        return
    paused = calendar.minutes_between(case.paused_since, now)
    if paused > 0:
        if case.first_responded_at is None and case.first_response_due_at:
            case.first_response_due_at = calendar.add_minutes(case.first_response_due_at, paused)
        if case.resolution_due_at:
            case.resolution_due_at = calendar.add_minutes(case.resolution_due_at, paused)
    case.paused_minutes += round(paused)
    case.paused_since = None
