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

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(
        {
            VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY,
            MANAGE_MEMBERS, GRANT_OWNER,
        }
    ),  # fmt: skip
    Role.ADMIN: frozenset(
        {VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY, CHANGE_JOURNEY, MANAGE_MEMBERS}
    ),
    Role.ANALYST: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY}),
    Role.AGENT: frozenset({VIEW_CUSTOMERS, CHANGE_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY}),
    # A partner sees customers and touchpoints, but selectors narrow both to what is assigned to it;
    # it records encounters at its own touchpoints and changes nothing else.
    Role.PARTNER: frozenset({VIEW_CUSTOMERS, RECORD_ENCOUNTERS, VIEW_JOURNEY}),
    Role.VIEWER: frozenset({VIEW_CUSTOMERS, VIEW_JOURNEY}),
}


def role_can(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
