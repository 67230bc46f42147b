"""The API of figures: any metric of the Figures page for a period and a cut, with its n, 95 %
interval and the change from the previous period of the same length."""

import datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from hymy.api.auth import api_actor
from hymy.api.problems import ApiError
from hymy.api.schemas import Day, Id, Schema
from hymy.journeys.models import JourneyStage
from hymy.journeys.selectors import touchpoint_list
from hymy.surveys.models import Survey
from hymy.tenancy.choices import ApiResource
from hymy.tenancy.models import Partner, User

from . import selectors
from .selectors import METRICS, METRICS_BY_KEY, Period

router = Router(tags=["metrics"])
MetricKey = Literal[tuple(METRICS_BY_KEY)]
MAX_PERIOD_DAYS = 3660


class MetricInfo(Schema):
    key: str
    label: str
    unit: str


class ChangeOut(Schema):
    difference: float | None
    p_value: float | None
    is_significant: bool


class MetricOut(Schema):
    metric: str
    label: str
    unit: str
    date_from: datetime.date
    date_to: datetime.date
    value: float | None
    low: float | None
    high: float | None
    n: int
    confidence: float
    is_too_few: bool
    previous_value: float | None
    change: ChangeOut
    histogram: dict[str, int]


def _attribute(value: str) -> tuple[str, str] | None:
    """`key:value` as the Figures page reads it; unlike the page, a malformed one is an error, not no cut."""
    if not value:
        return None
    attribute = selectors.segment_attribute_of(value)
    if attribute is None:
        raise ApiError(422, _("Name a custom attribute as key:value."), field="attribute")
    return attribute


@router.get("/metrics", response=list[MetricInfo], summary="List the metrics")
def metric_list(request):
    api_actor(request, ApiResource.METRICS)
    return [{"key": spec.key, "label": str(spec.label), "unit": spec.unit} for spec in METRICS]


@router.get("/metrics/{metric}", response=MetricOut, summary="Read a metric for a period and cut")
def metric_read(
    request,
    metric: MetricKey,
    date_from: Day | None = None,
    date_to: Day | None = None,
    touchpoint_id: Id | None = None,
    stage_id: Id | None = None,
    survey_id: Id | None = None,
    partner_id: Id | None = None,
    channel: str = "",
    language: Literal["fi", "sv", "en"] | None = None,
    tag: str = "",
    attribute: str = "",
    staff_id: Id | None = None,
):
    """`date_from`–`date_to` (inclusive, default the last 30 days); the cut narrows to one
    touchpoint, stage, survey, partner, channel, respondent language, customer tag, customer segment
    by custom attribute (`attribute=key:value`, as on the Figures page) or the staff member who served."""
    actor = api_actor(request, ApiResource.METRICS)
    date_to = date_to or timezone.localdate()
    date_from = date_from or date_to - datetime.timedelta(days=29)
    if date_from > date_to:
        raise ApiError(422, _("The period cannot end before it starts."), field="date_from")
    if (date_to - date_from).days > MAX_PERIOD_DAYS:
        raise ApiError(422, _("Ask for at most ten years at a time."), field="date_from")
    organization, membership = actor.organization, actor.membership
    visible = {
        "touchpoint_id": touchpoint_list(organization=organization, membership=membership),
        "stage_id": JourneyStage.objects.filter(organization=organization),
        "survey_id": Survey.objects.filter(organization=organization),
        "partner_id": Partner.objects.filter(organization=organization),
        "staff_id": User.objects.filter(memberships__organization=organization),
    }
    cut = {
        "touchpoint_id": touchpoint_id,
        "stage_id": stage_id,
        "survey_id": survey_id,
        "partner_id": partner_id,
        "staff_id": staff_id,
    }
    for field, pk in cut.items():
        if pk is not None and not visible[field].filter(pk=pk).exists():
            raise ApiError(404, _("No such object in this organisation."), field=field)
    cut.update(
        channel=channel.replace("\x00", ""),
        language=language or "",
        tag=tag.replace("\x00", "").strip(),
        attribute=_attribute(attribute.replace("\x00", "")),
    )
    spec = METRICS_BY_KEY[metric]
    period = Period(date_from, date_to)
    current = selectors.histogram(
        organization=organization, membership=membership, spec=spec, period=period, **cut
    )
    previous = selectors.histogram(
        organization=organization, membership=membership, spec=spec, period=period.previous, **cut
    )
    estimate, change = selectors.estimate_of(spec, current), selectors.change_of(spec, current, previous)
    return {
        "metric": spec.key,
        "label": str(spec.label),
        "unit": spec.unit,
        "date_from": date_from,
        "date_to": date_to,
        "value": estimate.value,
        "low": estimate.low,
        "high": estimate.high,
        "n": estimate.n,
        "confidence": 0.95,
        "is_too_few": estimate.is_too_few,
        "previous_value": selectors.estimate_of(spec, previous).value,
        "change": {
            "difference": change.difference,
            "p_value": change.p_value,
            "is_significant": change.is_significant,
        },
        "histogram": {str(score): count for score, count in sorted(current.items())},
    }
