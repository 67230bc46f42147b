"""Every read of surveys, invitations, responses and the outbox, scoped to the organisation.

Partner users see responses only from their partner's touchpoints, and no outbox.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from hymy.tenancy.models import Membership, Organization

from .choices import InvitationStatus, QuestionKind
from .models import Answer, Invitation, KioskDevice, OutboxMessage, Question, Response, Survey, WebWidget

SCORED_KINDS = [QuestionKind.NPS, QuestionKind.CSAT, QuestionKind.CES, QuestionKind.SMILEY3, QuestionKind.SMILEY4,
                QuestionKind.YES_NO, QuestionKind.RATING]  # fmt: skip

# Score bands for the response inbox, per kind of the first scored question.
SCORE_BANDS = {
    "low": {QuestionKind.NPS: (0, 6), QuestionKind.CSAT: (1, 2), QuestionKind.CES: (1, 3),
            QuestionKind.SMILEY3: (1, 1), QuestionKind.SMILEY4: (1, 2), QuestionKind.YES_NO: (0, 0)},
    "middle": {QuestionKind.NPS: (7, 8), QuestionKind.CSAT: (3, 3), QuestionKind.CES: (4, 4),
               QuestionKind.SMILEY3: (2, 2)},
    "high": {QuestionKind.NPS: (9, 10), QuestionKind.CSAT: (4, 5), QuestionKind.CES: (5, 7),
             QuestionKind.SMILEY3: (3, 3), QuestionKind.SMILEY4: (3, 4), QuestionKind.YES_NO: (1, 1)},
}  # fmt: skip


def survey_list(*, organization: Organization) -> QuerySet[Survey]:
    """The organisation's surveys, for choosing one (dropdowns, filters)."""
    return Survey.objects.filter(organization=organization).prefetch_related("touchpoints")


def survey_list_with_response_counts(*, organization: Organization) -> QuerySet[Survey]:
    """The surveys with how many responses each has: only the survey list shows the count, and
    counting costs a pass over every response (seconds at millions of responses)."""
    return survey_list(organization=organization).annotate(response_count=Count("responses", distinct=True))


def survey_get(*, organization: Organization, pk: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("organization"), organization=organization, pk=pk)


def response_list(
    *,
    organization: Organization,
    membership: Membership,
    survey_id: int | None = None,
    touchpoint_id: int | None = None,
    source: str = "",
    band: str = "",
    has_comment: bool | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    customer_id: int | None = None,
) -> QuerySet[Response]:
    responses = Response.objects.filter(organization=organization)
    if membership.is_partner:
        responses = responses.filter(touchpoint__partner_id=membership.partner_id)
    if survey_id:
        responses = responses.filter(survey_id=survey_id)
    if touchpoint_id:
        responses = responses.filter(touchpoint_id=touchpoint_id)
    if source:
        responses = responses.filter(source=source)
    if customer_id:
        responses = responses.filter(customer_id=customer_id)
    if has_comment is not None:
        responses = responses.filter(has_comment=has_comment)
    if date_from:
        responses = responses.filter(started_at__date__gte=date_from)
    if date_to:
        responses = responses.filter(started_at__date__lte=date_to)
    if band in SCORE_BANDS:
        in_band = Q()
        for kind, (low, high) in SCORE_BANDS[band].items():
            in_band |= Q(question__kind=kind, score__gte=low, score__lte=high)
        # The band of a response is the band of its first scored question.
        first_scored_question = (
            Question.objects.filter(survey=OuterRef(OuterRef("survey_id")), kind__in=SCORED_KINDS)
            .order_by("position", "id")
            .values("pk")[:1]
        )
        first_scored = Answer.objects.filter(
            response=OuterRef("pk"), question=Subquery(first_scored_question)
        ).filter(in_band)
        responses = responses.filter(Exists(first_scored))
    return responses.select_related("survey", "customer", "touchpoint").prefetch_related("answers__question")


def response_get(*, organization: Organization, membership: Membership, pk: int) -> Response:
    return get_object_or_404(response_list(organization=organization, membership=membership), pk=pk)


def invitation_summary(*, organization: Organization, survey: Survey | None = None) -> dict:
    """How many invitations were sent, opened and answered, and why the others were not sent."""
    invitations = Invitation.objects.filter(organization=organization)
    if survey is not None:
        invitations = invitations.filter(survey=survey)
    by_status = dict(invitations.values_list("status").annotate(Count("id")))
    reasons = dict(
        invitations.filter(status=InvitationStatus.NOT_SENT).values_list("skip_reason").annotate(Count("id"))
    )
    sent = by_status.get(InvitationStatus.SENT, 0)
    opened = invitations.filter(status=InvitationStatus.SENT, opened_at__isnull=False).count()
    answered = invitations.filter(status=InvitationStatus.SENT, answered_at__isnull=False).count()
    return {
        "scheduled": by_status.get(InvitationStatus.SCHEDULED, 0),
        "sent": sent,
        "not_sent": by_status.get(InvitationStatus.NOT_SENT, 0),
        "failed": by_status.get(InvitationStatus.FAILED, 0),
        "opened": opened,
        "answered": answered,
        "reasons": reasons,
    }


def invitation_list(*, organization: Organization, membership: Membership) -> QuerySet[Invitation]:
    invitations = Invitation.objects.filter(organization=organization)
    if membership.is_partner:
        invitations = invitations.filter(touchpoint__partner_id=membership.partner_id)
    return invitations.select_related("survey", "customer", "touchpoint")


def outbox_list(*, organization: Organization, membership: Membership) -> QuerySet[OutboxMessage]:
    if membership.is_partner:
        return OutboxMessage.objects.none()
    return OutboxMessage.objects.filter(organization=organization)


def kiosk_list(*, organization: Organization) -> QuerySet[KioskDevice]:
    return KioskDevice.objects.filter(organization=organization).select_related("survey", "touchpoint")


def widget_list(*, organization: Organization) -> QuerySet[WebWidget]:
    return WebWidget.objects.filter(organization=organization).select_related("survey", "touchpoint")
