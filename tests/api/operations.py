"""One valid request for every operation of the API, pointing at the objects of a given organisation.

The isolation and scope tests are generated from the API's route list and take their requests from
here; a new operation fails `test_every_operation_has_a_request` until it is added below.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass
class Call:
    path: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: dict | None = None
    # A list answers 200 without the other organisation's objects instead of 404.
    is_list: bool = False


def _encounter(o: SimpleNamespace) -> dict:
    return {
        "touchpoint_id": o.touchpoint.pk,
        "customer_id": o.customer.pk,
        "started_at": "2026-11-24T10:00:00+02:00",
    }


def _purchase(o: SimpleNamespace) -> dict:
    return {
        "customer_id": o.customer.pk,
        "purchased_on": "2026-11-24",
        "amount": "12.50",
        "touchpoint_id": o.touchpoint.pk,
    }


REQUESTS = {
    "GET /api/v1/touchpoints": lambda o: Call(is_list=True),
    "GET /api/v1/customers": lambda o: Call(query={"external_id": o.customer.external_id}, is_list=True),
    "POST /api/v1/customers": lambda o: Call(body={"name": "Uusi Asiakas", "company_id": o.company.pk}),
    "POST /api/v1/customers/upsert": lambda o: Call(
        body={"name": "Uusi Asiakas", "external_id": "new-1", "company_id": o.company.pk}
    ),
    "GET /api/v1/customers/{customer_id}": lambda o: Call(path={"customer_id": o.customer.pk}),
    "PATCH /api/v1/customers/{customer_id}": lambda o: Call(
        path={"customer_id": o.customer.pk}, body={"name": "Uusi Nimi"}
    ),
    "POST /api/v1/encounters": lambda o: Call(body=_encounter(o)),
    "POST /api/v1/encounters/batch": lambda o: Call(body={"items": [_encounter(o), _encounter(o)]}),
    "GET /api/v1/encounters/{encounter_id}": lambda o: Call(path={"encounter_id": o.encounter.pk}),
    "POST /api/v1/purchases": lambda o: Call(body=_purchase(o)),
    "POST /api/v1/purchases/batch": lambda o: Call(body={"items": [_purchase(o)]}),
    "GET /api/v1/purchases/{purchase_id}": lambda o: Call(path={"purchase_id": o.purchase.pk}),
    "GET /api/v1/surveys": lambda o: Call(is_list=True),
    "GET /api/v1/surveys/{survey_id}": lambda o: Call(path={"survey_id": o.survey.pk}),
    "POST /api/v1/surveys/{survey_id}/invitations": lambda o: Call(
        path={"survey_id": o.survey.pk}, body={"customer_ids": [o.customer.pk]}
    ),
    "GET /api/v1/responses": lambda o: Call(query={"survey_id": o.survey.pk}, is_list=True),
    "GET /api/v1/responses/{response_id}": lambda o: Call(path={"response_id": o.response.pk}),
    "POST /api/v1/surveys/{survey_id}/responses": lambda o: Call(
        path={"survey_id": o.survey.pk},
        body={"answers": [{"question_id": o.question.pk, "score": 4}], "touchpoint_id": o.touchpoint.pk},
    ),
    "GET /api/v1/metrics": lambda o: Call(is_list=True),
    "GET /api/v1/cases": lambda o: Call(query={"customer_id": o.customer.pk}, is_list=True),
    "POST /api/v1/cases": lambda o: Call(
        body={"subject": "Rikki", "customer_id": o.customer.pk, "touchpoint_id": o.touchpoint.pk}
    ),
    "GET /api/v1/cases/{case_id}": lambda o: Call(path={"case_id": o.case.pk}),
    "PATCH /api/v1/cases/{case_id}": lambda o: Call(
        path={"case_id": o.case.pk}, body={"status": "resolved", "resolution": "Hyvitetty."}
    ),
    "POST /api/v1/cases/{case_id}/notes": lambda o: Call(path={"case_id": o.case.pk}, body={"text": "Soitan."}),
    "POST /api/v1/cases/{case_id}/replies": lambda o: Call(
        path={"case_id": o.case.pk}, body={"text": "Pahoittelut.", "via": "phone"}
    ),
    "GET /api/v1/metrics/{metric}": lambda o: Call(
        path={"metric": "nps"}, query={"touchpoint_id": o.touchpoint.pk}
    ),
}

# The key's resource each tag of operations needs; the journey's touchpoints every key may read.
RESOURCE_OF_TAG = {"customers": "customers", "encounters": "encounters", "surveys": "surveys", "metrics": "metrics",
                   "cases": "cases", "journey": None}  # fmt: skip


def api_operations() -> list[SimpleNamespace]:
    """Every operation of the API: method, path template and tag, read from its OpenAPI schema."""
    from hymy.api.api import api

    schema = api.get_openapi_schema()
    return [
        SimpleNamespace(
            method=method.upper(), path=path, tag=operation["tags"][0], id=f"{method.upper()} {path}"
        )
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def send(client, operation: SimpleNamespace, call: Call):
    path = operation.path.format(**call.path)
    if operation.method == "GET":
        return client.get(path, call.query)
    method = getattr(client, operation.method.lower())
    return method(path, call.body or {})
