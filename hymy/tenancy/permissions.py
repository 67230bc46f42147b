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
VIEW_CASES = "cases.view"
HANDLE_CASES = "cases.handle"
CONFIGURE_CASES = "cases.configure"
VIEW_CASE_REPORTS = "cases.reports"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS, GRANT_OWNER,
        }
    ),
    Role.ADMIN: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS,
        }
    ),
    Role.ANALYST: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS}),
    Role.AGENT: frozenset({VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    # A partner sees customers, touchpoints and responses, but selectors narrow them to what is
    # assigned to it; it records encounters at its own touchpoints and changes nothing else.
    Role.PARTNER: frozenset({VIEW_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    Role.VIEWER: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS}),
}  # fmt: skip

# Cases (issue 5): everyone sees cases (partners only their own), agents and partners handle them,
# owners and admins set the rules; the recovery report (all customers' later loyalty) is not for partners.
for _role, _extra in {
    Role.OWNER: {VIEW_CASES, HANDLE_CASES, CONFIGURE_CASES, VIEW_CASE_REPORTS},
    Role.ADMIN: {VIEW_CASES, HANDLE_CASES, CONFIGURE_CASES, VIEW_CASE_REPORTS},
    Role.ANALYST: {VIEW_CASES, VIEW_CASE_REPORTS},
    Role.AGENT: {VIEW_CASES, HANDLE_CASES, VIEW_CASE_REPORTS},
    Role.PARTNER: {VIEW_CASES, HANDLE_CASES},
    Role.VIEWER: {VIEW_CASES, VIEW_CASE_REPORTS},
}.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _extra


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
