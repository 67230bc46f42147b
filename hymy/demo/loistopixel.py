"""Loistopixel: a one-person photography and 3D-modelling studio with its five customers (seed 000).

Five customers are few enough to write by hand, so this organisation is a script rather than a
simulation: every customer has a small, believable story. Days count from the start of the demo
period (two years ago), so the history always reaches up to the present.
"""

import datetime
from decimal import Decimal

from hymy.customers.choices import ConsentSource, CustomerKind, EncounterOutcome
from hymy.journeys.choices import Channel, Tier
from hymy.surveys.choices import DeviceKind, InvitationChannel, InvitationStatus, ResponseSource, SkipReason
from hymy.tenancy.choices import Role

from .records import (
    AnswerRecord,
    CustomerRecord,
    EncounterRecord,
    InvitationRecord,
    NoteRecord,
    OrganizationSpec,
    PurchaseRecord,
    ResponseRecord,
    SimulatedOrganization,
    SurveySpec,
    TouchpointSpec,
    UserSpec,
)
from .responses import CONTACT_RULE_DAYS, scheduled_after, survey_settings
from .timing import HELSINKI
from .truth import feedback_truth

OWNER_EMAIL = "demo@hymy.fi"

SPEC = OrganizationSpec(
    name="Loistopixel",
    slug="loistopixel",
    partners=[],
    # In priority order (seed 000: "the food matters more than the music").
    touchpoints=[
        TouchpointSpec(
            "session", 3, "Kuvaussessio", Channel.IN_PERSON, Tier.CORE,
            "Kuvaaja on ajoissa, rento tunnelma, asiakas tietää etukäteen mitä tapahtuu.",
        ),
        TouchpointSpec(
            "delivery", 5, "Kuvien toimitus", Channel.WEB, Tier.CORE,
            "Kuvat tai 3D-malli luvatussa ajassa, valmiiksi käsiteltyinä, helppo ladata.",
        ),
        TouchpointSpec(
            "enquiry", 2, "Yhteydenotto sähköpostilla", Channel.EMAIL, Tier.CORE,
            "Vastaus saman päivän aikana, selkeä hinta ja aikataulu.",
        ),
        TouchpointSpec(
            "invoice", 4, "Laskutus", Channel.EMAIL, Tier.CORE,
            "Lasku vastaa tarjousta, maksuaika 14 päivää, ei yllätyksiä.",
        ),
        TouchpointSpec(
            "changes", 6, "Muutospyynnöt", Channel.EMAIL, Tier.EXTENDED,
            "Pienet korjaukset nopeasti ja ilman lisämaksua.",
        ),
        TouchpointSpec(
            "instagram", 1, "Instagram", Channel.SOCIAL, Tier.EXTENDED,
            "Inspiroivia töitä ja nopea vastaus yksityisviesteihin.",
        ),
        TouchpointSpec(
            "follow_up", 7, "Jälkikysely", Channel.EMAIL, Tier.EXCEEDING,
            "Lyhyt kiitos ja kysymys, miten meni; ei markkinointipostia perään.",
        ),
    ],
    users=[
        UserSpec("kirjanpito@hymy.fi", "Marjatta Koivisto", Role.VIEWER),
    ],
    # The studio asks for a recommendation after every delivery, and Veera interviews a customer
    # now and then with the three direct questions (seed 004).
    surveys=[
        SurveySpec(
            "nps_delivery", "nps_after_purchase", ["delivery"],
            settings={
                "name": "Suosittelu kuvien toimituksen jälkeen", "invite_after_purchases": False,
                "invite_after_encounters": True,
            },
            created_days_before=0,
        ),
        SurveySpec(
            "three_questions", "three_questions", ["follow_up"],
            settings={"name": "Kolme kysymystä: syvähaastattelu", "invite_after_encounters": False},
            created_days_before=0,
        ),
    ],
)  # fmt: skip


class _Script:
    """Collects the hand-written history; days are counted from the start of the demo period."""

    def __init__(self, start: datetime.date):
        self.start = start
        self.encounters: list[EncounterRecord] = []
        self.purchases: list[PurchaseRecord] = []
        self.notes: list[NoteRecord] = []

    def at(self, day: int, hour: int, minute: int = 0) -> datetime.datetime:
        date = self.start + datetime.timedelta(days=day)
        return datetime.datetime(date.year, date.month, date.day, hour, minute, tzinfo=HELSINKI)

    def encounter(
        self, customer, day, hour, touchpoint, summary, *, minutes=15, outcome=EncounterOutcome.SERVED
    ):
        started = self.at(day, hour)
        channel = next(tp.channel for tp in SPEC.touchpoints if tp.key == touchpoint)
        self.encounters.append(
            EncounterRecord(
                customer_key=customer,
                touchpoint_key=touchpoint,
                channel=channel,
                started_at=started,
                ended_at=started + datetime.timedelta(minutes=minutes),
                outcome=outcome,
                summary=summary,
                staff_email=OWNER_EMAIL,
            )
        )

    def purchase(self, customer, day, items, cost, number):
        amount = sum(Decimal(item["unit_price"]) * Decimal(item["quantity"]) for item in items)
        self.purchases.append(
            PurchaseRecord(
                customer_key=customer,
                touchpoint_key="session",
                purchased_on=self.start + datetime.timedelta(days=day),
                amount=amount,
                cost=Decimal(cost),
                items=items,
                external_id=f"LP-{number}",
            )
        )

    def note(self, customer, day, body):
        self.notes.append(NoteRecord(customer, OWNER_EMAIL, body, self.at(day, 20)))


def _item(name: str, unit_price: str, quantity: int = 1) -> dict:
    """A purchase item in the form `purchase_create` stores: quantity and price as strings."""
    return {"name": name, "quantity": str(quantity), "unit_price": unit_price}


def _customers(script: _Script) -> list[CustomerRecord]:
    at = script.at
    return [
        CustomerRecord(
            key="laura", kind=CustomerKind.PERSON, name="Laura Nieminen", created_at=at(20, 18),
            email="laura.nieminen@gmail.com", phone="+358401234871",
            survey_consent_at=at(20, 18), survey_consent_source=ConsentSource.EMAIL,
            marketing_consent_at=at(20, 18), marketing_consent_source=ConsentSource.EMAIL,
            needs_and_wishes="Haluaa luonnollisen näköisiä kuvia ilman raskasta retusointia. "
            "Kuvaukset mieluiten ulkona iltapäivän valossa.",
            tags=["Perhe", "Muotokuvat"], attributes={"lähde": "Instagram"},
        ),
        CustomerRecord(
            key="asuntokulma", kind=CustomerKind.COMPANY, name="Asuntokulma LKV Oy", created_at=at(64, 9),
            email="toimisto@asuntokulma.fi", phone="+358207891230",
            survey_consent_at=at(64, 9), survey_consent_source=ConsentSource.CONTRACT,
            needs_and_wishes="Kiinteistönvälittäjä: 3D-mallit ja pohjapiirrokset myynti-ilmoituksiin. "
            "Toimitus viimeistään viiden arkipäivän päästä mittauksesta, laskut kuukausittain.",
            tags=["B2B", "Yritysasiakas", "3D-mallinnus"], attributes={"y-tunnus": "2784519-0"},
        ),
        CustomerRecord(
            key="petri", kind=CustomerKind.PERSON, name="Petri Salonen", created_at=at(64, 9),
            company_key="asuntokulma", email="petri.salonen@asuntokulma.fi", phone="+358445512093",
            survey_consent_at=at(64, 9), survey_consent_source=ConsentSource.CONTRACT,
            tags=["B2B"], attributes={"rooli": "Myyntipäällikkö, tilaa 3D-mallit"},
        ),
        CustomerRecord(
            key="james", kind=CustomerKind.PERSON, name="James Whitfield", created_at=at(150, 14),
            language="en", email="james@whitfieldceramics.com", phone="+358466820155",
            survey_consent_at=at(150, 14), survey_consent_source=ConsentSource.EMAIL,
            needs_and_wishes="Asioi englanniksi. Tuotekuvat verkkokauppaan (käsintehty keramiikka): "
            "valkoinen tausta ja yksi tunnelmakuva per tuote.",
            tags=["Tuotekuvaus"], attributes={"verkkokauppa": "whitfieldceramics.com"},
        ),
        CustomerRecord(
            key="sanna", kind=CustomerKind.PERSON, name="Sanna Lahtinen", created_at=at(402, 11),
            email="sanna.lahtinen@outlook.com", phone="+358503349817",
            survey_consent_at=at(402, 11), survey_consent_source=ConsentSource.IN_PERSON,
            tags=["Perhe", "3D-mallinnus", "Tapahtumat"],
        ),
    ]  # fmt: skip


def _laura(s: _Script) -> None:
    """A happy portrait customer who came back a year later with the whole family."""
    s.encounter("laura", 18, 21, "instagram", "Laura kysyi Instagramissa muotokuvauksen hintaa.", minutes=5)
    s.encounter("laura", 20, 9, "enquiry", "Lähetin hinnaston ja ehdotin kuvausta Pyynikin harjulla.")
    s.encounter(
        "laura", 33, 16, "session", "Muotokuvaus ulkona, tunti Pyynikillä. Hyvä tunnelma.", minutes=75
    )
    s.purchase("laura", 33, [_item("Muotokuvaus, 1 h ulkona", "180.00"), _item("Lisäkuvat 5 kpl", "40.00")],
               "28.00", 1001)  # fmt: skip
    s.encounter("laura", 38, 10, "delivery", "30 käsiteltyä kuvaa toimitettu verkkogalleriaan.", minutes=10)
    s.encounter("laura", 38, 10, "invoice", "Lasku 220 € lähetetty, maksettu 6 päivässä.", minutes=5)
    s.encounter("laura", 45, 12, "follow_up", "Kiitosviesti ja jälkikysely; Laura antoi kuvista kiitosta.")
    s.encounter("laura", 388, 19, "instagram", "Laura varasi perhekuvauksen yksityisviestillä.", minutes=5)
    s.encounter("laura", 402, 15, "session", "Perhekuvaus: Laura, puoliso ja kaksi lasta. Lapset väsyivät "
                "vasta lopussa.", minutes=90)  # fmt: skip
    s.purchase("laura", 402, [_item("Perhekuvaus, 1,5 h", "260.00"), _item("Taulu 40 × 60 cm", "95.00")],
               "62.00", 1006)  # fmt: skip
    s.encounter(
        "laura", 408, 11, "delivery", "Perhekuvat galleriaan, taulu tilattu kehystämöstä.", minutes=10
    )
    s.encounter("laura", 408, 11, "invoice", "Lasku 355 € lähetetty.", minutes=5)
    s.note("laura", 402, "Suositteli minua työkaverilleen. Lapsilla kesäkuvat ensi vuonna?")


def _asuntokulma(s: _Script) -> None:
    """The studio's steady business customer: apartment 3D models for property listings."""
    s.encounter("petri", 60, 10, "enquiry", "Petri kysyi 3D-mallien hintaa asuntojen myynti-ilmoituksiin.")
    s.encounter("petri", 64, 13, "enquiry", "Sovittiin kehyssopimus: 3D-malli ja pohjapiirros per asunto.")
    models = [
        (71, "Kaksio 54 m², Tampere Kaleva", "290.00", "18.00"),
        (96, "Kolmio 72 m², Tampere Hervanta", "350.00", "22.00"),
        (181, "Omakotitalo 128 m², Lempäälä", "690.00", "45.00"),
        (313, "Kaksio 48 m², Tampere Amuri", "290.00", "18.00"),
        (497, "Kolmio 81 m², Pirkkala", "350.00", "22.00"),
        (655, "Rivitalokolmio 86 m², Kangasala", "390.00", "25.00"),
    ]
    for number, (day, apartment, price, cost) in enumerate(models, start=1002):
        s.encounter("asuntokulma", day, 10, "session", f"Mittaus- ja kuvauskäynti: {apartment}.", minutes=60)
        s.purchase("asuntokulma", day, [_item(f"3D-malli ja pohjapiirros: {apartment}", price)], cost, number)
        s.encounter("asuntokulma", day + 4, 15, "delivery", f"3D-malli toimitettu: {apartment}.", minutes=10)
        s.encounter("asuntokulma", day + 4, 15, "invoice", "Lasku lähetetty, maksuaika 14 päivää.", minutes=5)
    s.encounter("petri", 185, 9, "changes", "Petri pyysi lisäämään Lempäälän malliin terassin mitat. Tehty "
                "samana päivänä.", outcome=EncounterOutcome.RESOLVED, minutes=40)  # fmt: skip
    s.note("asuntokulma", 185, "Petri arvostaa nopeutta enemmän kuin viimeisteltyä ulkoasua.")


def _james(s: _Script) -> None:
    """A late delivery, fixed within two days with a discount: he came back for a second order."""
    s.encounter("james", 148, 20, "enquiry", "James asked in English about product photos for his web shop.")
    s.encounter("james", 157, 10, "session", "Tuotekuvaus studiolla: 20 keramiikkatuotetta valkoisella "
                "taustalla.", minutes=240)  # fmt: skip
    s.purchase("james", 157, [_item("Tuotekuvaus, 20 tuotetta", "390.00"), _item("Alennus: myöhästynyt toimitus", "-78.00")],
               "40.00", 1003)  # fmt: skip
    s.encounter("james", 168, 9, "delivery", "Kuvat myöhässä neljä päivää luvatusta; James reklamoi "
                "sähköpostilla.", outcome=EncounterOutcome.COMPLAINT, minutes=10)  # fmt: skip
    s.encounter("james", 169, 14, "changes", "Pahoittelin, toimitin kuvat ja annoin 20 % alennuksen "
                "laskusta. James kiitti.", outcome=EncounterOutcome.RESOLVED, minutes=30)  # fmt: skip
    s.encounter("james", 169, 15, "invoice", "Lasku 312 € (alennus 20 %) lähetetty.", minutes=5)
    s.note("james", 169, "Myöhästyminen johtui editoinnin ruuhkasta. Lupaa toimitusaika vasta kalenterin "
           "tarkistamisen jälkeen.")  # fmt: skip
    s.encounter(
        "james", 176, 12, "follow_up", "Follow-up e-mail: James was happy with the fix and the photos."
    )
    s.encounter("james", 540, 11, "enquiry", "James ordered photos of his new spring collection.")
    s.encounter("james", 547, 10, "session", "Tuotekuvaus: 12 tuotetta ja 3 tunnelmakuvaa.", minutes=180)
    s.purchase("james", 547, [_item("Tuotekuvaus, 12 tuotetta", "260.00"), _item("Tunnelmakuvat 3 kpl", "90.00")],
               "35.00", 1009)  # fmt: skip
    s.encounter("james", 551, 16, "delivery", "Kuvat toimitettu päivää ennen luvattua.", minutes=10)
    s.encounter("james", 551, 16, "invoice", "Lasku 350 € lähetetty.", minutes=5)


def _sanna(s: _Script) -> None:
    """A graduation party, a missed first appointment, and the family house in 3D."""
    s.encounter("sanna", 400, 19, "enquiry", "Sanna kysyi kuvaajaa tyttären ylioppilasjuhliin.")
    s.encounter(
        "sanna", 402, 11, "session", "Tapaaminen juhlapaikalla, käytiin läpi kuvauslista.", minutes=30
    )
    s.encounter(
        "sanna", 430, 12, "session", "Ylioppilasjuhlat, 3 h: muotokuvat, vieraat ja kakku.", minutes=180
    )
    s.purchase("sanna", 430, [_item("Tapahtumakuvaus, 3 h", "480.00")], "60.00", 1007)
    s.encounter("sanna", 436, 10, "delivery", "120 kuvaa juhlista galleriaan.", minutes=10)
    s.encounter("sanna", 436, 10, "invoice", "Lasku 480 € lähetetty.", minutes=5)
    s.encounter("sanna", 441, 18, "follow_up", "Jälkikysely: Sanna kehui kuvia, toivoi nopeampaa toimitusta.")
    s.encounter(
        "sanna", 590, 17, "enquiry", "Sanna tilasi 3D-mallin omakotitalosta laajennuksen suunnitteluun."
    )
    s.encounter("sanna", 598, 9, "session", "Sovittu mittauskäynti: ketään ei ollut kotona.",
                outcome=EncounterOutcome.NO_SHOW, minutes=20)  # fmt: skip
    s.encounter(
        "sanna", 601, 9, "session", "Mittauskäynti: omakotitalo 146 m² ja piha, Kangasala.", minutes=150
    )
    s.purchase("sanna", 601, [_item("3D-malli: omakotitalo ja piha", "1450.00")], "120.00", 1010)
    s.encounter("sanna", 615, 14, "delivery", "3D-malli ja pohjapiirrokset toimitettu.", minutes=20)
    s.encounter("sanna", 615, 14, "invoice", "Lasku 1 450 € lähetetty.", minutes=5)
    s.encounter("sanna", 620, 10, "changes", "Sanna pyysi lisäämään laajennuksen luonnoksen malliin.",
                outcome=EncounterOutcome.RESOLVED, minutes=90)  # fmt: skip
    s.note("sanna", 598, "Unohti mittauskäynnin: lähetä muistutus tekstiviestillä edellisenä päivänä.")


# What each customer did with the invitation after a delivery: (customer, day of the delivery) →
# (hours until they opened it, their score or None if they did not answer, their words, device).
# Deliveries missing here were never opened; the rule of one invitation in 30 days skips others.
DELIVERY_FEEDBACK = {
    ("laura", 38): (3, 10, "Kuvat olivat juuri sellaisia kuin toivoin: luonnollisia ja lämpimiä. Veera sai "
                    "meidät rentoutumaan heti alussa.", DeviceKind.MOBILE),
    ("asuntokulma", 75): (1, 9, "Malli tuli sovitussa ajassa ja näytti ilmoituksessa hyvältä.", DeviceKind.DESKTOP),
    ("james", 168): (1, 7, "The photos themselves are excellent and the discount was fair, but I had to chase "
                     "the delivery.", DeviceKind.DESKTOP),
    ("asuntokulma", 185): (2, 10, "Nopea toimitus, ja terassin mitat lisättiin samana päivänä kun pyysimme.",
                           DeviceKind.DESKTOP),
    ("laura", 408): (30, None, "", DeviceKind.MOBILE),
    ("sanna", 436): (6, 8, "Ihania kuvia juhlista, kaikki tärkeät hetket mukana. Toimitukseen meni vain vähän "
                     "luultua kauemmin.", DeviceKind.MOBILE),
    ("asuntokulma", 501): (5, 8, "Laatu on tasaista. Pohjapiirros olisi hyvä saada myös PDF:nä tulostusta "
                           "varten.", DeviceKind.DESKTOP),
    ("james", 551): (4, 10, "Delivered a day early, and the mood shots are perfect for the new collection.",
                     DeviceKind.DESKTOP),
    ("sanna", 615): (2, 9, "3D-mallista oli valtava apu arkkitehdin kanssa. Mittauskäynnin unohtuminen oli "
                     "minun vikani!", DeviceKind.MOBILE),
    ("asuntokulma", 659): (20, None, "", DeviceKind.DESKTOP),
}  # fmt: skip
# Veera's deep interviews (seed 004): (customer, day, hour, [(yes, why) for the three questions]).
DEEP_INTERVIEWS = [
    ("laura", 421, 18, [
        (1, "Halusi luonnollisia perhekuvia ilman jäykkää poseerausta, ja niitä tuli. Lapset unohtivat "
            "kameran nopeasti."),
        (1, "Kesällä lasten kesäkuvat. Hinta on hänestä reilu, koska kuvat kestävät vuosia."),
        (1, "On jo suositellut työkaverille: kertoo aina, että kuvaaja saa lapsetkin rentoutumaan."),
    ]),
    ("petri", 520, 10, [
        (1, "3D-mallit tulevat sovitussa ajassa, ja niillä asunnot erottuvat portaaleissa."),
        (1, "Jatkavat kehyssopimuksella. Nopeus on heille tärkeämpää kuin viimeistelty ulkoasu."),
        (0, "Ei kilpaileville välittäjille: mallit ovat heidän etunsa myynnissä. Muille kyllä suosittelisi."),
    ]),
]  # fmt: skip


def _feedback(script: _Script) -> tuple[list[InvitationRecord], list[ResponseRecord]]:
    """The studio's invitations after deliveries and its two deep interviews, written by hand."""
    nps, interviews = SPEC.surveys
    delay = survey_settings(nps)["invitation_delay_minutes"]
    emails = {"laura": "fi", "asuntokulma": "fi", "james": "en", "sanna": "fi"}
    invitations: list[InvitationRecord] = []
    responses: list[ResponseRecord] = []
    last_sent: dict[str, datetime.datetime] = {}
    for index, encounter in enumerate(script.encounters):
        if encounter.touchpoint_key not in nps.touchpoints:
            continue
        customer = encounter.customer_key
        created = encounter.ended_at or encounter.started_at
        invitation = InvitationRecord(
            survey_key=nps.key,
            customer_key=customer,
            touchpoint_key=encounter.touchpoint_key,
            channel=InvitationChannel.EMAIL,
            language=emails[customer],
            created_at=created,
            scheduled_for=scheduled_after(created, delay),
            status=InvitationStatus.SENT,
            encounter_index=index,
        )
        invitations.append(invitation)
        previous = last_sent.get(customer)
        if previous is not None and created - previous < datetime.timedelta(days=CONTACT_RULE_DAYS):
            invitation.status, invitation.skip_reason = InvitationStatus.NOT_SENT, SkipReason.ASKED_RECENTLY
            continue
        invitation.sent_at = invitation.scheduled_for + datetime.timedelta(seconds=40)
        last_sent[customer] = invitation.sent_at
        day = (encounter.started_at.date() - script.start).days
        plan = DELIVERY_FEEDBACK.get((customer, day))
        if plan is None:
            continue
        hours, score, words, device = plan
        invitation.opened_at = invitation.sent_at + datetime.timedelta(hours=hours)
        if score is None:
            continue
        invitation.answered_at = invitation.opened_at + datetime.timedelta(seconds=75)
        answers = [AnswerRecord(1, invitation.answered_at, score=score)]
        if score <= 6:
            answers[0].followup_text = words
        else:
            answers.append(
                AnswerRecord(2, invitation.answered_at + datetime.timedelta(minutes=2), text=words)
            )
        responses.append(
            ResponseRecord(
                survey_key=nps.key,
                source=ResponseSource.INVITATION,
                channel=InvitationChannel.EMAIL,
                language=invitation.language,
                device=device,
                started_at=invitation.answered_at,
                answers=answers,
                touchpoint_key=encounter.touchpoint_key,
                customer_key=customer,
                invitation_index=len(invitations) - 1,
            )
        )
    for customer, day, hour, answers in DEEP_INTERVIEWS:
        at = script.at(day, hour)
        responses.append(
            ResponseRecord(
                survey_key=interviews.key,
                source=ResponseSource.STAFF,
                channel="deep",
                language="fi",
                device=DeviceKind.UNKNOWN,
                started_at=at,
                answers=[
                    AnswerRecord(
                        position, at + datetime.timedelta(minutes=15 * position), score=yes, followup_text=why
                    )
                    for position, (yes, why) in enumerate(answers, start=1)
                ],
                touchpoint_key=interviews.touchpoints[0],
                customer_key=customer,
                staff_email=OWNER_EMAIL,
                interview_kind="deep",
            )
        )
    return invitations, responses


def simulate(*, start: datetime.date) -> SimulatedOrganization:
    """The studio's whole history as plain records. Nothing is random: the story is written by hand."""
    script = _Script(start)
    customers = _customers(script)
    for story in (_laura, _asuntokulma, _james, _sanna):
        story(script)
    complaint_count = sum(1 for e in script.encounters if e.outcome == EncounterOutcome.COMPLAINT)
    invitations, responses = _feedback(script)
    truth = {
        "kind": "scripted",
        "start": start.isoformat(),
        "stories": {
            "laura": "Happy portrait customer; came back a year later for a family session.",
            "asuntokulma": "Steady business customer: six apartment 3D models.",
            "james": "Late delivery, complaint fixed within a day with a 20 % discount; ordered again.",
            "sanna": "Graduation party, one missed appointment, then a house 3D model.",
        },
        "counts": {
            "customers": len(customers),
            "encounters": len(script.encounters),
            "purchases": len(script.purchases),
            "notes": len(script.notes),
            "complaints": complaint_count,
            "invitations": len(invitations),
            "responses": len(responses),
        },
        "feedback": {
            **feedback_truth(SPEC, customers, invitations, responses),
            "note": "Eight answers from five customers: far too few for an NPS interval worth the name. "
            "Read the words instead; the deep interviews say the most.",
        },
    }
    return SimulatedOrganization(
        SPEC,
        customers,
        script.encounters,
        script.purchases,
        script.notes,
        truth,
        start=start,
        invitations=invitations,
        responses=responses,
    )
