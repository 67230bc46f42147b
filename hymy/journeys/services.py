"""Every write to journey stages and touchpoints."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hymy.tenancy.models import Organization, Partner

from .choices import Channel, Tier
from .models import JourneyStage, Touchpoint

# The journey of seed 002, from first hearing of the brand to after-sales.
DEFAULT_STAGES = [
    (gettext_lazy("First hearing of us"), gettext_lazy("Word of mouth, ads, search, social media.")),
    (gettext_lazy("Website"), gettext_lazy("Finding information and comparing: clear, pleasant, easy.")),
    (gettext_lazy("Store visit and sale"), gettext_lazy("Meeting us in person or online, choosing, buying.")),
    (gettext_lazy("Payment"), gettext_lazy("A critical moment: fast, easy, confirms a good decision.")),
    (gettext_lazy("Delivery"), gettext_lazy("Getting what was bought, when it was promised.")),
    (gettext_lazy("Support and warranty"), gettext_lazy("Help with problems, faults and warranty claims.")),
    (gettext_lazy("After-sales"), gettext_lazy("Staying in touch, the next purchase, recommending us.")),
]


@transaction.atomic
def journey_create_defaults(*, organization: Organization) -> list[JourneyStage]:
    """The default journey stages, named in the organisation's language."""
    with translation.override(organization.default_language):
        return [
            JourneyStage.objects.create(
                organization=organization, name=str(name), description=str(description), position=index
            )
            for index, (name, description) in enumerate(DEFAULT_STAGES, start=1)
        ]


def stage_create(*, organization: Organization, name: str, description: str = "") -> JourneyStage:
    last = JourneyStage.objects.filter(organization=organization).aggregate(last=Max("position"))["last"] or 0
    stage = JourneyStage(organization=organization, name=name, description=description, position=last + 1)
    stage.full_clean()
    stage.save()
    return stage


def stage_update(*, stage: JourneyStage, name: str, description: str = "") -> JourneyStage:
    stage.name = name
    stage.description = description
    stage.full_clean()
    stage.save()
    return stage


@transaction.atomic
def stage_move(*, stage: JourneyStage, offset: int) -> None:
    """Move a stage left (-1) or right (+1) in the journey."""
    stages = list(JourneyStage.objects.select_for_update().filter(organization_id=stage.organization_id))
    _move_in_list(stages, stage.pk, offset)
    for position, item in enumerate(stages, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _move_in_list(items: list, pk: int, offset: int) -> None:
    index = next(i for i, item in enumerate(items) if item.pk == pk)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))


def _validate_touchpoint_relations(organization: Organization, stage: JourneyStage, partner: Partner | None):
    errors = {}
    if stage.organization_id != organization.pk:
        errors["stage"] = _("Choose a stage of this organisation's journey.")
    if partner is not None and partner.organization_id != organization.pk:
        errors["partner"] = _("Choose a partner of this organisation.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def touchpoint_create(
    *,
    organization: Organization,
    stage: JourneyStage,
    name: str,
    channel: str = Channel.IN_PERSON,
    tier: str = Tier.CORE,
    partner: Partner | None = None,
    expectations: str = "",
    is_active: bool = True,
) -> Touchpoint:
    """A new touchpoint, placed last in the priority order until someone moves it."""
    _validate_touchpoint_relations(organization, stage, partner)
    last = Touchpoint.objects.filter(organization=organization).aggregate(last=Max("priority"))["last"] or 0
    touchpoint = Touchpoint(
        organization=organization,
        stage=stage,
        name=name,
        channel=channel,
        tier=tier,
        partner=partner,
        expectations=expectations,
        is_active=is_active,
        priority=last + 1,
    )
    touchpoint.full_clean()
    touchpoint.save()
    return touchpoint


def touchpoint_update(
    *,
    touchpoint: Touchpoint,
    stage: JourneyStage,
    name: str,
    channel: str,
    tier: str,
    partner: Partner | None,
    expectations: str,
    is_active: bool = True,
) -> Touchpoint:
    _validate_touchpoint_relations(touchpoint.organization, stage, partner)
    touchpoint.stage = stage
    touchpoint.name = name
    touchpoint.channel = channel
    touchpoint.tier = tier
    touchpoint.partner = partner
    touchpoint.expectations = expectations
    touchpoint.is_active = is_active
    touchpoint.full_clean()
    touchpoint.save()
    return touchpoint


@transaction.atomic
def touchpoint_reorder(*, organization: Organization, ordered_ids: list[int]) -> None:
    """Set the priority order: the first id becomes priority 1. Ids not listed keep their order after."""
    touchpoints = {tp.pk: tp for tp in Touchpoint.objects.select_for_update().filter(organization=organization)}
    unknown = [pk for pk in ordered_ids if pk not in touchpoints]
    if unknown:
        raise ValidationError(_("Unknown touchpoint in the new order."))
    listed = [touchpoints[pk] for pk in dict.fromkeys(ordered_ids)]
    rest = sorted((tp for pk, tp in touchpoints.items() if pk not in set(ordered_ids)), key=lambda t: t.priority)
    for priority, touchpoint in enumerate(listed + rest, start=1):
        if touchpoint.priority != priority:
            touchpoint.priority = priority
            touchpoint.save(update_fields=["priority"])


def touchpoint_move(*, touchpoint: Touchpoint, offset: int) -> None:
    """Move a touchpoint up (-1, more important) or down (+1) in the priority order."""
    ordered = list(
        Touchpoint.objects.filter(organization_id=touchpoint.organization_id).order_by("priority", "id")
    )
    _move_in_list(ordered, touchpoint.pk, offset)
    touchpoint_reorder(organization=touchpoint.organization, ordered_ids=[tp.pk for tp in ordered])
