"""Every read of the journey, scoped to the organisation and, for partner users, to their partner."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from hymy.tenancy.models import Membership, Organization

from .models import JourneyStage, Touchpoint


def touchpoint_list(*, organization: Organization, membership: Membership) -> QuerySet[Touchpoint]:
    touchpoints = Touchpoint.objects.filter(organization=organization).select_related("stage", "partner")
    if membership.is_partner:
        touchpoints = touchpoints.filter(partner_id=membership.partner_id)
    return touchpoints.order_by("priority", "id")


def touchpoint_get(*, organization: Organization, membership: Membership, pk: int) -> Touchpoint:
    return get_object_or_404(touchpoint_list(organization=organization, membership=membership), pk=pk)


def journey_map(*, organization: Organization, membership: Membership) -> list[JourneyStage]:
    """Stages in journey order, each with `visible_touchpoints` in priority order."""
    stages = JourneyStage.objects.filter(organization=organization).prefetch_related(
        Prefetch(
            "touchpoints",
            queryset=touchpoint_list(organization=organization, membership=membership),
            to_attr="visible_touchpoints",
        )
    )
    return list(stages)


def stage_list(*, organization: Organization) -> QuerySet[JourneyStage]:
    return JourneyStage.objects.filter(organization=organization)


def stage_get(*, organization: Organization, pk: int) -> JourneyStage:
    return get_object_or_404(JourneyStage, organization=organization, pk=pk)
