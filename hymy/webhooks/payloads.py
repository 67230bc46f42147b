"""The `data` of each event, built from the database as stable, documented JSON (docs/webhooks.md).

Only ids, names of the organisation's own things, scores and the respondent's comment: never model
objects, and no contact details of customers (a receiver that needs them asks the API by id).
"""

from django.db import transaction

from hymy.customers.models import Customer
from hymy.surveys.choices import QuestionKind
from hymy.surveys.models import Response

from . import services

DETRACTOR_MAX_NPS = 6
RESPONSE_EVENTS = {"response.created", "response.detractor"}


def _customer_ref(customer: Customer | None) -> dict | None:
    if customer is None:
        return None
    return {"id": customer.pk, "external_id": customer.external_id}


def response_payload(response: Response) -> dict:
    answers = sorted(
        response.answers.select_related("question"),
        key=lambda answer: (answer.question.position, answer.question_id),
    )
    nps = next(
        (a.score for a in answers if a.question.kind == QuestionKind.NPS and a.score is not None), None
    )
    comment = "\n".join(text for a in answers for text in (a.text, a.followup_text) if text)
    return {
        "response": {
            "id": response.pk,
            "survey": {"id": response.survey_id, "name": response.survey.name},
            "touchpoint": (
                {"id": response.touchpoint_id, "name": response.touchpoint.name}
                if response.touchpoint
                else None
            ),
            "customer": _customer_ref(response.customer),
            "source": response.source,
            "channel": response.channel,
            "language": response.language,
            "started_at": response.started_at.isoformat(),
            "nps": nps,
            "comment": comment,
            "answers": [
                {
                    "question_id": a.question_id,
                    "kind": a.question.kind,
                    "score": a.score,
                    "choices": list(a.choices or []),
                    "text": a.text,
                    "followup_text": a.followup_text,
                }
                for a in answers
            ],
        }
    }


def response_completed_publish(*, organization_id: int, response_id: int) -> None:
    """`response.created` for a response that has just become complete, and `response.detractor` too
    when its Net Promoter Score is 0–6. The surveys app calls this when the answer's transaction commits,
    so the payload has every answer saved in that transaction."""
    # One query when nobody listens, which is most of the time (a busy kiosk answers every few seconds).
    if not services.subscribers_exist(organization_id=organization_id, events=RESPONSE_EVENTS):
        return
    response = Response.objects.select_related("organization", "survey", "touchpoint", "customer").get(
        pk=response_id, organization_id=organization_id
    )
    organization = response.organization
    payload = response_payload(response)
    with transaction.atomic():
        services.event_publish(organization=organization, event="response.created", payload=payload)
        nps = payload["response"]["nps"]
        if nps is not None and nps <= DETRACTOR_MAX_NPS:
            services.event_publish(organization=organization, event="response.detractor", payload=payload)


def customer_churned_payload(customer: Customer) -> dict:
    return {
        "customer": {
            "id": customer.pk,
            "external_id": customer.external_id,
            "churned_at": customer.churned_at.isoformat() if customer.churned_at else None,
        }
    }
