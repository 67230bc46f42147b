"""A key of Aurinko reaches nothing of Leipomo Kuu, on every operation of the API.

Generated from the API's route list (`api_operations`): each operation is called with the other
organisation's objects in its address and body (see operations.py); it answers 404 exactly as for
an object that does not exist, or — for a list — 200 without any of them, and nothing of the other
organisation changes. A new operation is covered the moment it is added to REQUESTS.
"""

import pytest

from .operations import REQUESTS, api_operations, send

OPERATIONS = api_operations()


def test_every_operation_has_a_request():
    assert {operation.id for operation in OPERATIONS} == set(REQUESTS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.id for operation in OPERATIONS])
def test_another_organisations_objects_are_404(operation, api, mine, theirs, state_of):
    call = REQUESTS[operation.id](theirs)
    before = state_of(theirs.organization)
    their_names = [theirs.customer.name, theirs.company.name, theirs.touchpoint.name]

    response = send(api, operation, call)

    if call.is_list:
        assert response.status_code == 200, response.content
        assert not any(name in response.content.decode() for name in their_names)
    else:
        assert response.status_code == 404, response.content
        assert response["Content-Type"] == "application/problem+json"
    assert state_of(theirs.organization) == before


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.id for operation in OPERATIONS])
def test_the_same_request_with_my_own_objects_succeeds(operation, api, mine, theirs):
    """The control: the requests above fail because of whose objects they name, not their shape."""
    response = send(api, operation, REQUESTS[operation.id](mine))

    assert 200 <= response.status_code < 300, response.content
