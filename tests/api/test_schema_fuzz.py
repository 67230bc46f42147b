"""schemathesis against the generated OpenAPI schema: for every operation, requests generated from
the schema (valid and not) never get a 5xx, and every answer matches the schema (status codes,
content types, bodies). Bounded: a few examples per operation, so it runs in well under a minute."""

import json

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hymy.api.api import api

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))
)
schema.app = WSGIHandler()


@pytest.fixture
def fuzz_key(db, make_key, counter, customer, settings):
    """A key that may do everything, in an organisation with a touchpoint and a customer (ids 1…)."""
    settings.API_RATE_LIMIT = "100000/m"
    _key, secret = make_key()
    return secret


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors_and_answers_match_the_schema(case, fuzz_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {fuzz_key}"}, checks=CHECKS)
