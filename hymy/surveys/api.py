"""The API of surveys: list them, invite customers, read responses, and submit a response from a
partner's own channel (e.g. a till's screen). Thin: parse, call services and selectors, render."""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Status

from hymy.api.auth import api_actor
from hymy.api.problems import ApiError
from hymy.api.schemas import DEFAULT_LIMIT, ApiSchema, Day, Id, Limit, Moment, Schema, cursor_page
from hymy.customers.selectors import customer_list
from hymy.journeys.selectors import touchpoint_list
from hymy.tenancy.choices import ApiResource

from . import selectors, services
from .choices import ResponseSource, SurveyStatus

router = Router(tags=["surveys"])
SURVEYS = ApiResource.SURVEYS
LanguageCode = Literal["fi", "sv", "en"]
# Sources a partner's own system may claim for what it sends (not invitations or staff interviews).
ApiSource = Literal[ResponseSource.KIOSK.value, ResponseSource.WIDGET.value, ResponseSource.PASSIVE.value,
                    ResponseSource.IMPORT.value]  # fmt: skip


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: dict[str, str]
    is_required: bool
    score_min: int | None
    score_max: int | None
    choices: list[dict[str, Any]]

    @staticmethod
    def resolve_score_min(question):
        return question.score_range[0] if question.score_range else None

    @staticmethod
    def resolve_score_max(question):
        return question.score_range[1] if question.score_range else None


class SurveyOut(Schema):
    id: int
    name: str
    status: str
    moment: str
    touchpoint_ids: list[int]
    questions: list[QuestionOut]

    @staticmethod
    def resolve_touchpoint_ids(survey):
        return [touchpoint.pk for touchpoint in survey.touchpoints.all()]

    @staticmethod
    def resolve_questions(survey):
        return list(survey.questions.all())


@router.get("/surveys", response=list[SurveyOut], summary="List surveys")
def survey_list(request):
    actor = api_actor(request, SURVEYS)
    return selectors.survey_list(organization=actor.organization).prefetch_related("questions").order_by("pk")


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="Read a survey and its questions")
def survey_read(request, survey_id: Id):
    actor = api_actor(request, SURVEYS)
    return selectors.survey_get(organization=actor.organization, pk=survey_id)


# --- Invitations ---------------------------------------------------------------------------------------


class InvitationsIn(ApiSchema):
    customer_ids: list[Id] = Field(min_length=1, max_length=1000)
    touchpoint_id: Id | None = None


class InvitationOut(Schema):
    id: int
    customer_id: int
    status: str
    skip_reason: str
    channel: str
    scheduled_for: datetime.datetime


class InvitationsOut(Schema):
    items: list[InvitationOut]


@router.post(
    "/surveys/{survey_id}/invitations", response={201: InvitationsOut}, summary="Invite customers now"
)
def invitation_create(request, survey_id: Id, payload: InvitationsIn):
    """Invites each customer now, under the same contact rules as an invitation sent from Hymy: an
    invitation that the rules hold back has status `not_sent` and its `skip_reason`."""
    actor = api_actor(request, SURVEYS, write=True)
    survey = selectors.survey_get(organization=actor.organization, pk=survey_id)
    visible = customer_list(organization=actor.organization, membership=actor.membership)
    customers = visible.in_bulk(payload.customer_ids)
    for index, pk in enumerate(payload.customer_ids):
        if pk not in customers:
            raise ApiError(404, _("No such customer in this organisation."), field=f"customer_ids.{index}")
    touchpoint = _touchpoint(actor, payload.touchpoint_id)
    with transaction.atomic():
        items = [
            services.invitation_create_manual(
                membership=actor.membership, survey=survey, customer=customers[pk], touchpoint=touchpoint
            )
            for pk in payload.customer_ids
        ]
    return Status(201, {"items": items})


def _answer_fields(error: ValidationError, payload) -> ValidationError:
    """The service names a question's errors `q<id>`; the API names the answer: `answers.0`."""
    if not hasattr(error, "error_dict"):
        return error
    index_of = {f"q{answer.question_id}": index for index, answer in enumerate(payload.answers)}
    return ValidationError(
        {
            f"answers.{index_of[key]}" if key in index_of else key: messages
            for key, messages in error.message_dict.items()
        }
    )


def _touchpoint(actor, pk: int | None, field: str = "touchpoint_id"):
    if pk is None:
        return None
    touchpoint = (
        touchpoint_list(organization=actor.organization, membership=actor.membership).filter(pk=pk).first()
    )
    if touchpoint is None:
        raise ApiError(404, _("No such touchpoint in this organisation."), field=field)
    return touchpoint


# --- Responses -----------------------------------------------------------------------------------------


class AnswerOut(Schema):
    question_id: int
    kind: str
    score: int | None
    choices: list[str]
    text: str
    followup_text: str

    @staticmethod
    def resolve_kind(answer):
        return answer.question.kind


class ResponseOut(Schema):
    id: int
    survey_id: int
    customer_id: int | None
    touchpoint_id: int | None
    source: str
    channel: str
    language: str
    started_at: datetime.datetime
    is_complete: bool
    has_comment: bool
    answers: list[AnswerOut]

    @staticmethod
    def resolve_answers(response):
        return list(response.answers.all())


class ResponsePage(Schema):
    items: list[ResponseOut]
    next_cursor: str | None


@router.get("/responses", response=ResponsePage, summary="List responses")
def response_list(
    request,
    survey_id: Id | None = None,
    touchpoint_id: Id | None = None,
    customer_id: Id | None = None,
    source: Literal[tuple(ResponseSource.values)] | None = None,
    band: Literal["low", "middle", "high"] | None = None,
    has_comment: bool | None = None,
    date_from: Day | None = None,
    date_to: Day | None = None,
    cursor: str | None = None,
    limit: Limit = DEFAULT_LIMIT,
):
    """Responses in the order they arrived (`band`: the first scored answer is low, middle or high,
    e.g. NPS 0–6, 7–8, 9–10)."""
    actor = api_actor(request, SURVEYS)
    responses = selectors.response_list(
        organization=actor.organization,
        membership=actor.membership,
        survey_id=survey_id,
        touchpoint_id=touchpoint_id,
        customer_id=customer_id,
        source=source or "",
        band=band or "",
        has_comment=has_comment,
        date_from=date_from,
        date_to=date_to,
    )
    items, next_cursor = cursor_page(responses, cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@router.get("/responses/{response_id}", response=ResponseOut, summary="Read a response")
def response_read(request, response_id: Id):
    actor = api_actor(request, SURVEYS)
    return selectors.response_get(
        organization=actor.organization, membership=actor.membership, pk=response_id
    )


class AnswerIn(ApiSchema):
    question_id: Id
    score: int | None = Field(default=None, ge=-1000, le=1000)
    choices: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None, max_length=50)
    text: Annotated[str, Field(max_length=5000)] | None = None
    followup_text: Annotated[str, Field(max_length=5000)] | None = None


class ResponseIn(ApiSchema):
    answers: list[AnswerIn] = Field(min_length=1, max_length=100)
    touchpoint_id: Id | None = None
    customer_id: Id | None = None
    language: LanguageCode = "fi"
    source: ApiSource = "kiosk"
    answered_at: Moment | None = None


@router.post("/surveys/{survey_id}/responses", response={201: ResponseOut}, summary="Submit a response")
def response_submit(request, survey_id: Id, payload: ResponseIn):
    """A response collected by the caller's own channel, e.g. smileys on a till's screen. It counts in
    the figures like any other; a partner's key may submit only at its own touchpoints."""
    actor = api_actor(request, SURVEYS, write=True)
    survey = selectors.survey_get(organization=actor.organization, pk=survey_id)
    if survey.status != SurveyStatus.ACTIVE:
        raise ApiError(409, _("This survey is not open for answers."), field="survey_id")
    touchpoint = _touchpoint(actor, payload.touchpoint_id)
    if touchpoint is None and actor.membership.is_partner:
        raise ApiError(422, _("A partner's key must say at which of its touchpoints."), field="touchpoint_id")
    customer = None
    if payload.customer_id is not None:
        customer = (
            customer_list(organization=actor.organization, membership=actor.membership)
            .filter(pk=payload.customer_id)
            .first()
        )
        if customer is None:
            raise ApiError(404, _("No such customer in this organisation."), field="customer_id")
    questions = {question.pk: index for index, question in enumerate(survey.questions.all())}
    for index, answer in enumerate(payload.answers):
        if answer.question_id not in questions:
            raise ApiError(
                404, _("This question is not part of this survey."), field=f"answers.{index}.question_id"
            )
    answered_at = min(payload.answered_at or timezone.now(), timezone.now())
    with transaction.atomic():
        response = services.response_start(
            survey=survey,
            source=payload.source,
            language=payload.language,
            customer=customer,
            touchpoint=touchpoint,
            channel=touchpoint.channel if touchpoint else payload.source,
            device="unknown",
            started_at=answered_at,
        )
        answers = {
            answer.question_id: {
                **answer.dict(exclude={"question_id"}, exclude_none=True),
                "answered_at": answered_at,
            }
            for answer in payload.answers
        }
        try:
            services.response_submit_all(response=response, answers=answers)
        except ValidationError as error:
            raise _answer_fields(error, payload) from None
    return Status(
        201,
        selectors.response_get(organization=actor.organization, membership=actor.membership, pk=response.pk),
    )
