"""Ready survey templates a small business can use in one click.

Texts are written here in Finnish, Swedish and English. `{brand}` is replaced with the
organisation's name when a survey is made from a template.
"""

from django.utils.translation import gettext_lazy as _

from .choices import Moment, QuestionKind

WHY = {"fi": "Miksi?", "sv": "Varför?", "en": "Why?"}
NPS_QUESTION = {
    "fi": "Kuinka todennäköisesti suosittelisit yritystä {brand} ystävällesi tai kollegallesi?",
    "sv": "Hur troligt är det att du skulle rekommendera {brand} till en vän eller kollega?",
    "en": "How likely are you to recommend {brand} to a friend or colleague?",
}
NPS_LOW = {"fi": "Erittäin epätodennäköisesti", "sv": "Inte alls troligt", "en": "Not at all likely"}
NPS_HIGH = {"fi": "Erittäin todennäköisesti", "sv": "Mycket troligt", "en": "Extremely likely"}
WHAT_WENT_WRONG = {
    "fi": "Mikä meni pieleen? Mitä meidän pitäisi tehdä paremmin?",
    "sv": "Vad gick fel? Vad borde vi göra bättre?",
    "en": "What went wrong? What should we do better?",
}
WHAT_DID_WE_DO_WELL = {
    "fi": "Mikä teki kokemuksesta hyvän?",
    "sv": "Vad gjorde upplevelsen bra?",
    "en": "What made it a good experience?",
}
THANK_YOU = {
    "fi": "Kiitos! Vastauksesi auttaa meitä palvelemaan sinua paremmin.",
    "sv": "Tack! Ditt svar hjälper oss att betjäna dig bättre.",
    "en": "Thank you! Your answer helps us serve you better.",
}


def _q(kind, text, **extra):
    return {"kind": kind, "text": text, **extra}


TEMPLATES = {
    "nps_after_purchase": {
        "name": _("NPS after a purchase"),
        "description": _(
            "Would they recommend you? Asked a while after a purchase, with 'why' for every score."
        ),
        "moment": Moment.AFTER,
        "invite_after_purchases": True,
        "invite_after_encounters": False,
        "invitation_delay_minutes": 2 * 24 * 60,
        "title": {"fi": "Miten onnistuimme?", "sv": "Hur lyckades vi?", "en": "How did we do?"},
        "questions": [
            _q(
                QuestionKind.NPS,
                NPS_QUESTION,
                low_label=NPS_LOW,
                high_label=NPS_HIGH,
                is_required=True,
                followup_text=WHAT_WENT_WRONG,
                followup_min_score=0,
                followup_max_score=6,
            ),
            _q(QuestionKind.TEXT, WHAT_DID_WE_DO_WELL),
        ],
    },
    "csat_after_support": {
        "name": _("CSAT after a support contact"),
        "description": _("How satisfied were they with this contact? Sent soon after the support encounter."),
        "moment": Moment.AFTER,
        "invitation_delay_minutes": 60,
        "title": {
            "fi": "Asiointisi asiakaspalvelussamme",
            "sv": "Ditt ärende hos vår kundtjänst",
            "en": "Your contact with our customer service",
        },
        "questions": [
            _q(
                QuestionKind.CSAT,
                {
                    "fi": "Kuinka tyytyväinen olit saamaasi palveluun?",
                    "sv": "Hur nöjd var du med servicen du fick?",
                    "en": "How satisfied were you with the service you received?",
                },
                low_label={"fi": "Erittäin tyytymätön", "sv": "Mycket missnöjd", "en": "Very dissatisfied"},
                high_label={"fi": "Erittäin tyytyväinen", "sv": "Mycket nöjd", "en": "Very satisfied"},
                is_required=True,
                followup_text=WHY,
            ),
        ],
    },
    "ces_after_self_service": {
        "name": _("CES after self-service"),
        "description": _("Was it easy to handle their issue themselves, e.g. in the web shop or app?"),
        "moment": Moment.AFTER,
        "invitation_delay_minutes": 30,
        "title": {"fi": "Asioinnin helppous", "sv": "Hur lätt var det?", "en": "How easy was it?"},
        "questions": [
            _q(
                QuestionKind.CES,
                {
                    "fi": "{brand} teki asiani hoitamisesta helppoa.",
                    "sv": "{brand} gjorde det lätt att sköta mitt ärende.",
                    "en": "{brand} made it easy for me to handle my issue.",
                },
                low_label={"fi": "Täysin eri mieltä", "sv": "Helt oenig", "en": "Strongly disagree"},
                high_label={"fi": "Täysin samaa mieltä", "sv": "Helt enig", "en": "Strongly agree"},
                is_required=True,
                followup_text=WHAT_WENT_WRONG,
                followup_min_score=1,
                followup_max_score=4,
            ),
        ],
    },
    "smiley_kiosk": {
        "name": _("Smiley kiosk"),
        "description": _("Three big faces on a tablet by the till or the door, and an optional 'why'."),
        "moment": Moment.AFTER,
        "invite_after_encounters": False,
        "title": {
            "fi": "Miten palvelimme tänään?",
            "sv": "Hur var servicen i dag?",
            "en": "How did we serve you today?",
        },
        "questions": [
            _q(
                QuestionKind.SMILEY3,
                {
                    "fi": "Miten palvelimme tänään?",
                    "sv": "Hur var servicen i dag?",
                    "en": "How did we serve you today?",
                },
                is_required=True,
                followup_text={
                    "fi": "Kerro halutessasi lisää",
                    "sv": "Berätta gärna mer",
                    "en": "Tell us more if you like",
                },
            ),
        ],
    },
    "three_questions": {
        "name": _("The three direct questions"),
        "description": _(
            "Did you get what you came for? Will you do business with us again? Would you recommend us? "
            "Each followed by 'why?'."
        ),
        "moment": Moment.AFTER,
        "title": {"fi": "Kolme kysymystä", "sv": "Tre frågor", "en": "Three questions"},
        "questions": [
            _q(
                QuestionKind.YES_NO,
                {
                    "fi": "Saitko sen, mitä tulit hakemaan?",
                    "sv": "Fick du det du kom för?",
                    "en": "Did you get what you came for?",
                },
                followup_text=WHY,
            ),
            _q(
                QuestionKind.YES_NO,
                {
                    "fi": "Aiotko asioida jatkossakin meillä?",
                    "sv": "Kommer du att handla hos oss igen?",
                    "en": "Will you do business with us again?",
                },
                followup_text=WHY,
            ),
            _q(
                QuestionKind.YES_NO,
                {
                    "fi": "Suosittelisitko tuotteitamme ja palveluitamme kavereillesi?",
                    "sv": "Skulle du rekommendera våra produkter och tjänster till dina vänner?",
                    "en": "Would you recommend our products and services to your friends?",
                },
                followup_text=WHY,
            ),
        ],
    },
}
