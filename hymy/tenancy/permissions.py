"""What each role may do, declared in one table.

Views and selectors ask `membership.can("customers.change")`; tests generate the permission
matrix from this table, so a new permission is covered without writing a new test by hand.
"""

from .choices import Role

VIEW_CUSTOMERS = "customers.view"
CHANGE_CUSTOMERS = "customers.change"
RECORD_ENCOUNTERS = "customers.record_encounters"
VIEW_JOURNEY = "journeys.view"
CHANGE_JOURNEY = "journeys.change"
MANAGE_MEMBERS = "tenancy.manage_members"
GRANT_OWNER = "tenancy.grant_owner"
VIEW_SURVEYS = "surveys.view"
CHANGE_SURVEYS = "surveys.change"
CHANGE_INSIGHTS = "insights.change"
# Customers' data requests, erasure and retention settings (GDPR).
MANAGE_PRIVACY = "privacy.manage"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS, GRANT_OWNER,
            MANAGE_PRIVACY,
        }
    ),
    Role.ADMIN: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS,
            MANAGE_PRIVACY,
        }
    ),
    Role.ANALYST: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS}),
    Role.AGENT: frozenset({VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    # A partner sees customers, touchpoints and responses, but selectors narrow them to what is
    # assigned to it; it records encounters at its own touchpoints and changes nothing else.
    Role.PARTNER: frozenset({VIEW_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    Role.VIEWER: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS}),
}  # fmt: skip


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
