"""The demo truth: what was planted in a simulated organisation, and what came out of it.

"Planted" values are the model's parameters (a touchpoint's quality, the churn hazard after a
complaint fixed fast). "Realised" values are counted from the generated records with the same
rules anyone can apply to the database, so a test or an analysis can recompute them exactly.
"""

import datetime
from collections import Counter, defaultdict

from hymy.customers.choices import CustomerKind, EncounterOutcome

from .records import EncounterRecord
from .responses import EXPERIENCE, question_kinds, typical_expectation

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


def feedback_truth(
    spec, customers, invitations, responses, *, expected: list | None = None, planted: dict | None = None
) -> dict:
    """What the surveys collected, counted with the rules anyone can apply to the database.

    Per touchpoint, the answers to the first question of each survey are summed by its kind: NPS
    (promoters 9–10 minus detractors 0–6, in points), CSAT and CES means, smiley shares. With the
    planted model (`expected`), each also shows the model's expected value over the same
    respondents, and the expected value for a typical contact.
    """
    kinds = {survey.key: question_kinds(survey) for survey in spec.surveys}
    touchpoints = {touchpoint.key: touchpoint for touchpoint in spec.touchpoints}
    partner_names = {partner.key: partner.name for partner in spec.partners}
    churned = {customer.key for customer in customers if customer.churned_at is not None}

    statuses = Counter(invitation.status for invitation in invitations)
    reasons = Counter(invitation.skip_reason for invitation in invitations if invitation.skip_reason)
    channels: dict[str, Counter] = defaultdict(Counter)
    for invitation in invitations:
        if invitation.sent_at is None:
            continue
        counts = channels[invitation.channel]
        counts["sent"] += 1
        counts["opened"] += invitation.opened_at is not None
        counts["answered"] += invitation.answered_at is not None
    rates = {
        channel: {**counts, "answer_rate": round(counts["answered"] / counts["sent"], 4)}
        for channel, counts in sorted(channels.items())
    }

    scores: dict[tuple[str, str], list[int]] = defaultdict(list)
    expectations: dict[tuple[str, str], list[float]] = defaultdict(list)
    yes_answers: dict[int, list[int]] = defaultdict(list)
    stayers, leavers = [], []
    for index, response in enumerate(responses):
        survey_kinds = kinds[response.survey_key]
        first = next((answer for answer in response.answers if answer.position == 1), None)
        for answer in response.answers:
            if survey_kinds[answer.position - 1] == "yes_no" and answer.score is not None:
                yes_answers[answer.position].append(answer.score)
        if first is None or first.score is None or survey_kinds[0] == "yes_no":
            continue
        key = (response.touchpoint_key, survey_kinds[0])
        scores[key].append(first.score)
        if expected is not None and expected[index] is not None:
            expectations[key].append(expected[index])
        if survey_kinds[0] == "nps" and response.source == "invitation":
            (leavers if response.customer_key in churned else stayers).append(first.score)

    by_touchpoint: dict[str, dict] = {}
    for (touchpoint_key, kind), values in sorted(scores.items()):
        touchpoint = touchpoints[touchpoint_key]
        entry = by_touchpoint.setdefault(
            touchpoint.name,
            {
                "key": touchpoint_key,
                "operated_by": partner_names[touchpoint.partner] if touchpoint.partner else "own staff",
            },
        )
        summary = score_summary(kind, values)
        if expectations.get((touchpoint_key, kind)):
            values_expected = expectations[(touchpoint_key, kind)]
            summary["expected"] = round(sum(values_expected) / len(values_expected), 2)
        if planted is not None and touchpoint_key in EXPERIENCE:
            summary["expected_for_a_typical_contact"] = round(
                typical_expectation(kind, touchpoint_key, touchpoint.quality), 2
            )
            summary["planted_experience"] = EXPERIENCE[touchpoint_key]
        entry[kind] = summary

    return {
        "planted": planted or {},
        "rules": {
            "nps": "per touchpoint, every response whose survey's first question is NPS (any source): "
            "100 × (share of 9–10 − share of 0–6), rounded to 0.1",
            "csat_ces_smiley": "per touchpoint, the mean of the first question's scores, rounded to 0.01",
            "response_rates": "answered / sent invitations per channel",
            "nps_by_later_churn": "NPS of invitation responses by customers who left (at any time) vs stayed",
        },
        "invitations": {
            "total": len(invitations),
            "by_status": dict(sorted(statuses.items())),
            "not_sent_reasons": dict(sorted(reasons.items())),
            "by_channel": rates,
        },
        "responses": {
            "total": len(responses),
            "by_source": dict(sorted(Counter(response.source for response in responses).items())),
            "by_survey": dict(sorted(Counter(response.survey_key for response in responses).items())),
            "by_language": dict(sorted(Counter(response.language for response in responses).items())),
            "with_comment": sum(1 for response in responses if response.has_comment),
        },
        "by_touchpoint": by_touchpoint,
        "yes_share_by_question": {
            str(position): round(sum(values) / len(values), 4)
            for position, values in sorted(yes_answers.items())
        },
        "nps_by_later_churn": {
            "stayers": score_summary("nps", stayers) if stayers else None,
            "leavers": score_summary("nps", leavers) if leavers else None,
        },
    }


def score_summary(kind: str, values: list[int]) -> dict:
    """n and the metric of one question kind's scores."""
    n = len(values)
    if kind == "nps":
        promoters = sum(1 for value in values if value >= 9)
        detractors = sum(1 for value in values if value <= 6)
        return {
            "n": n,
            "promoters": promoters,
            "passives": n - promoters - detractors,
            "detractors": detractors,
            "nps": round(100 * (promoters - detractors) / n, 1),
        }
    summary = {"n": n, "mean": round(sum(values) / n, 2)}
    if kind == "csat":
        summary["satisfied_share"] = round(sum(1 for value in values if value >= 4) / n, 4)
    if kind.startswith("smiley"):
        summary["faces"] = {str(face): count for face, count in sorted(Counter(values).items())}
    return summary
