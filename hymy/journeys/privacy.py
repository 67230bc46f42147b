"""The journeys app holds the organisation's own descriptions, no one's personal data."""

from hymy.privacy.registry import not_personal

from .models import JourneyStage, Touchpoint

not_personal(JourneyStage, fields=["name", "description"], reason="The organisation's journey stages.")
not_personal(Touchpoint, fields=["name", "expectations"], reason="The organisation's touchpoints.")
