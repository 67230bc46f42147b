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
MANAGE_WEBHOOKS = "webhooks.manage"
IMPORT_DATA = "imports.import"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS, GRANT_OWNER,
            CHANGE_LOYALTY_RULE,
            MANAGE_API_KEYS,
        }
        | {IMPORT_DATA}
    ),
    Role.ADMIN: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS, MANAGE_MEMBERS,
            CHANGE_LOYALTY_RULE,
            MANAGE_API_KEYS,
        }
        | {IMPORT_DATA}
    ),
    Role.ANALYST: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS, CHANGE_SURVEYS, CHANGE_INSIGHTS}),
    Role.AGENT: frozenset({VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    # A partner sees customers, touchpoints and responses, but selectors narrow them to what is
    # assigned to it; it records encounters at its own touchpoints and changes nothing else.
    Role.PARTNER: frozenset({VIEW_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, VIEW_SURVEYS}),
    Role.VIEWER: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY, VIEW_SURVEYS}),
}  # fmt: skip

# Webhooks send the organisation's data to an address of its choosing: owners and admins only.
ROLE_PERMISSIONS[Role.OWNER] |= {MANAGE_WEBHOOKS}
ROLE_PERMISSIONS[Role.ADMIN] |= {MANAGE_WEBHOOKS}


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
