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
CHANGE_LOYALTY_RULE = "insights.change_loyalty_rule"  # when a customer counts as churned
MANAGE_API_KEYS = "tenancy.manage_api_keys"
MANAGE_WEBHOOKS = "webhooks.manage"  # sends data to an address of their choosing: owners, admins
IMPORT_DATA = "imports.import"
# Improvement actions and the learning log: seen by everyone inside the organisation (not partners),
# written by those who act on feedback — owner, admin, analyst (actions) and agent (the daily log).
VIEW_IMPROVEMENT = "improvement.view"
CHANGE_IMPROVEMENT = "improvement.change"
# Cases: everyone sees cases (partners only their own), agents and partners handle them, owners and
# admins set the rules; the recovery report (all customers' later loyalty) is not for partners.
VIEW_CASES = "cases.view"
HANDLE_CASES = "cases.handle"
CONFIGURE_CASES = "cases.configure"
VIEW_CASE_REPORTS = "cases.reports"
# Customers' data requests, erasure and retention settings (GDPR).
MANAGE_PRIVACY = "privacy.manage"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS, GRANT_OWNER,
            CHANGE_LOYALTY_RULE, MANAGE_API_KEYS, MANAGE_WEBHOOKS, IMPORT_DATA,
            VIEW_IMPROVEMENT, CHANGE_IMPROVEMENT,
            VIEW_CASES, HANDLE_CASES, CONFIGURE_CASES, VIEW_CASE_REPORTS,
            MANAGE_PRIVACY,
        }
    ),
    Role.ADMIN: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS,
            CHANGE_LOYALTY_RULE, MANAGE_API_KEYS, MANAGE_WEBHOOKS, IMPORT_DATA,
            VIEW_IMPROVEMENT, CHANGE_IMPROVEMENT,
            VIEW_CASES, HANDLE_CASES, CONFIGURE_CASES, VIEW_CASE_REPORTS,
            MANAGE_PRIVACY,
        }
    ),
    Role.ANALYST: frozenset(
        {
            VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS,
            VIEW_IMPROVEMENT, CHANGE_IMPROVEMENT,
            VIEW_CASES, VIEW_CASE_REPORTS,
        }
    ),
    Role.AGENT: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS,
            VIEW_IMPROVEMENT, CHANGE_IMPROVEMENT,
            VIEW_CASES, HANDLE_CASES, VIEW_CASE_REPORTS,
        }
    ),
    # A partner sees customers, touchpoints and responses, but selectors narrow them to what is
    # assigned to it; it records encounters at its own touchpoints and changes nothing else.
    Role.PARTNER: frozenset(
        {VIEW_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS, VIEW_CASES, HANDLE_CASES}
    ),
    Role.VIEWER: frozenset(
        {VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS, VIEW_IMPROVEMENT, VIEW_CASES, VIEW_CASE_REPORTS}
    ),
}  # fmt: skip


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
