"""The API of the journey: the touchpoints an integration records encounters and purchases at."""

from ninja import Router

from hymy.api.auth import api_actor
from hymy.api.schemas import Schema

from . import selectors

router = Router(tags=["journey"])


class TouchpointOut(Schema):
    id: int
    name: str
    stage_id: int
    channel: str
    tier: str
    priority: int
    partner_id: int | None
    is_active: bool


@router.get("/touchpoints", response=list[TouchpointOut], summary="List touchpoints")
def touchpoint_list(request):
    """Every key may read the touchpoints (a partner's key: its own), to know where to record."""
    actor = api_actor(request, None)
    return selectors.touchpoint_list(organization=actor.organization, membership=actor.membership)
