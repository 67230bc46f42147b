"""The demo truth: what was planted in a simulated organisation, and what came out of it.

"Planted" values are the model's parameters (a touchpoint's quality, the churn hazard after a
complaint fixed fast). "Realised" values are counted from the generated records with the same
rules anyone can apply to the database, so a test or an analysis can recompute them exactly.
"""

import datetime
from collections import Counter, defaultdict

from hymy.customers.choices import CustomerKind, EncounterOutcome

from .records import EncounterRecord

BAD_OUTCOMES = (EncounterOutcome.UNRESOLVED, EncounterOutcome.COMPLAINT)
COMPLAINT_GROUPS = ("none", "fixed_fast", "fixed_slow", "unresolved")


def complaint_group(
    encounters: list[EncounterRecord], *, resolution_touchpoint: str, fast_within_days: int
) -> str:
    """How the customer's latest complaint was handled, read from their encounters alone.

    'fixed_fast': a 'resolved' encounter at the complaint-handling touchpoint within
    `fast_within_days` of the complaint; 'fixed_slow': one later; 'unresolved': none (yet);
    'none': the customer never complained.
    """
    complaints = [e.started_at for e in encounters if e.outcome == EncounterOutcome.COMPLAINT]
    if not complaints:
        return "none"
    latest = max(complaints)
    fixes = [
        e.started_at
        for e in encounters
        if e.touchpoint_key == resolution_touchpoint
        and e.outcome == EncounterOutcome.RESOLVED
        and e.started_at > latest
    ]
    if not fixes:
        return "unresolved"
    if min(fixes) - latest <= datetime.timedelta(days=fast_within_days):
        return "fixed_fast"
    return "fixed_slow"


def telecom_truth(simulation, *, planted: dict) -> dict:
    """The truth of a `TelecomSimulation` after it has run: planted values and realised counts."""
    spec = simulation.spec
    partner_names = {partner.key: partner.name for partner in spec.partners}
    fast_within = planted["fixed_fast_within_days"]

    by_customer: dict[str, list[EncounterRecord]] = defaultdict(list)
    per_touchpoint: dict[str, Counter] = defaultdict(Counter)
    for encounter in simulation.encounters:
        if encounter.customer_key is not None:
            by_customer[encounter.customer_key].append(encounter)
        counts = per_touchpoint[encounter.touchpoint_key]
        counts["encounters"] += 1
        counts[encounter.outcome] += 1

    groups = {group: {"customers": 0, "churned": 0} for group in COMPLAINT_GROUPS}
    customers = {}
    for customer in simulation.customers:
        group = complaint_group(
            by_customer[customer.key], resolution_touchpoint="complaints", fast_within_days=fast_within
        )
        groups[group]["customers"] += 1
        groups[group]["churned"] += customer.churned_at is not None
        traits = simulation.traits[customer.key]
        customers[customer.external_id] = {
            "segment": traits.segment,
            "satisfaction": round(traits.satisfaction, 3),
            "digital": round(traits.digital, 3),
            "base_churn_hazard_per_year": round(traits.base_hazard, 4),
            "complaint_group": group,
        }
    for counts in groups.values():
        counts["churn_share"] = (
            round(counts["churned"] / counts["customers"], 4) if counts["customers"] else None
        )

    touchpoints = {}
    for touchpoint in spec.touchpoints:
        counts = per_touchpoint[touchpoint.key]
        bad = sum(counts[outcome] for outcome in BAD_OUTCOMES)
        touchpoints[touchpoint.name] = {
            "key": touchpoint.key,
            "operated_by": partner_names[touchpoint.partner] if touchpoint.partner else "own staff",
            "planted_quality": touchpoint.quality,
            "planted_bad_share": round(1 - touchpoint.quality, 4),
            "median_minutes": touchpoint.minutes,
            "encounters": counts["encounters"],
            "bad_outcomes": bad,
            "bad_share": round(bad / counts["encounters"], 4) if counts["encounters"] else None,
            "outcomes": {outcome: counts[outcome] for outcome in EncounterOutcome.values if counts[outcome]},
        }

    kinds = Counter(customer.kind for customer in simulation.customers)
    return {
        "kind": "simulated",
        "start": simulation.start.date().isoformat(),
        "end": simulation.end.date().isoformat(),
        "planted": planted,
        "complaint_handling": {
            "resolution_touchpoint": spec_touchpoint_name(spec, "complaints"),
            "fast_within_days": fast_within,
            "rule": "group = handling of the customer's latest complaint (outcome 'complaint' anywhere): "
            "'fixed_fast' if a 'resolved' encounter at the resolution touchpoint follows within "
            "fast_within_days, 'fixed_slow' if one follows later, else 'unresolved'; 'none' if no complaint.",
            "realised": groups,
        },
        "touchpoints": touchpoints,
        "counts": {
            "customers": len(simulation.customers),
            "companies": kinds[CustomerKind.COMPANY],
            "persons": kinds[CustomerKind.PERSON],
            "churned": sum(1 for customer in simulation.customers if customer.churned_at is not None),
            "encounters": len(simulation.encounters),
            "anonymous_encounters": sum(1 for e in simulation.encounters if e.customer_key is None),
            "complaints": sum(1 for e in simulation.encounters if e.outcome == EncounterOutcome.COMPLAINT),
            "purchases": len(simulation.purchases),
            "purchase_amount": str(sum(purchase.amount for purchase in simulation.purchases)),
            "notes": len(simulation.notes),
        },
        "customers": customers,
    }


def spec_touchpoint_name(spec, key: str) -> str:
    return next(touchpoint.name for touchpoint in spec.touchpoints if touchpoint.key == key)
