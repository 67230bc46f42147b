"""The demo organisations and how each one's data is simulated.

`simulate_organization` returns plain records (see `records.py`) and never touches the database,
so additions — survey invitations and responses (`responses.py`), later complaints as cases —
extend the records and the loader without changing how the data is drawn.
"""

import datetime
import random

from . import loistopixel, revontuli, telecom
from .records import OrganizationSpec, SimulatedOrganization

DEMO_PERIOD_DAYS = 730
DEMO_SPECS = [loistopixel.SPEC, revontuli.SPEC]


def demo_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The two years that end today: the demo always looks current."""
    return today - datetime.timedelta(days=DEMO_PERIOD_DAYS), today


def organization_rng(seed: int, spec: OrganizationSpec) -> random.Random:
    """Each organisation draws from its own seeded stream, so changing one never shifts the other."""
    return random.Random(f"{seed}:{spec.slug}")


def simulate_organization(
    spec: OrganizationSpec, rng: random.Random, *, today: datetime.date, scale: float
) -> SimulatedOrganization:
    """The organisation's customers and their history as plain records, with the truth planted in them.

    Loistopixel is a one-person studio with exactly five hand-written customers; its size does not
    scale. The telecom is simulated, and `scale` multiplies its customers and so all their events.
    """
    start, end = demo_period(today)
    if spec.slug == loistopixel.SPEC.slug:
        return loistopixel.simulate(start=start)
    return telecom.simulate(spec, rng, start=start, end=end, scale=scale)
