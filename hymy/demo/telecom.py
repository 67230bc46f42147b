"""A small model of a telecom's customers: hidden traits, journeys, complaints, and churn.

Each customer gets hidden traits (value segment, base satisfaction, how digital they are, their
nearest shop). The simulation walks through each customer's two years as a sequence of events:
purchase journeys (web or shop, payment, delivery or pick-up, activation), support contacts,
offers, complaints and their handling, and finally perhaps churn.

Every contact succeeds with its touchpoint's planted quality; a failed contact ends unresolved or,
for a less patient customer, in a complaint. How the complaint is handled changes the customer's
churn hazard: fixed within a few days lowers it below the baseline (the service-recovery effect of
seed 000), fixed slowly raises it, and an open complaint raises it most. Complaints that start at a
partner's touchpoint are handled more slowly, because they have to pass between two companies.

Once the two years are walked through, `responses.py` draws the survey invitations and answers
from the same history (from a stream of its own, so the history does not shift with it).

All randomness comes from the `random.Random` passed in, so one seed gives one history.
"""

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from hymy.customers.choices import ConsentSource, CustomerKind, EncounterOutcome

from . import revontuli as words
from . import timing
from .duplicates import plant_duplicates
from .names import business_id, company_name, mobile_number, person_name, personal_email, work_email
from .records import (
    CustomerRecord,
    EncounterRecord,
    NoteRecord,
    OrganizationSpec,
    PurchaseRecord,
    SimulatedOrganization,
    TouchpointSpec,
)
from .responses import TelecomFeedback, planted_summary
from .truth import feedback_truth, telecom_truth

# --- The planted model: every number here is copied into the demo truth --------------------------

CUSTOMERS_AT_SCALE_1 = 2000
COMPANY_SHARE = 0.025  # of all customers; each company brings a few people of its own
ANONYMOUS_ENCOUNTERS_AT_SCALE_1 = 1200
PRE_EXISTING_SHARE = 0.6  # customers who joined before the demo period began
LANGUAGE_WEIGHTS = {"fi": 85, "sv": 7, "en": 8}
SEGMENT_WEIGHTS = {"basic": 45, "regular": 40, "premium": 15}

PURCHASE_RATE_PER_YEAR = {"basic": 1.6, "regular": 2.8, "premium": 4.5}
COMPANY_PERSON_PURCHASE_FACTOR = 0.4  # their phones are bought by the company
COMPANY_PURCHASE_RATE_PER_YEAR = 2.0
SUPPORT_RATE_PER_YEAR = 0.9
OFFER_RATE_PER_YEAR = 0.35
LOYALTY_RATE_PER_YEAR = {"basic": 0.1, "regular": 0.4, "premium": 1.0}

BASE_CHURN_HAZARD_PER_YEAR = 0.10
COMPANY_CHURN_HAZARD_PER_YEAR = 0.06
SEGMENT_HAZARD_FACTOR = {"basic": 1.25, "regular": 1.0, "premium": 0.7}
SATISFACTION_HAZARD_SLOPE = 0.35  # hazard × exp(-slope × satisfaction)

# Churn hazard multipliers by the state of the customer's latest complaint.
COMPLAINT_HAZARD = {"none": 1.0, "open": 4.0, "fixed_fast": 0.5, "fixed_slow": 2.0, "unresolved": 4.0}
FIXED_FAST_WITHIN_DAYS = 3
# How complaints are handled, by where they started (own staff or a partner's touchpoint).
HANDLING_WEIGHTS = {
    "own": {"fast": 60, "slow": 28, "never": 12},
    "partner": {"fast": 30, "slow": 40, "never": 30},
}
SLOW_FIX_DAYS = (6, 45)

# Which opening hours each touchpoint keeps (see timing.OPENING_HOURS).
HOURS_BY_TOUCHPOINT = {
    "call_centre": "call_centre", "shop_helsinki": "shop", "shop_tampere": "shop", "shop_oulu": "shop",
    "repair": "shop", "shop_pickup": "shop", "web_shop": "online", "website": "online",
    "web_payment": "online", "activation": "chat", "ads": "online", "referral": "online",
    "loyalty": "online", "home_delivery": "delivery", "billing": "office", "complaints": "office",
    "business_sales": "office", "upgrade_offer": "office", "app_chat": "chat", "web_chat": "chat",
}  # fmt: skip
SHOP_KEYS = list(words.SHOPS)
HOME_BROADBAND = "5G Koti 600M"
CENT = Decimal("0.01")
TYPICAL = "typical"  # an encounter lasts about as long as is typical at its touchpoint


@dataclass
class Traits:
    """What the organisation cannot see about a customer, but what drives their behaviour."""

    segment: str
    satisfaction: float
    digital: float  # the chance that the customer buys online rather than in a shop
    home_shop: str
    base_hazard: float  # churn hazard per year before any complaint


@dataclass
class ChurnState:
    """The state of one customer's churn risk while the simulation walks through their time."""

    complaint_state: str = "none"
    pending_at: datetime.datetime | None = None
    pending_kind: str = ""  # "fix" or "close": what happens to the open complaint at pending_at
    complaint_at: datetime.datetime | None = None


def _days(days: float) -> datetime.timedelta:
    """A timedelta of `days`, in whole seconds as a clock would record it."""
    return datetime.timedelta(seconds=round(days * 86400))


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def _item(name: str, unit_price: Decimal | str, quantity: int = 1) -> dict:
    return {"name": name, "quantity": str(quantity), "unit_price": str(_money(Decimal(str(unit_price))))}


class TelecomSimulation:
    """Simulates one telecom organisation's customers; `run()` returns the plain records."""

    def __init__(self, spec: OrganizationSpec, rng: random.Random, *, start, end, scale: float):
        self.spec = spec
        self.rng = rng
        self.start = datetime.datetime(start.year, start.month, start.day, tzinfo=timing.HELSINKI)
        self.end = datetime.datetime(end.year, end.month, end.day, tzinfo=timing.HELSINKI)
        self.scale = scale
        self.touchpoints: dict[str, TouchpointSpec] = {tp.key: tp for tp in spec.touchpoints}
        self.customers: list[CustomerRecord] = []
        self.encounters: list[EncounterRecord] = []
        self.purchases: list[PurchaseRecord] = []
        self.notes: list[NoteRecord] = []
        self.traits: dict[str, Traits] = {}
        self.taken_emails: set[str] = set()
        self.taken_phones: set[str] = set()
        self.taken_companies: set[str] = set()
        self.purchase_number = 500000

    # --- the whole organisation ------------------------------------------------------------------

    def run(self) -> SimulatedOrganization:
        total = max(20, round(CUSTOMERS_AT_SCALE_1 * self.scale))
        companies = max(1, round(total * COMPANY_SHARE))
        while len(self.customers) < total:
            if companies > 0 and len(self.customers) % 40 == 0:
                self.company_with_people()
                companies -= 1
            else:
                self.private_person()
        self.anonymous_encounters(round(ANONYMOUS_ENCOUNTERS_AT_SCALE_1 * self.scale))
        # Journeys that began near the edges reach outside the period (a delivery due tomorrow):
        # keep only what has happened within it, and count the truth from what is kept.
        self.encounters = sorted(
            (e for e in self.encounters if self.start <= e.started_at < self.end), key=lambda e: e.started_at
        )
        self.purchases = sorted(
            (p for p in self.purchases if self.start.date() <= p.purchased_on < self.end.date()),
            key=lambda p: p.purchased_on,
        )
        # A few people are in the register twice (no random draws, no rows added: see duplicates.py).
        duplicates = plant_duplicates(self.customers, self.taken_emails)
        # The surveys draw from a stream of their own, so that they never shift the history above.
        feedback = TelecomFeedback(self, random.Random(self.rng.getrandbits(64)))
        feedback.run()
        truth = telecom_truth(self, planted=self.planted())
        truth["planted_duplicates"] = duplicates
        truth["feedback"] = feedback_truth(
            self.spec,
            self.customers,
            feedback.invitations,
            feedback.responses,
            expected=feedback.expected,
            planted=planted_summary(),
        )
        truth["counts"]["invitations"] = len(feedback.invitations)
        truth["counts"]["responses"] = len(feedback.responses)
        return SimulatedOrganization(
            self.spec,
            self.customers,
            self.encounters,
            self.purchases,
            self.notes,
            truth,
            start=self.start.date(),
            invitations=feedback.invitations,
            responses=feedback.responses,
        )

    def planted(self) -> dict:
        """The model's constants, for the demo truth."""
        return {
            "customers_at_scale_1": CUSTOMERS_AT_SCALE_1,
            "company_share": COMPANY_SHARE,
            "language_weights": LANGUAGE_WEIGHTS,
            "segment_weights": SEGMENT_WEIGHTS,
            "purchase_rate_per_year": PURCHASE_RATE_PER_YEAR,
            "company_purchase_rate_per_year": COMPANY_PURCHASE_RATE_PER_YEAR,
            "support_rate_per_year": SUPPORT_RATE_PER_YEAR,
            "base_churn_hazard_per_year": BASE_CHURN_HAZARD_PER_YEAR,
            "company_churn_hazard_per_year": COMPANY_CHURN_HAZARD_PER_YEAR,
            "segment_hazard_factor": SEGMENT_HAZARD_FACTOR,
            "satisfaction_hazard_slope": SATISFACTION_HAZARD_SLOPE,
            "complaint_probability": "0.3 + 0.4 / (1 + exp(2 × satisfaction)) after a failed contact",
            "complaint_hazard_multiplier": COMPLAINT_HAZARD,
            "fixed_fast_within_days": FIXED_FAST_WITHIN_DAYS,
            "handling_weights_by_origin": HANDLING_WEIGHTS,
            "slow_fix_days": list(SLOW_FIX_DAYS),
            "seasonality": timing.truth_summary(),
        }

    # --- customers ----------------------------------------------------------------------------------

    def new_key(self) -> str:
        return f"c{len(self.customers) + 1}"

    def external_id(self) -> str:
        return f"RM-{100001 + len(self.customers)}"

    def draw_traits(
        self, *, language: str, segment: str | None = None, hazard: float | None = None
    ) -> Traits:
        rng = self.rng
        segment = segment or rng.choices(list(SEGMENT_WEIGHTS), weights=list(SEGMENT_WEIGHTS.values()))[0]
        satisfaction = rng.gauss(0.0, 1.0)
        digital = min(1.0, max(0.0, rng.betavariate(2, 2) + (0.2 if language == "en" else 0.0)))
        home_shop = rng.choices(SHOP_KEYS, weights=[words.SHOP_WEIGHTS[key] for key in SHOP_KEYS])[0]
        if hazard is None:
            hazard = (
                BASE_CHURN_HAZARD_PER_YEAR
                * SEGMENT_HAZARD_FACTOR[segment]
                * math.exp(-SATISFACTION_HAZARD_SLOPE * satisfaction)
            )
        return Traits(segment, satisfaction, digital, home_shop, hazard)

    def joined_at(self) -> datetime.datetime:
        """When a customer joined: years before the demo period, or during it (seasonally)."""
        if self.rng.random() < PRE_EXISTING_SHARE:
            day = self.start.date() - _days(self.rng.randrange(30, 6 * 365))
            return timing.at_time(self.rng, day, "shop")
        day = timing.seasonal_day(self.rng, self.start.date(), self.end.date() - _days(1))
        return timing.at_time(self.rng, day, "shop")

    def consent(self, customer: CustomerRecord, traits: Traits) -> None:
        rng = self.rng
        source = rng.choices(
            [ConsentSource.WEB_FORM, ConsentSource.IN_PERSON, ConsentSource.CONTRACT, ConsentSource.PHONE],
            weights=[35 + 40 * traits.digital, 30, 25, 10],
        )[0]
        if rng.random() < 0.72:
            customer.survey_consent_at = customer.created_at
            customer.survey_consent_source = source
        if rng.random() < 0.42:
            customer.marketing_consent_at = customer.created_at + _days(rng.choice([0, 0, 0, 30, 200]))
            customer.marketing_consent_source = source
            if customer.marketing_consent_at >= self.end:
                customer.marketing_consent_at = customer.created_at

    def verified(self, customer: CustomerRecord) -> datetime.datetime | None:
        if self.rng.random() > 0.55:
            return None
        since = max(customer.created_at, self.start)
        return since + _days(self.rng.random() * max(1, (self.end - since).days - 1))

    def private_person(self) -> None:
        rng = self.rng
        language = rng.choices(list(LANGUAGE_WEIGHTS), weights=list(LANGUAGE_WEIGHTS.values()))[0]
        traits = self.draw_traits(language=language)
        first, last = person_name(rng, language)
        key = self.new_key()
        subscription = rng.choices(
            list(words.SUBSCRIPTION_BY_SEGMENT[traits.segment]),
            weights=list(words.SUBSCRIPTION_BY_SEGMENT[traits.segment].values()),
        )[0]
        tags = []
        if rng.random() < 0.16:
            tags.append("Perhe")
        if traits.segment == "premium" and rng.random() < 0.35:
            tags.append("VIP")
        if traits.segment == "basic" and rng.random() < 0.12:
            tags.append("Opiskelija")
        customer = CustomerRecord(
            key=key,
            kind=CustomerKind.PERSON,
            name=f"{first} {last}",
            created_at=self.joined_at(),
            email=personal_email(rng, first, last, self.taken_emails) if rng.random() < 0.93 else "",
            phone=mobile_number(rng, self.taken_phones),
            language=language,
            external_id=self.external_id(),
            attributes={
                "asiakasnumero": self.external_id(),
                "liittymä": subscription,
                "kotimyymälä": words.SHOPS[traits.home_shop],
            },
            tags=tags,
        )
        if subscription == HOME_BROADBAND and not customer.email:
            customer.phone = ""  # a home broadband line has no number to call or text
        self.consent(customer, traits)
        customer.verified_at = self.verified(customer)
        if rng.random() < 0.08:
            customer.needs_and_wishes = rng.choice(words.NEEDS_AND_WISHES[language])
        self.customers.append(customer)
        self.traits[key] = traits
        customer.churned_at = self.live(customer, traits, horizon=self.end)

    def company_with_people(self) -> None:
        """A company customer and the people who use its subscriptions; they leave when it leaves."""
        rng = self.rng
        name, domain = company_name(rng, self.taken_companies)
        key = self.new_key()
        people = rng.choices(range(1, 11), weights=[10, 14, 14, 12, 10, 8, 6, 4, 3, 2])[0]
        traits = self.draw_traits(language="fi", segment="premium", hazard=COMPANY_CHURN_HAZARD_PER_YEAR)
        company = CustomerRecord(
            key=key,
            kind=CustomerKind.COMPANY,
            name=name,
            created_at=self.joined_at(),
            email=f"info@{domain}",
            phone=mobile_number(rng, self.taken_phones),
            external_id=self.external_id(),
            attributes={
                "asiakasnumero": self.external_id(),
                "y-tunnus": business_id(rng),
                "liittymiä": people,
            },
            tags=["B2B", "Yritysasiakas"],
            owner_email=words.COMPLAINT_HANDLER_EMAIL,
            needs_and_wishes=rng.choice(words.COMPANY_NEEDS) if rng.random() < 0.5 else "",
        )
        self.consent(company, traits)
        company.verified_at = self.verified(company)
        self.customers.append(company)
        self.traits[key] = traits
        company.churned_at = self.live(company, traits, horizon=self.end, is_company=True)
        for _person in range(people):
            self.company_person(company, domain)

    def company_person(self, company: CustomerRecord, domain: str) -> None:
        rng = self.rng
        language = rng.choices(["fi", "sv", "en"], weights=[90, 7, 3])[0]
        traits = self.draw_traits(language=language, segment=rng.choice(["regular", "premium"]))
        first, last = person_name(rng, language)
        key = self.new_key()
        person = CustomerRecord(
            key=key,
            kind=CustomerKind.PERSON,
            name=f"{first} {last}",
            created_at=company.created_at + _days(rng.randrange(0, 400)),
            email=work_email(first, last, domain, self.taken_emails),
            phone=mobile_number(rng, self.taken_phones),
            language=language,
            company_key=company.key,
            external_id=self.external_id(),
            attributes={"asiakasnumero": self.external_id(), "liittymä": "Yritys 5G 1000M"},
            tags=["B2B"],
            survey_consent_at=company.survey_consent_at,
            survey_consent_source=company.survey_consent_source,
        )
        if person.created_at >= (company.churned_at or self.end) - _days(1):
            person.created_at = company.created_at
        person.verified_at = self.verified(person)
        self.customers.append(person)
        self.traits[key] = traits
        horizon = company.churned_at or self.end
        churned_at = self.live(
            person, traits, horizon=horizon, purchase_factor=COMPANY_PERSON_PURCHASE_FACTOR
        )
        if churned_at is None and company.churned_at is not None and person.created_at < company.churned_at:
            churned_at = company.churned_at
        person.churned_at = churned_at

    # --- one customer's life -----------------------------------------------------------------------

    def next_seasonal(self, after: datetime.datetime, rate_per_year: float, *, devices=False):
        """The next moment of a seasonal process with the given average yearly rate (thinning)."""
        if rate_per_year <= 0:
            return self.end + _days(365)
        top_rate = rate_per_year * timing.MAX_WEIGHT / 365.0
        moment = after
        while moment < self.end:
            moment += _days(self.rng.expovariate(top_rate))
            if self.rng.random() * timing.MAX_WEIGHT <= timing.season_weight(moment.date(), devices=devices):
                return moment
        return moment

    def next_churn(self, after: datetime.datetime, traits: Traits, state: ChurnState) -> datetime.datetime:
        hazard = traits.base_hazard * COMPLAINT_HAZARD[state.complaint_state]
        return after + _days(self.rng.expovariate(hazard / 365.0))

    def live(self, customer, traits, *, horizon, is_company=False, purchase_factor=1.0):
        """Walk through one customer's time in the demo period; return when they churned, or None."""
        key = customer.key
        state = ChurnState()
        now = max(customer.created_at, self.start)
        if customer.created_at >= self.start:
            first = len(self.encounters)
            now = self.joining(customer, traits)
            self.complaints_handle(key, state, first)
        if is_company:
            rates = {"purchase": COMPANY_PURCHASE_RATE_PER_YEAR, "support": 0.3, "offer": 0.0, "loyalty": 0.0}
        else:
            rates = {
                "purchase": PURCHASE_RATE_PER_YEAR[traits.segment] * purchase_factor,
                "support": SUPPORT_RATE_PER_YEAR,
                "offer": OFFER_RATE_PER_YEAR,
                "loyalty": LOYALTY_RATE_PER_YEAR[traits.segment],
            }
        upcoming = {
            event: self.next_seasonal(now, rate, devices=event == "purchase") for event, rate in rates.items()
        }
        churn_at = self.next_churn(now, traits, state)
        while True:
            pending = state.pending_at or self.end + _days(365)
            event, moment = min(upcoming.items(), key=lambda item: item[1])
            if min(moment, pending, churn_at) >= horizon:
                return None
            if churn_at <= min(moment, pending):
                return self.churn(key, churn_at, traits, state)
            if pending <= moment:
                self.complaint_settle(key, state)
                churn_at = self.next_churn(max(pending, now), traits, state)
                continue
            first = len(self.encounters)
            if event == "purchase":
                now = (
                    self.company_order(key, moment)
                    if is_company
                    else self.purchase_journey(key, traits, moment)
                )
            elif event == "support":
                now = self.support_contact(key, moment, is_company=is_company)
            elif event == "offer":
                now = self.simple_contact(key, "upgrade_offer", moment, words.UPGRADE_OFFERS)
            else:
                now = self.simple_contact(key, "loyalty", moment, words.LOYALTY)
            complained = self.complaints_handle(key, state, first)
            upcoming[event] = self.next_seasonal(now, rates[event], devices=event == "purchase")
            if complained or churn_at < now:
                churn_at = self.next_churn(now, traits, state)

    def joining(self, customer: CustomerRecord, traits: Traits) -> datetime.datetime:
        """A new customer heard of us somewhere and bought their first subscription."""
        rng = self.rng
        joined = customer.created_at
        if customer.company_key is not None:
            text = "Yrityksen liittymä aktivoitu, tekstiviesti lähetetty."
            return self.encounter(customer.key, "activation", joined, text)
        source = rng.choices(["ads", "referral", None], weights=[55, 20, 25])[0]
        if source is not None:
            heard = joined - datetime.timedelta(hours=rng.randrange(1, 72))
            self.encounter(customer.key, source, heard, rng.choice(words.ACQUISITION[source]), minutes=None)
        if customer.kind == CustomerKind.COMPANY:
            return self.company_order(customer.key, joined)
        return self.purchase_journey(customer.key, traits, joined, first=True)

    def churn(
        self, key: str, moment: datetime.datetime, traits: Traits, state: ChurnState
    ) -> datetime.datetime:
        """The customer leaves, saying so at the call centre, in the app or in a shop; returns when."""
        touchpoint = self.rng.choices(["call_centre", "app_chat", traits.home_shop], weights=[50, 30, 20])[0]
        at = timing.at_time(self.rng, moment.date(), HOURS_BY_TOUCHPOINT[touchpoint])
        if at >= self.end:
            at = moment
        self.encounter(
            key, touchpoint, at, self.rng.choice(words.CHURN_REASONS), outcome=EncounterOutcome.OTHER
        )
        if state.pending_at is not None and state.pending_at < self.end:
            # The complaint is still settled after the customer has gone (a refund, an apology).
            self.complaint_settle(key, state)
        return at

    # --- encounters ----------------------------------------------------------------------------------

    def encounter(
        self,
        key,
        touchpoint_key,
        started_at,
        summary,
        *,
        outcome=EncounterOutcome.SERVED,
        minutes=TYPICAL,
        staff=None,
    ) -> datetime.datetime:
        """Record one contact and return when it ended. `minutes=None` for contacts without a length."""
        touchpoint = self.touchpoints[touchpoint_key]
        ended_at = None
        if minutes == TYPICAL:
            minutes = None
            if touchpoint.minutes:
                minutes = touchpoint.minutes * math.exp(self.rng.gauss(0.0, 0.45))
                if outcome in (EncounterOutcome.UNRESOLVED, EncounterOutcome.COMPLAINT):
                    minutes *= 1.6  # failed contacts drag on
        if minutes is not None:
            ended_at = started_at + datetime.timedelta(seconds=round(minutes * 60))
        self.encounters.append(
            EncounterRecord(
                key, touchpoint_key, touchpoint.channel, started_at, ended_at, outcome, summary, staff
            )
        )
        return ended_at or started_at

    def at(
        self, touchpoint_key: str, moment: datetime.datetime, *, later_days: float = 0
    ) -> datetime.datetime:
        """A moment within the touchpoint's opening hours on the day `later_days` after `moment`,
        or on the next day if that moment would already have passed."""
        hours = HOURS_BY_TOUCHPOINT[touchpoint_key]
        day = (moment + _days(later_days)).date()
        at = timing.at_time(self.rng, day, hours)
        if at <= moment:
            at = timing.at_time(self.rng, day + _days(1), hours)
        return at

    def goes_well(self, touchpoint_key: str) -> bool:
        return self.rng.random() < self.touchpoints[touchpoint_key].quality

    def failure_outcome(self, key: str) -> str:
        """A failed contact ends in a complaint more often for a less satisfied customer."""
        satisfaction = self.traits[key].satisfaction
        complaint_probability = 0.3 + 0.4 / (1.0 + math.exp(2.0 * satisfaction))
        return (
            EncounterOutcome.COMPLAINT
            if self.rng.random() < complaint_probability
            else EncounterOutcome.UNRESOLVED
        )

    def checked_contact(
        self,
        key,
        touchpoint_key,
        at,
        good_texts,
        unresolved_texts,
        complaint_texts=None,
        *,
        good_outcome=EncounterOutcome.SERVED,
    ) -> tuple[datetime.datetime, str]:
        """A contact that succeeds with the touchpoint's quality; returns (ended, outcome)."""
        if self.goes_well(touchpoint_key):
            outcome, text = good_outcome, self.rng.choice(good_texts)
        else:
            outcome = self.failure_outcome(key)
            texts = (
                complaint_texts
                if outcome == EncounterOutcome.COMPLAINT and complaint_texts
                else unresolved_texts
            )
            text = self.rng.choice(texts)
        staff = words.COMPLAINT_HANDLER_EMAIL if touchpoint_key == "business_sales" else None
        return self.encounter(key, touchpoint_key, at, text, outcome=outcome, staff=staff), outcome

    def simple_contact(self, key, touchpoint_key, moment, texts) -> datetime.datetime:
        return self.encounter(key, touchpoint_key, self.at(touchpoint_key, moment), self.rng.choice(texts))

    # --- purchase journeys ------------------------------------------------------------------------

    def basket(
        self, traits: Traits, moment: datetime.datetime, *, first: bool
    ) -> tuple[str, list[dict], Decimal]:
        """What the customer buys: ('device'|'accessory'|'service'|'subscription', items, cost)."""
        rng = self.rng
        if first:
            kind = "subscription"
        else:
            launch = moment.isocalendar().week in timing.PHONE_LAUNCH_WEEKS
            device_weight = 45 if launch else (32 if moment.month == 12 else 22)
            kind = rng.choices(
                ["device", "accessory", "service", "subscription"], weights=[device_weight, 50, 12, 14]
            )[0]
        items: list[dict] = []
        cost = Decimal(0)
        if kind == "device":
            name, price, cost_share = rng.choice(words.DEVICES[traits.segment])
            items.append(_item(name, price))
            cost += _money(Decimal(price) * Decimal(str(cost_share)))
        if kind in ("device", "accessory"):
            extras = 1 if kind == "accessory" else rng.choice([0, 0, 1, 2])
            for name, price, cost_share in rng.sample(words.ACCESSORIES, extras):
                items.append(_item(name, price))
                cost += _money(Decimal(price) * Decimal(str(cost_share)))
        if kind == "service":
            name, price, cost_share = rng.choice(words.SERVICES)
            items.append(_item(name, price))
            cost += _money(Decimal(price) * Decimal(str(cost_share)))
        if kind == "subscription":
            plans = words.SUBSCRIPTION_BY_SEGMENT[traits.segment]
            plan = rng.choices(list(plans), weights=list(plans.values()))[0]
            monthly = Decimal(words.SUBSCRIPTIONS[plan])
            items.append(_item(f"Liittymä {plan}, 12 kk sopimus", monthly * 12))
            cost += _money(monthly * 12 * Decimal("0.45"))
        return kind, items, cost

    def purchase(self, key, touchpoint_key, day: datetime.date, items: list[dict], cost: Decimal) -> None:
        self.purchase_number += 1
        amount = sum(Decimal(item["unit_price"]) * Decimal(item["quantity"]) for item in items)
        self.purchases.append(
            PurchaseRecord(
                key, touchpoint_key, day, _money(amount), _money(cost), items, f"T{self.purchase_number}"
            )
        )

    def purchase_journey(self, key, traits, moment, *, first=False) -> datetime.datetime:
        """Look around, buy (online or in a shop), pay, get the goods, get the line working."""
        rng = self.rng
        kind, items, cost = self.basket(traits, moment, first=first)
        summary = ", ".join(item["name"] for item in items)
        online = rng.random() < traits.digital
        if online:
            buy_at = self.at("web_shop", moment)
            if rng.random() < 0.35:
                self.encounter(
                    key, "website", buy_at - _days(rng.random() * 3), rng.choice(words.WEBSITE_VISITS)
                )
            if rng.random() < 0.1:
                self.encounter(key, "web_chat", buy_at - _days(rng.random()), rng.choice(words.PRESALE_CHATS))
            sold = [f"Tilaus verkkokaupasta: {summary}."]
            ended, _outcome = self.checked_contact(
                key, "web_shop", buy_at, sold, words.WEB_SHOP_BAD, good_outcome=EncounterOutcome.SALE
            )
            ended, _outcome = self.checked_contact(
                key, "web_payment", ended, words.PAYMENT_OK, words.PAYMENT_BAD
            )
            self.purchase(key, "web_shop", buy_at.date(), items, cost)
            if kind in ("device", "accessory"):
                ended = self.delivery(key, ended)
        else:
            shop = traits.home_shop if rng.random() < 0.9 else rng.choice(SHOP_KEYS)
            buy_at = self.at(shop, moment)
            if rng.random() < 0.1:
                self.encounter(
                    key, "web_chat", buy_at - _days(rng.random() * 2), rng.choice(words.PRESALE_CHATS)
                )
            sold = [f"Myyty: {summary}."]
            ended, _outcome = self.checked_contact(
                key, shop, buy_at, sold, words.SHOP_BAD, good_outcome=EncounterOutcome.SALE
            )
            self.purchase(key, shop, buy_at.date(), items, cost)
            if kind == "device" and rng.random() < 0.5:
                ended, _outcome = self.checked_contact(
                    key, "billing", self.at("billing", ended), words.BILLING_OK, words.BILLING_BAD
                )
        if kind == "subscription":
            activated_at = self.at("activation", ended)
            ended, _outcome = self.checked_contact(
                key, "activation", activated_at, words.ACTIVATION_OK, words.ACTIVATION_BAD
            )
        return ended

    def delivery(self, key, ordered_at) -> datetime.datetime:
        """Home delivery by the partner (most orders) or pick-up from the customer's shop."""
        rng = self.rng
        if rng.random() < 0.75:
            late = 0 if self.goes_well("home_delivery") else rng.choice([2, 2, 3, 4])
            at = self.at("home_delivery", ordered_at, later_days=rng.choice([1, 1, 2]) + late)
            if late:
                outcome = self.failure_outcome(key)
                texts = (
                    words.DELIVERY_COMPLAINTS
                    if outcome == EncounterOutcome.COMPLAINT
                    else words.DELIVERY_UNRESOLVED
                )
                return self.encounter(key, "home_delivery", at, rng.choice(texts), outcome=outcome)
            return self.encounter(key, "home_delivery", at, rng.choice(words.DELIVERY_OK))
        at = self.at("shop_pickup", ordered_at, later_days=rng.choice([1, 2, 3]))
        ended, _outcome = self.checked_contact(key, "shop_pickup", at, words.PICKUP_OK, words.PICKUP_BAD)
        return ended

    def company_order(self, key, moment) -> datetime.datetime:
        """A company orders phones and lines for its staff from its own account manager."""
        rng = self.rng
        quantity = rng.randrange(2, 13)
        items, cost = [], Decimal(0)
        if rng.random() < 0.7:
            name, price, cost_share = rng.choice(words.DEVICES["premium"] + words.DEVICES["regular"])
            unit = Decimal(price) * Decimal("0.92")  # business discount
            items.append(_item(name, unit, quantity))
            cost += _money(Decimal(price) * Decimal(str(cost_share)) * quantity)
        monthly = Decimal(words.SUBSCRIPTIONS["Yritys 5G 1000M"])
        lines = quantity if not items or rng.random() < 0.5 else rng.randrange(1, quantity + 1)
        items.append(_item("Liittymä Yritys 5G 1000M, 12 kk sopimus", monthly * 12, lines))
        cost += _money(monthly * 12 * lines * Decimal("0.45"))
        summary = ", ".join(f"{item['quantity']} × {item['name']}" for item in items)
        at = self.at("business_sales", moment)
        sold = [f"Yritystilaus: {summary}."]
        ended, _outcome = self.checked_contact(
            key, "business_sales", at, sold, words.BUSINESS_SALES_BAD, good_outcome=EncounterOutcome.SALE
        )
        self.purchase(key, "business_sales", at.date(), items, cost)
        ended, _outcome = self.checked_contact(
            key, "billing", self.at("billing", ended), ["Yrityksen koontilasku lähetetty."], words.BILLING_BAD
        )
        if len(items) > 1:
            ended = self.delivery(key, ended)
        return ended

    # --- support --------------------------------------------------------------------------------------

    def support_contact(self, key, moment, *, is_company=False) -> datetime.datetime:
        """A question or a fault: up to three tries until it is solved, or the customer complains."""
        rng = self.rng
        if is_company:
            channel = "business_sales"
        else:
            channels = {"call_centre": 50, "app_chat": 25, "repair": 15, "billing": 10}
            channel = rng.choices(list(channels), weights=list(channels.values()))[0]
        ended = moment
        for attempt in range(3):
            at = self.at(channel, ended, later_days=0 if attempt == 0 else rng.choice([1, 2, 3, 5]))
            ended, outcome = self.support_attempt(key, channel, at)
            if outcome != EncounterOutcome.UNRESOLVED or rng.random() > 0.55:
                return ended
            if channel == "call_centre" and rng.random() < 0.3:
                channel = "app_chat"
        return ended

    def support_attempt(self, key, channel, at) -> tuple[datetime.datetime, str]:
        rng = self.rng
        if channel == "repair":
            return self.checked_contact(
                key,
                "repair",
                at,
                words.REPAIR_TOPICS,
                words.REPAIR_BAD,
                good_outcome=EncounterOutcome.RESOLVED,
            )
        if channel == "billing":
            return self.checked_contact(
                key,
                "billing",
                at,
                words.BILLING_ANSWERED,
                words.BILLING_BAD,
                good_outcome=EncounterOutcome.RESOLVED,
            )
        topic = rng.choice(words.SUPPORT_TOPICS)
        if self.goes_well(channel):
            text, outcome = f"{topic} {rng.choice(words.SUPPORT_RESOLVED)}", EncounterOutcome.RESOLVED
        else:
            outcome = self.failure_outcome(key)
            texts = (
                words.SUPPORT_COMPLAINTS
                if outcome == EncounterOutcome.COMPLAINT
                else words.SUPPORT_UNRESOLVED
            )
            text = f"{topic} {rng.choice(texts)}"
        staff = words.COMPLAINT_HANDLER_EMAIL if channel == "business_sales" else None
        return self.encounter(key, channel, at, text, outcome=outcome, staff=staff), outcome

    # --- complaints and their handling -------------------------------------------------------------

    def complaints_handle(self, key, state: ChurnState, first: int) -> bool:
        """Open a complaint for each complaint encounter recorded since index `first`."""
        complaints = [
            encounter
            for encounter in self.encounters[first:]
            if encounter.outcome == EncounterOutcome.COMPLAINT
        ]
        for encounter in sorted(complaints, key=lambda e: e.started_at):
            origin = "partner" if self.touchpoints[encounter.touchpoint_key].partner else "own"
            self.complaint_open(key, state, encounter.started_at, origin)
        return bool(complaints)

    def complaint_open(self, key, state: ChurnState, at: datetime.datetime, origin: str) -> None:
        """A new complaint: decide now how it will be handled; a newer complaint supersedes an older one."""
        rng = self.rng
        if state.pending_at is not None and state.pending_at <= at:
            self.complaint_settle(key, state)
        handling = rng.choices(
            list(HANDLING_WEIGHTS[origin]), weights=list(HANDLING_WEIGHTS[origin].values())
        )[0]
        state.complaint_state = "open"
        state.complaint_at = at
        state.pending_at, state.pending_kind = None, ""
        if handling == "fast":
            state.pending_at = self.complaint_time(at, rng.uniform(0.1, FIXED_FAST_WITHIN_DAYS - 0.6))
            state.pending_kind = "fix"
            if state.pending_at - at > _days(FIXED_FAST_WITHIN_DAYS):
                state.pending_at = at + _days(rng.uniform(0.05, 0.5))  # the weekend duty officer answers
        else:
            self.encounter(
                key,
                "complaints",
                self.complaint_time(at, rng.uniform(0.1, 1.5)),
                rng.choice(words.COMPLAINT_RECEIVED),
                staff=words.COMPLAINT_HANDLER_EMAIL,
            )
            if handling == "slow":
                state.pending_at = self.complaint_time(at, rng.uniform(*SLOW_FIX_DAYS))
                state.pending_kind = "fix"
            elif rng.random() < 0.6:
                state.pending_at = self.complaint_time(at, rng.uniform(10, 35))
                state.pending_kind = "close"
        if rng.random() < 0.25:
            written = min(at + _days(1), self.end - _days(0.1))
            self.notes.append(
                NoteRecord(key, words.COMPLAINT_HANDLER_EMAIL, rng.choice(words.COMPLAINT_NOTES), written)
            )

    def complaint_time(self, complaint_at: datetime.datetime, days: float) -> datetime.datetime:
        """A moment `days` after the complaint, during office hours."""
        moment = complaint_at + _days(days)
        at = timing.at_time(self.rng, moment.date(), "office")
        return at if at > complaint_at else complaint_at + datetime.timedelta(hours=2)

    def complaint_settle(self, key: str, state: ChurnState) -> None:
        """The pending end of the open complaint happens: fixed (fast or slow) or closed unresolved."""
        at = state.pending_at
        if at is None:
            return
        if at < self.end:
            if state.pending_kind == "fix":
                text, outcome = self.rng.choice(words.COMPLAINT_FIXED), EncounterOutcome.RESOLVED
            else:
                text, outcome = self.rng.choice(words.COMPLAINT_LEFT_OPEN), EncounterOutcome.UNRESOLVED
            self.encounter(key, "complaints", at, text, outcome=outcome, staff=words.COMPLAINT_HANDLER_EMAIL)
            if state.pending_kind == "fix":
                fast = at - state.complaint_at <= _days(FIXED_FAST_WITHIN_DAYS)
                state.complaint_state = "fixed_fast" if fast else "fixed_slow"
            else:
                state.complaint_state = "unresolved"
        state.pending_at, state.pending_kind = None, ""

    # --- people we do not know --------------------------------------------------------------------

    def anonymous_encounters(self, count: int) -> None:
        """Walk-ins and chats by people who did not say who they are."""
        rng = self.rng
        for _number in range(count):
            day = timing.seasonal_day(rng, self.start.date(), self.end.date())
            if rng.random() < 0.7:
                shop = rng.choices(SHOP_KEYS, weights=[words.SHOP_WEIGHTS[key] for key in SHOP_KEYS])[0]
                at = timing.at_time(rng, day, "shop")
                if at < self.end:
                    self.encounter(
                        None, shop, at, rng.choice(words.ANONYMOUS_VISITS), minutes=rng.uniform(3, 12)
                    )
            else:
                at = timing.at_time(rng, day, "chat")
                if at < self.end:
                    self.encounter(None, "web_chat", at, rng.choice(words.ANONYMOUS_CHATS))


def simulate(
    spec: OrganizationSpec, rng: random.Random, *, start, end, scale: float
) -> SimulatedOrganization:
    """The telecom's customers and two years of their history, as plain records."""
    return TelecomSimulation(spec, rng, start=start, end=end, scale=scale).run()
