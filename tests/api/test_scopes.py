"""Scopes, generated from the route list: a key without write access cannot write (403, nothing
changes), a key without read access to a resource cannot read it (403)."""

import pytest

from hymy.tenancy.choices import ApiResource

from .conftest import ALL_SCOPES, READ_SCOPES
from .operations import REQUESTS, RESOURCE_OF_TAG, api_operations, send

OPERATIONS = api_operations()
WRITES = [operation for operation in OPERATIONS if operation.method != "GET"]
# Reads of a resource (the touchpoints every key may read).
READS = [
    operation for operation in OPERATIONS if operation.method == "GET" and RESOURCE_OF_TAG.get(operation.tag)
]


def test_every_tag_names_its_resource():
    assert {operation.tag for operation in OPERATIONS} <= set(RESOURCE_OF_TAG)
    assert {resource for resource in RESOURCE_OF_TAG.values() if resource} == set(ApiResource.values)


@pytest.mark.parametrize("operation", WRITES, ids=[operation.id for operation in WRITES])
def test_a_read_only_key_cannot_write(operation, api_client, mine, state_of):
    client = api_client(READ_SCOPES)
    before = state_of(mine.organization)

    response = send(client, operation, REQUESTS[operation.id](mine))

    assert response.status_code == 403, response.content
    assert ":write" in response.json()["detail"]
    assert state_of(mine.organization) == before


@pytest.mark.parametrize("operation", READS, ids=[operation.id for operation in READS])
def test_a_key_without_the_resource_cannot_read_it(operation, api_client, mine):
    resource = RESOURCE_OF_TAG[operation.tag]
    client = api_client([scope for scope in ALL_SCOPES if not scope.startswith(f"{resource}:")])

    response = send(client, operation, REQUESTS[operation.id](mine))

    assert response.status_code == 403, response.content
    assert f"{resource}:read" in response.json()["detail"]


def test_writing_implies_reading(make_key):
    key, _secret = make_key(["customers:write"])

    assert key.scopes == ["customers:read", "customers:write"]
