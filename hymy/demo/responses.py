"""Survey invitations and responses for the simulated telecom, drawn from the planted model.

Everything here works on plain records (no database) with the simulation's seeded RNG, after the
customers' two years have been simulated:

- Every encounter or purchase at a touchpoint with a survey triggers an invitation, which goes
  through the same rules as `hymy.surveys.services.invitation_schedule`: the customer has left,
  no consent, no address, asked within the contact rule's 30 days, or not in the sample — each
  recorded as a not-sent invitation with its reason — otherwise it is sent after the survey's
  delay, outside the quiet hours. About a third of the e-mails and a fifth of the text
  messages are answered.
- A score comes from a latent experience: the touchpoint's planted service level, the customer's
  hidden satisfaction, what went wrong around the contact (an unresolved issue or a complaint,
  also on the delivery after a web order), an open complaint and the months before the customer
  leaves. The outsourced delivery and call centre have lower service levels than our own staff,
  so their scores are lower even when nothing fails; and they fail more often.
- Anonymous answers come from the shops' smiley kiosks (many a day, busier at Christmas), the
  question on the web shop's thank-you page and the NPS link on receipts; the account manager
  enters a few phone interviews with business customers.
- "Why?" comments are written per touchpoint and score band (`comments.py`).

The model's numbers are recorded in the demo truth together with what came out of them.
"""

import datetime
import math
import random
import uuid
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from hymy.customers.choices import CustomerKind, EncounterOutcome
from hymy.surveys.choices import (
    DeviceKind,
    InvitationChannel,
    InvitationStatus,
    QuestionKind,
    ResponseSource,
    SkipReason,
)
from hymy.surveys.library import TEMPLATES

from . import comments, timing
from .records import (
    AnswerRecord,
    CustomerRecord,
    EncounterRecord,
    InvitationRecord,
    OrganizationSpec,
    PurchaseRecord,
    ResponseRecord,
    SurveySpec,
)

# --- The planted response model: every number here is copied into the demo truth -------------------

CONTACT_RULE_DAYS = 30  # the default ContactPolicy: one invitation per customer per 30 days
QUIET_HOURS = (21, 8)  # nothing is sent from 21:00 to 08:00

# The service level people feel at each touchpoint when nothing goes wrong (the latent scale's
# units: 1 ≈ one standard deviation of the answer noise). Our own staff serve with passion; the
# partners' couriers and call-centre agents do the job and no more.
EXPERIENCE = {
    "shop_helsinki": 0.9, "shop_tampere": 0.95, "shop_oulu": 0.8, "shop_pickup": 0.75,
    "web_shop": 0.7, "web_chat": 0.65, "website": 0.5, "app_chat": 0.45, "repair": 0.5,
    "business_sales": 0.6, "loyalty": 0.8, "home_delivery": 0.0, "call_centre": 0.0,
}  # fmt: skip
# How much the customer's hidden satisfaction (a standard normal trait) moves each kind of answer:
# recommending is about the whole relationship, a contact's CSAT or CES mostly about the contact.
SATISFACTION_WEIGHT = {
    QuestionKind.NPS: 0.8, QuestionKind.CSAT: 0.45, QuestionKind.CES: 0.35,
    QuestionKind.SMILEY3: 0.45, QuestionKind.YES_NO: 0.7,
}  # fmt: skip
NOISE = 0.9  # standard deviation of the answer's own noise
# The worst thing that happened to the customer from a day before the contact until the answer.
OUTCOME_EFFECT = {EncounterOutcome.COMPLAINT: -2.4, EncounterOutcome.UNRESOLVED: -1.6}
ANONYMOUS_FAILURE_EFFECT = -2.0  # a kiosk or widget respondent whose visit went wrong
OPEN_COMPLAINT_EFFECT = -0.9  # a complaint of the last 120 days that is not fixed
OPEN_COMPLAINT_DAYS = 120
RECOVERED_EFFECT = 0.3  # a complaint fixed within 3 days, in the last 180 days (service recovery)
RECOVERED_DAYS = 180
PRE_CHURN_EFFECT = -0.8  # in the 180 days before the customer leaves: they have given up on us
PRE_CHURN_DAYS = 180
# The latent value where each score starts (a score is how many thresholds the value reaches, plus
# the scale's lowest score). NPS: promoters from 0.5, detractors below −0.5.
THRESHOLDS = {
    QuestionKind.NPS: [(score - 8) / 2 for score in range(1, 11)],
    QuestionKind.CSAT: [-1.6, -0.8, 0.0, 0.8],
    QuestionKind.CES: [-1.9, -1.4, -0.9, -0.3, 0.3, 1.0],
    QuestionKind.SMILEY3: [-1.1, -0.1],
}
LOWEST_SCORE = {QuestionKind.NPS: 0, QuestionKind.CSAT: 1, QuestionKind.CES: 1, QuestionKind.SMILEY3: 1}
# The three direct questions: "yes" from these latent values (getting what you came for is easier
# than recommending).
YES_THRESHOLDS = {1: -1.0, 2: -1.2, 3: -0.4}
# Score bands for comments, as the response inbox has them.
BANDS = {
    QuestionKind.NPS: {"low": (0, 6), "middle": (7, 8), "high": (9, 10)},
    QuestionKind.CSAT: {"low": (1, 2), "middle": (3, 3), "high": (4, 5)},
    QuestionKind.CES: {"low": (1, 3), "middle": (4, 4), "high": (5, 7)},
    QuestionKind.SMILEY3: {"low": (1, 1), "middle": (2, 2), "high": (3, 3)},
}

# Invitations: how many are opened and answered, per channel. The unhappy answer more often.
OPEN_RATE = {InvitationChannel.EMAIL: 0.6, InvitationChannel.SMS: 0.36}
ANSWER_RATE = {InvitationChannel.EMAIL: 0.36, InvitationChannel.SMS: 0.22}
UNHAPPY_ANSWER_FACTOR = 1.3
FAILED_SHARE = {InvitationChannel.EMAIL: 0.002, InvitationChannel.SMS: 0.006}
FAILED_ERRORS = {
    InvitationChannel.EMAIL: "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
    InvitationChannel.SMS: "SMS gateway answered 503 Service Unavailable",
}
# How often a "why?" is written, by score band.
COMMENT_SHARE = {
    "nps_followup": {"low": 0.6},
    "nps_praise": {"middle": 0.25, "high": 0.35},
    "csat": {"low": 0.6, "middle": 0.35, "high": 0.22},
    "ces": {"low": 0.5, "middle": 0.3},
    "kiosk": {"low": 0.18, "middle": 0.05, "high": 0.04},
    "widget": {"low": 0.4, "middle": 0.2},
    "three_questions": 0.2,
    "interview": 0.85,
}

# Anonymous answers on an ordinary day at scale 1 (× the seasonal weight of the day).
KIOSK_ANSWERS_PER_DAY = {"shop_helsinki": 6.5, "shop_tampere": 3.6, "shop_oulu": 2.6}
KIOSK_LANGUAGES = {
    "shop_helsinki": {"fi": 84, "sv": 6, "en": 10},
    "shop_tampere": {"fi": 95, "sv": 2, "en": 3},
    "shop_oulu": {"fi": 96, "sv": 1, "en": 3},
}
WIDGET_ANSWERS_PER_DAY = 1.9
PUBLIC_LINK_ANSWERS_PER_DAY = 0.1
VISITOR_LANGUAGES = {"fi": 86, "sv": 5, "en": 9}
COMPANY_INTERVIEWS_PER_YEAR = 0.6

DEVICES = {
    InvitationChannel.EMAIL: {DeviceKind.MOBILE: 58, DeviceKind.DESKTOP: 36, DeviceKind.TABLET: 6},
    InvitationChannel.SMS: {DeviceKind.MOBILE: 96, DeviceKind.TABLET: 4},
    ResponseSource.WIDGET: {DeviceKind.MOBILE: 62, DeviceKind.DESKTOP: 33, DeviceKind.TABLET: 5},
    ResponseSource.PUBLIC_LINK: {DeviceKind.MOBILE: 90, DeviceKind.DESKTOP: 7, DeviceKind.TABLET: 3},
}

# Which comments describe a touchpoint (see comments.COMMENTS).
COMMENT_GROUPS = {
    "shop_helsinki": "shop", "shop_tampere": "shop", "shop_oulu": "shop", "web_shop": "web_shop",
    "web_payment": "payment", "home_delivery": "delivery", "shop_pickup": "pickup",
    "call_centre": "call_centre", "web_chat": "chat", "app_chat": "app", "website": "website",
    "repair": "repair", "billing": "billing", "activation": "activation", "complaints": "complaint",
}  # fmt: skip

BAD = (EncounterOutcome.COMPLAINT, EncounterOutcome.UNRESOLVED)


def planted_summary() -> dict:
    """The response model's constants, for the demo truth."""
    return {
        "contact_rule_days": CONTACT_RULE_DAYS,
        "quiet_hours": list(QUIET_HOURS),
        "experience_by_touchpoint": EXPERIENCE,
        "satisfaction_weight_by_question_kind": {
            str(kind): weight for kind, weight in SATISFACTION_WEIGHT.items()
        },
        "answer_noise_sd": NOISE,
        "outcome_effect": {str(outcome): effect for outcome, effect in OUTCOME_EFFECT.items()},
        "anonymous_failure_effect": ANONYMOUS_FAILURE_EFFECT,
        "open_complaint_effect": OPEN_COMPLAINT_EFFECT,
        "recovered_complaint_effect": RECOVERED_EFFECT,
        "pre_churn_effect": PRE_CHURN_EFFECT,
        "pre_churn_days": PRE_CHURN_DAYS,
        "score_thresholds": {str(kind): values for kind, values in THRESHOLDS.items()},
        "yes_thresholds_by_question": {str(position): value for position, value in YES_THRESHOLDS.items()},
        "open_rate_by_channel": {str(channel): rate for channel, rate in OPEN_RATE.items()},
        "answer_rate_by_channel": {str(channel): rate for channel, rate in ANSWER_RATE.items()},
        "unhappy_answer_factor": UNHAPPY_ANSWER_FACTOR,
        "kiosk_answers_per_day_at_scale_1": KIOSK_ANSWERS_PER_DAY,
        "widget_answers_per_day_at_scale_1": WIDGET_ANSWERS_PER_DAY,
        "public_link_answers_per_day_at_scale_1": PUBLIC_LINK_ANSWERS_PER_DAY,
        "company_interviews_per_year": COMPANY_INTERVIEWS_PER_YEAR,
        "model": "latent = experience[touchpoint] + weight[kind] × satisfaction + worst outcome effect "
        "+ open complaint / recovered / pre-churn effects + Normal(0, noise); "
        "score = lowest + number of thresholds reached",
    }


# --- Helpers shared with the scripted studio -----------------------------------------------------


def survey_settings(survey: SurveySpec) -> dict:
    """The template's trigger settings with the spec's changes applied."""
    template = TEMPLATES[survey.template_key]
    settings = {
        "invite_after_encounters": template.get("invite_after_encounters", True),
        "invite_after_purchases": template.get("invite_after_purchases", False),
        "invitation_delay_minutes": template.get("invitation_delay_minutes", 120),
        "sampling_percent": 100,
    }
    settings.update({key: value for key, value in survey.settings.items() if key in settings})
    return settings


def question_kinds(survey: SurveySpec) -> list[str]:
    return [question["kind"] for question in TEMPLATES[survey.template_key]["questions"]]


def scheduled_after(moment: datetime.datetime, minutes: int) -> datetime.datetime:
    """When an invitation made at `moment` is sent: after the delay (in real time, as the live
    scheduler counts it, so a night that changes the clocks lasts 23 or 25 hours), outside the quiet hours."""
    due = (moment.astimezone(datetime.UTC) + datetime.timedelta(minutes=minutes)).astimezone(timing.HELSINKI)
    return out_of_quiet_hours(due)


def out_of_quiet_hours(moment: datetime.datetime) -> datetime.datetime:
    """The first moment at or after `moment` (Helsinki time) outside the quiet hours, as the live scheduler."""
    start, end = QUIET_HOURS
    if moment.hour >= start:
        day = moment.date() + datetime.timedelta(days=1)
    elif moment.hour < end:
        day = moment.date()
    else:
        return moment
    return datetime.datetime(day.year, day.month, day.day, end, tzinfo=moment.tzinfo)


def purchase_moment(purchase: PurchaseRecord) -> datetime.datetime:
    """When a purchase triggers its survey: noon of its day, as `invitations_for_purchase` counts it
    for a purchase recorded with a date only."""
    day = purchase.purchased_on
    return datetime.datetime(day.year, day.month, day.day, 12, tzinfo=timing.HELSINKI)


def band_of(kind: str, score: int) -> str:
    return next(band for band, (low, high) in BANDS[kind].items() if low <= score <= high)


def normal_above(threshold: float, mean: float, sd: float) -> float:
    """P(X ≥ threshold) for X ~ Normal(mean, sd)."""
    return 0.5 * math.erfc((threshold - mean) / (sd * math.sqrt(2)))


def expected_value(kind: str, mean: float, sd: float = NOISE) -> float:
    """The model's expected answer for a latent mean: NPS in points (−100…100), else the mean score."""
    if kind == QuestionKind.NPS:
        promoters = normal_above(0.5, mean, sd)
        detractors = 1 - normal_above(-0.5, mean, sd)
        return 100 * (promoters - detractors)
    return LOWEST_SCORE[kind] + sum(normal_above(threshold, mean, sd) for threshold in THRESHOLDS[kind])


def typical_expectation(kind: str, touchpoint: str, quality: float) -> float:
    """The expected answer for a contact with a customer of average satisfaction drawn at random."""
    sd = math.sqrt(SATISFACTION_WEIGHT[kind] ** 2 + NOISE**2)
    base = EXPERIENCE[touchpoint]
    failed = (OUTCOME_EFFECT[EncounterOutcome.COMPLAINT] + OUTCOME_EFFECT[EncounterOutcome.UNRESOLVED]) / 2
    return quality * expected_value(kind, base, sd) + (1 - quality) * expected_value(kind, base + failed, sd)


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seeded_uuid(rng: random.Random) -> str:
    """A UUID like the one a kiosk or a browser makes for its idempotency key, but from the seed."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


@dataclass
class Trigger:
    """An encounter or purchase at a touchpoint that one survey invites after."""

    at: datetime.datetime
    survey_index: int
    touchpoint_key: str
    encounter_index: int | None = None
    purchase_index: int | None = None


@dataclass
class Experience:
    """How a customer's contact went, as it shapes their answer."""

    mean: float  # the latent mean without the question kind's satisfaction weight
    satisfaction: float
    worst: EncounterRecord | None  # what went wrong: at the touchpoint asked about, else the worst
    has_open_complaint: bool

    @property
    def is_unhappy(self) -> bool:
        return self.worst is not None or self.has_open_complaint


class TelecomFeedback:
    """Draws a telecom simulation's invitations and responses; `run()` fills the lists."""

    def __init__(self, simulation, rng: random.Random):
        self.simulation = simulation
        self.spec: OrganizationSpec = simulation.spec
        self.rng = rng
        self.start: datetime.datetime = simulation.start
        self.end: datetime.datetime = simulation.end
        self.scale: float = simulation.scale
        self.encounters: list[EncounterRecord] = simulation.encounters
        self.purchases: list[PurchaseRecord] = simulation.purchases
        self.surveys: list[SurveySpec] = self.spec.surveys
        self.survey_index = {survey.key: index for index, survey in enumerate(self.surveys)}
        self.settings = [survey_settings(survey) for survey in self.surveys]
        self.touchpoints = {touchpoint.key: touchpoint for touchpoint in self.spec.touchpoints}
        self.invitations: list[InvitationRecord] = []
        self.responses: list[ResponseRecord] = []
        # The model's expected first answer of each response, for the truth (None: not scored).
        self.expected: list[float | None] = []
        self.by_customer: dict[str, list[int]] = defaultdict(list)
        for index, encounter in enumerate(self.encounters):
            if encounter.customer_key is not None:
                self.by_customer[encounter.customer_key].append(index)
        self.starts = {
            key: [self.encounters[index].started_at for index in indices]
            for key, indices in self.by_customer.items()
        }

    def run(self) -> None:
        self.invite_and_answer()
        self.interviews()
        self.kiosk_answers()
        self.widget_answers()
        self.public_link_answers()

    # --- personal invitations -----------------------------------------------------------------

    def triggers(self) -> dict[str, list[Trigger]]:
        """Every survey trigger per customer, in the order the live system would meet them."""
        by_encounter: dict[str, list[int]] = defaultdict(list)
        by_purchase: dict[str, list[int]] = defaultdict(list)
        for index, (survey, settings) in enumerate(zip(self.surveys, self.settings, strict=True)):
            for touchpoint in survey.touchpoints:
                if settings["invite_after_encounters"]:
                    by_encounter[touchpoint].append(index)
                if settings["invite_after_purchases"]:
                    by_purchase[touchpoint].append(index)
        triggers: dict[str, list[Trigger]] = defaultdict(list)
        for index, encounter in enumerate(self.encounters):
            if encounter.customer_key is None:
                continue
            ended = encounter.ended_at or encounter.started_at
            for survey_index in by_encounter.get(encounter.touchpoint_key, ()):
                triggers[encounter.customer_key].append(
                    Trigger(ended, survey_index, encounter.touchpoint_key, encounter_index=index)
                )
        for index, purchase in enumerate(self.purchases):
            for survey_index in by_purchase.get(purchase.touchpoint_key, ()):
                triggers[purchase.customer_key].append(
                    Trigger(
                        purchase_moment(purchase), survey_index, purchase.touchpoint_key, purchase_index=index
                    )
                )
        for items in triggers.values():
            items.sort(key=lambda t: (t.at, t.survey_index, t.encounter_index or -1, t.purchase_index or -1))
        return triggers

    def invite_and_answer(self) -> None:
        triggers = self.triggers()
        rule = datetime.timedelta(days=CONTACT_RULE_DAYS)
        for customer in self.simulation.customers:
            last_sent: datetime.datetime | None = None
            pending: datetime.datetime | None = None  # when the scheduled invitation will be sent
            for trigger in triggers.get(customer.key, ()):
                if pending is not None and pending <= trigger.at:
                    last_sent, pending = pending, None
                settings = self.settings[trigger.survey_index]
                scheduled = scheduled_after(trigger.at, settings["invitation_delay_minutes"])
                if scheduled >= self.end:
                    continue  # it would be sent after today: not yet in the history
                channel = (
                    InvitationChannel.EMAIL
                    if customer.email
                    else InvitationChannel.SMS
                    if customer.phone
                    else None
                )
                reason = ""
                if customer.churned_at is not None and customer.churned_at <= trigger.at:
                    reason = SkipReason.CUSTOMER_CHURNED
                elif customer.survey_consent_at is None or customer.survey_consent_at > trigger.at:
                    reason = SkipReason.NO_CONSENT
                elif channel is None:
                    reason = SkipReason.NO_ADDRESS
                elif pending is not None or (last_sent is not None and last_sent >= trigger.at - rule):
                    reason = SkipReason.ASKED_RECENTLY
                elif self.rng.random() * 100 >= settings["sampling_percent"]:
                    reason = SkipReason.SAMPLED_OUT
                elif customer.churned_at is not None and customer.churned_at <= scheduled:
                    reason = SkipReason.CUSTOMER_CHURNED  # left before it was sent: checked again then
                invitation = InvitationRecord(
                    survey_key=self.surveys[trigger.survey_index].key,
                    customer_key=customer.key,
                    touchpoint_key=trigger.touchpoint_key,
                    channel=channel or InvitationChannel.EMAIL,
                    language=customer.language or "fi",
                    created_at=trigger.at,
                    scheduled_for=scheduled,
                    status=InvitationStatus.NOT_SENT if reason else InvitationStatus.SENT,
                    skip_reason=reason,
                    encounter_index=trigger.encounter_index,
                    purchase_index=trigger.purchase_index,
                )
                self.invitations.append(invitation)
                if reason:
                    continue
                if self.rng.random() < FAILED_SHARE[channel]:
                    invitation.status = InvitationStatus.FAILED
                    invitation.error = FAILED_ERRORS[channel]
                    continue
                invitation.sent_at = scheduled + datetime.timedelta(seconds=self.rng.randrange(3, 90))
                pending = invitation.sent_at
                self.follow(invitation, customer, trigger)

    def follow(self, invitation: InvitationRecord, customer: CustomerRecord, trigger: Trigger) -> None:
        """Whether the customer opens and answers the invitation, and what they answer."""
        rng = self.rng
        channel = invitation.channel
        opened_at = self.opened_at(invitation.sent_at, channel)
        answered_at = opened_at + datetime.timedelta(seconds=rng.randrange(5, 150))
        # Whether an unhappy customer answers more often depends on how it went until they answered.
        experience = self.experience(customer, trigger.touchpoint_key, trigger.at, answered_at)
        answer_rate = ANSWER_RATE[channel] * (UNHAPPY_ANSWER_FACTOR if experience.is_unhappy else 1.0)
        draw = rng.random()
        if draw >= max(OPEN_RATE[channel], answer_rate) or opened_at >= self.end:
            return
        invitation.opened_at = opened_at
        if draw >= answer_rate or answered_at >= self.end:
            return
        invitation.answered_at = answered_at
        survey = self.surveys[trigger.survey_index]
        response = ResponseRecord(
            survey_key=survey.key,
            source=ResponseSource.INVITATION,
            channel=channel,
            language=invitation.language,
            device=weighted(rng, DEVICES[channel]),
            started_at=answered_at,
            answers=[],
            touchpoint_key=trigger.touchpoint_key,
            customer_key=customer.key,
            invitation_index=len(self.invitations) - 1,
        )
        expected = self.answer(response, survey, experience)
        self.responses.append(response)
        self.expected.append(expected)

    def opened_at(self, sent_at: datetime.datetime, channel: str) -> datetime.datetime:
        """E-mails are read within hours (not at night), text messages within minutes."""
        median_hours = 2.5 if channel == InvitationChannel.EMAIL else 0.3
        hours = min(120.0, median_hours * math.exp(self.rng.gauss(0.0, 1.1)))
        opened = sent_at + datetime.timedelta(seconds=round(hours * 3600))
        if opened.hour < 7:
            opened = opened.replace(hour=self.rng.choice([7, 7, 8, 9]), minute=self.rng.randrange(60))
        return max(opened, sent_at + datetime.timedelta(seconds=30))

    def experience(
        self,
        customer: CustomerRecord,
        touchpoint_key: str,
        since: datetime.datetime,
        until: datetime.datetime,
    ) -> Experience:
        """The latent mean of the customer's answer about `touchpoint_key` given at `until`."""
        traits = self.simulation.traits[customer.key]
        mean = EXPERIENCE[touchpoint_key]
        indices = self.by_customer.get(customer.key, [])
        starts = self.starts.get(customer.key, [])
        first = bisect_left(starts, since - datetime.timedelta(days=1))
        last = bisect_left(starts, until)
        worst = here = None
        for index in indices[first:last]:
            encounter = self.encounters[index]
            if encounter.outcome not in BAD:
                continue
            if worst is None or OUTCOME_EFFECT[encounter.outcome] < OUTCOME_EFFECT[worst.outcome]:
                worst = encounter
            if encounter.touchpoint_key == touchpoint_key and here is None:
                here = encounter
        if worst is not None:
            mean += OUTCOME_EFFECT[worst.outcome]  # the worst of it weighs, wherever it happened
        worst = here or worst  # but people write first about the touchpoint they were asked about
        state = self.complaint_state(indices[:last], until)
        if state == "open":
            mean += OPEN_COMPLAINT_EFFECT
        elif state == "recovered":
            mean += RECOVERED_EFFECT
        churned = customer.churned_at
        if churned is not None and until < churned <= until + datetime.timedelta(days=PRE_CHURN_DAYS):
            mean += PRE_CHURN_EFFECT
        return Experience(mean, traits.satisfaction, worst, state == "open")

    def complaint_state(self, indices: list[int], until: datetime.datetime) -> str:
        """'open' (an unfixed complaint of the last 120 days), 'recovered' (fixed fast lately) or ''."""
        complaint = next(
            (
                self.encounters[index]
                for index in reversed(indices)
                if self.encounters[index].outcome == EncounterOutcome.COMPLAINT
            ),
            None,
        )
        if complaint is None:
            return ""
        fixes = [
            self.encounters[index].started_at
            for index in indices
            if self.encounters[index].touchpoint_key == "complaints"
            and self.encounters[index].outcome == EncounterOutcome.RESOLVED
            and self.encounters[index].started_at > complaint.started_at
        ]
        age = until - complaint.started_at
        if not fixes:
            return "open" if age <= datetime.timedelta(days=OPEN_COMPLAINT_DAYS) else ""
        fast = min(fixes) - complaint.started_at <= datetime.timedelta(days=3)
        return "recovered" if fast and age <= datetime.timedelta(days=RECOVERED_DAYS) else ""

    # --- answers --------------------------------------------------------------------------------

    def latent(self, kind: str, experience: Experience) -> tuple[float, float]:
        """(the latent mean for this kind of question, one draw of the answer's latent value)."""
        mean = experience.mean + SATISFACTION_WEIGHT[kind] * experience.satisfaction
        return mean, mean + self.rng.gauss(0.0, NOISE)

    @staticmethod
    def score(kind: str, value: float) -> int:
        return LOWEST_SCORE[kind] + sum(value >= threshold for threshold in THRESHOLDS[kind])

    def answer(self, response: ResponseRecord, survey: SurveySpec, experience: Experience) -> float | None:
        """Fill in the response's answers; return the model's expected first answer."""
        rng = self.rng
        kinds = question_kinds(survey)
        at = response.started_at
        language = response.language
        if kinds[0] == QuestionKind.YES_NO:
            for position in (1, 2, 3):
                mean, value = self.latent(QuestionKind.YES_NO, experience)
                yes = int(value >= YES_THRESHOLDS[position])
                why = ""
                if rng.random() < COMMENT_SHARE["three_questions"]:
                    is_business = response.touchpoint_key == "business_sales"
                    why = comments.three_questions_why(rng, position, yes, language, is_business=is_business)
                at += datetime.timedelta(seconds=rng.randrange(8, 60))
                response.answers.append(AnswerRecord(position, at, score=yes, followup_text=why))
            return None
        kind = kinds[0]
        mean, value = self.latent(kind, experience)
        score = self.score(kind, value)
        band = band_of(kind, score)
        first = AnswerRecord(1, at, score=score)
        response.answers.append(first)
        group, about = self.comment_topic(response.touchpoint_key, experience, band)
        if kind == QuestionKind.NPS:
            if band == "low" and rng.random() < COMMENT_SHARE["nps_followup"]["low"]:
                first.followup_text = comments.comment(rng, group, band, language, touchpoint_key=about)
                first.answered_at = at + datetime.timedelta(seconds=rng.randrange(20, 180))
            elif band != "low" and rng.random() < COMMENT_SHARE["nps_praise"][band]:
                text = comments.comment(rng, group, band, language, touchpoint_key=about)
                answered = at + datetime.timedelta(seconds=rng.randrange(20, 180))
                response.answers.append(AnswerRecord(2, answered, text=text))
        else:
            share = COMMENT_SHARE["csat" if kind == QuestionKind.CSAT else "ces"].get(band, 0.0)
            if rng.random() < share:
                first.followup_text = comments.comment(rng, group, band, language, touchpoint_key=about)
                first.answered_at = at + datetime.timedelta(seconds=rng.randrange(20, 180))
        return round(expected_value(kind, mean), 4)

    def comment_topic(self, touchpoint_key: str, experience: Experience, band: str) -> tuple[str, str]:
        """(comment group, touchpoint it is about): what went wrong, or the touchpoint asked about."""
        own = COMMENT_GROUPS[touchpoint_key]
        if band == "low":
            if experience.has_open_complaint and self.rng.random() < 0.4:
                return "complaint", touchpoint_key
            if experience.worst is not None:
                key = experience.worst.touchpoint_key
                if key in COMMENT_GROUPS:
                    return COMMENT_GROUPS[key], key
        return own, touchpoint_key

    # --- the account manager's phone interviews ------------------------------------------------

    def interviews(self) -> None:
        """Business customers' yearly phone interview with the three direct questions, entered by staff."""
        survey_key = next(
            (survey.key for survey in self.surveys if survey.template_key == "three_questions"), None
        )
        if survey_key is None:
            return
        rng = self.rng
        for customer in self.simulation.customers:
            if customer.kind != CustomerKind.COMPANY:
                continue
            since = max(customer.created_at, self.start)
            until = customer.churned_at or self.end
            moment = since
            while True:
                moment += datetime.timedelta(days=rng.expovariate(COMPANY_INTERVIEWS_PER_YEAR / 365.0))
                if moment >= until:
                    break
                at = timing.at_time(rng, moment.date(), "office")
                if at >= until:
                    break
                experience = self.experience(customer, "business_sales", at, at)
                response = ResponseRecord(
                    survey_key=survey_key,
                    source=ResponseSource.STAFF,
                    channel="phone",
                    language=customer.language or "fi",
                    device=DeviceKind.UNKNOWN,
                    started_at=at,
                    answers=[],
                    touchpoint_key="business_sales",
                    customer_key=customer.key,
                    staff_email=customer.owner_email,
                    interview_kind="phone",
                )
                answered = at
                for position in (1, 2, 3):
                    _mean, value = self.latent(QuestionKind.YES_NO, experience)
                    yes = int(value >= YES_THRESHOLDS[position])
                    note = (
                        comments.interview_note(rng, position, yes)
                        if rng.random() < COMMENT_SHARE["interview"]
                        else ""
                    )
                    answered += datetime.timedelta(seconds=rng.randrange(40, 240))
                    response.answers.append(AnswerRecord(position, answered, score=yes, followup_text=note))
                self.responses.append(response)
                self.expected.append(None)
                moment = at

    # --- anonymous answers --------------------------------------------------------------------------

    def anonymous_latent(self, kind: str, touchpoint_key: str) -> tuple[float, float, bool]:
        """(latent mean, value, went wrong) for someone we do not know, at a touchpoint of the quality planted."""
        rng = self.rng
        failed = rng.random() >= self.touchpoints[touchpoint_key].quality
        satisfaction = rng.gauss(0.0, 1.0)
        mean = EXPERIENCE[touchpoint_key] + SATISFACTION_WEIGHT[kind] * satisfaction
        if failed:
            mean += ANONYMOUS_FAILURE_EFFECT
        return mean, mean + rng.gauss(0.0, NOISE), failed

    def days(self, from_day: int):
        day = self.start.date() + datetime.timedelta(days=from_day)
        while day < self.end.date():
            yield day
            day += datetime.timedelta(days=1)

    def kiosk_answers(self) -> None:
        """Smileys tapped at the shops' tablets: many a day in opening hours, more when the shop is busy."""
        rng = self.rng
        for kiosk in self.spec.kiosks:
            shop = kiosk.touchpoint
            for day in self.days(kiosk.installed_on_day):
                weight = timing.season_weight(day, devices=True)
                for _tap in range(poisson(rng, KIOSK_ANSWERS_PER_DAY[shop] * weight * self.scale)):
                    at = timing.at_time(rng, day, "shop")
                    if at >= self.end:
                        continue
                    mean, value, _failed = self.anonymous_latent(QuestionKind.SMILEY3, shop)
                    score = self.score(QuestionKind.SMILEY3, value)
                    band = band_of(QuestionKind.SMILEY3, score)
                    language = weighted(rng, KIOSK_LANGUAGES[shop])
                    answer = AnswerRecord(1, at, score=score)
                    if rng.random() < COMMENT_SHARE["kiosk"][band]:
                        answer.followup_text = comments.comment(
                            rng, "kiosk", band, language, touchpoint_key=shop
                        )
                        answer.answered_at = at + datetime.timedelta(seconds=rng.randrange(10, 60))
                    self.responses.append(
                        ResponseRecord(
                            survey_key=kiosk.survey,
                            source=ResponseSource.KIOSK,
                            channel=ResponseSource.KIOSK,
                            language=language,
                            device=DeviceKind.TABLET,
                            started_at=at,
                            answers=[answer],
                            touchpoint_key=shop,
                            idempotency_key=seeded_uuid(rng),
                        )
                    )
                    self.expected.append(round(expected_value(QuestionKind.SMILEY3, mean), 4))

    def widget_answers(self) -> None:
        """The question on the web shop's thank-you page: was it easy to order?"""
        rng = self.rng
        for widget in self.spec.widgets:
            survey = self.surveys[self.survey_index[widget.survey]]
            kind = question_kinds(survey)[0]
            for day in self.days(widget.launched_on_day):
                weight = timing.season_weight(day, devices=True)
                for _answer in range(poisson(rng, WIDGET_ANSWERS_PER_DAY * weight * self.scale)):
                    at = timing.at_time(rng, day, "online")
                    if at >= self.end:
                        continue
                    mean, value, _failed = self.anonymous_latent(kind, widget.touchpoint)
                    score = self.score(kind, value)
                    band = band_of(kind, score)
                    language = weighted(rng, VISITOR_LANGUAGES)
                    answer = AnswerRecord(1, at, score=score)
                    if rng.random() < COMMENT_SHARE["widget"].get(band, 0.0):
                        answer.followup_text = comments.comment(
                            rng, "widget", band, language, touchpoint_key=widget.touchpoint
                        )
                        answer.answered_at = at + datetime.timedelta(seconds=rng.randrange(15, 90))
                    self.responses.append(
                        ResponseRecord(
                            survey_key=widget.survey,
                            source=ResponseSource.WIDGET,
                            channel=ResponseSource.WIDGET,
                            language=language,
                            device=weighted(rng, DEVICES[ResponseSource.WIDGET]),
                            started_at=at,
                            answers=[answer],
                            touchpoint_key=widget.touchpoint,
                            idempotency_key=seeded_uuid(rng),
                            respondent_key=f"{rng.getrandbits(256):064x}",
                        )
                    )
                    self.expected.append(round(expected_value(kind, mean), 4))

    def public_link_answers(self) -> None:
        """The NPS survey's link on shop receipts: a few answers from people who did not say who they are."""
        rng = self.rng
        survey = next((s for s in self.surveys if s.template_key == "nps_after_purchase"), None)
        if survey is None:
            return
        shops = [key for key in survey.touchpoints if key in comments.SHOP_WORDS]
        for day in self.days(0):
            weight = timing.season_weight(day)
            for _answer in range(poisson(rng, PUBLIC_LINK_ANSWERS_PER_DAY * weight * self.scale)):
                at = timing.at_time(rng, day, "online")
                if at >= self.end:
                    continue
                shop = rng.choice(shops)
                mean, value, failed = self.anonymous_latent(QuestionKind.NPS, shop)
                score = self.score(QuestionKind.NPS, value)
                band = band_of(QuestionKind.NPS, score)
                language = weighted(rng, VISITOR_LANGUAGES)
                response = ResponseRecord(
                    survey_key=survey.key,
                    source=ResponseSource.PUBLIC_LINK,
                    channel=ResponseSource.PUBLIC_LINK,
                    language=language,
                    device=weighted(rng, DEVICES[ResponseSource.PUBLIC_LINK]),
                    started_at=at,
                    answers=[AnswerRecord(1, at, score=score)],
                    touchpoint_key=shop,
                    respondent_key=f"{rng.getrandbits(256):064x}",
                )
                if rng.random() < 0.5:
                    text = comments.comment(rng, "shop", band, language, touchpoint_key=shop)
                    answered = at + datetime.timedelta(seconds=rng.randrange(20, 180))
                    if band == "low":
                        response.answers[0].followup_text = text
                        response.answers[0].answered_at = answered
                    else:
                        response.answers.append(AnswerRecord(2, answered, text=text))
                self.responses.append(response)
                self.expected.append(round(expected_value(QuestionKind.NPS, mean), 4))
