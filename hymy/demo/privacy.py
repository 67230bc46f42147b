"""The demo app's planted truth holds simulated traits keyed by row ids, no one's personal data."""

from hymy.privacy.registry import not_personal

from .models import DemoTruth

not_personal(DemoTruth, fields=["truth"], reason="Simulated values of the demo organisations.")
