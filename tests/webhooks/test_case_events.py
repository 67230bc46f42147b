"""The cases' events reach a real HTTP receiver, signed: `case.created` when a case is opened (here by a
help desk through the API), `case.resolved` when it is resolved, and `case.sla_breached` once per missed
deadline however often the SLA check runs. Payloads never carry the customer's words or internal notes."""

import datetime

import pytest

from hymy.cases import services as case_services
from hymy.cases.models import Case
from hymy.tenancy import services as tenancy_services
from hymy.webhooks.catalogue import EVENTS

from ..api.conftest import ALL_SCOPES, ApiClient
from .test_delivery import keys

pytestmark = pytest.mark.django_db(transaction=True)

CASE_EVENTS = ["case.created", "case.sla_breached", "case.resolved"]


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat()


@pytest.fixture
def help_desk(organization, owner):
    from hymy.tenancy.models import Membership

    actor = Membership.objects.get(organization=organization, user=owner)
    _key, secret = tenancy_services.api_key_create(
        organization=organization, actor=actor, name="Helpdesk", scopes=ALL_SCOPES
    )
    return ApiClient(secret)


def test_a_case_posted_by_a_help_desk_arrives_signed_as_case_created(
    receiver, subscribe, help_desk, customer, counter
):
    subscribe(receiver, CASE_EVENTS)
    customer.external_id = "C-10042"
    customer.save()

    answer = help_desk.post("/api/v1/cases", {"subject": "Kylmä kahvi", "text": "Latte oli kylmä, harmitti.",
                                              "customer_external_id": "C-10042", "touchpoint_id": counter.pk,
                                              "priority": "high"})  # fmt: skip

    assert answer.status_code == 201, answer.content
    (request,) = receiver.requests
    case = Case.objects.get(pk=answer.json()["id"])
    assert request.signature_valid
    assert request.headers["Hymy-Event"] == "case.created"
    data = request.json["data"]["case"]
    assert (data["id"], data["number"], data["kind"], data["status"], data["priority"], data["channel"]) == (
        case.pk, 1, "complaint", "new", "high", "api"
    )  # fmt: skip
    assert data["customer"] == {"id": customer.pk, "external_id": "C-10042"}
    assert data["touchpoint"] == {"id": counter.pk, "name": "Kassa"}
    assert data["partner"] is None
    assert data["first_response_due_at"] == utc(case.first_response_due_at)
    assert data["resolution_due_at"] == utc(case.resolution_due_at)
    assert keys(request.json["data"]) == keys(EVENTS["case.created"].example)
    body = request.body.decode()
    assert "harmitti" not in body and "Kylmä kahvi" not in body and "maija@example.fi" not in body


def test_a_resolved_case_arrives_signed_and_internal_notes_never_travel(
    receiver, subscribe, organization, owner, customer
):
    case = case_services.case_create(
        organization=organization, actor=owner, title="Väärä tilaus", customer=customer
    )
    subscribe(receiver, CASE_EVENTS)
    case_services.case_note_add(case=case, actor=owner, body="Salainen sisäinen huomio")
    case_services.case_status_set(case=case, actor=owner, status="in_progress")

    case_services.case_status_set(case=case, actor=owner, status="resolved", resolution="Hyvitetty.")
    case_services.case_status_set(case=case, actor=owner, status="closed")

    (request,) = receiver.requests
    case.refresh_from_db()
    assert request.signature_valid
    assert request.json["type"] == "case.resolved"
    data = request.json["data"]["case"]
    assert (data["number"], data["status"], data["resolved_at"]) == (
        1,
        "resolved",
        utc(case.resolved_at),
    )
    assert set(request.json["data"]) == set(EVENTS["case.resolved"].example)
    assert set(data) == set(EVENTS["case.resolved"].example["case"])
    assert "Salainen" not in request.body.decode()


def test_an_sla_breach_is_published_once_per_missed_deadline(
    receiver, subscribe, organization, owner, customer
):
    case = case_services.case_create(
        organization=organization, actor=owner, title="Odottaa", customer=customer
    )
    subscribe(receiver, ["case.sla_breached"])
    late = case.first_response_due_at + datetime.timedelta(minutes=1)
    assert late < case.resolution_due_at

    case_services.cases_sla_check(now=late)
    case_services.cases_sla_check(now=late + datetime.timedelta(minutes=5))

    (request,) = receiver.requests
    assert request.signature_valid
    assert request.json["type"] == "case.sla_breached"
    assert request.json["data"]["breach"] == {
        "target": "first_response",
        "due_at": utc(case.first_response_due_at),
        "breached_at": utc(late),
    }
    # The breach raised the priority one step; the payload tells the new one.
    assert request.json["data"]["case"]["priority"] == "high"
    example = EVENTS["case.sla_breached"].example
    assert set(request.json["data"]) == set(example)
    assert set(request.json["data"]["case"]) == set(example["case"])

    case_services.cases_sla_check(now=case.resolution_due_at + datetime.timedelta(minutes=1))

    assert [r.json["data"]["breach"]["target"] for r in receiver.requests] == ["first_response", "resolution"]


def test_without_a_subscription_a_case_sends_nothing(receiver, subscribe, organization, owner):
    subscribe(receiver, ["customer.churned"])

    case = case_services.case_create(organization=organization, actor=owner, title="Hiljaa")
    case_services.case_status_set(case=case, actor=owner, status="resolved", resolution="Valmis.")

    assert receiver.requests == []
