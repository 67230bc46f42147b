"""Improvement actions and learning-log entries for the demo organisations (called by the demo loader).

Deterministic for a given demo: the touchpoints are chosen by their keys (with a fallback to priority
order), the comments by score, time and id, and every date is counted from the day the demo is loaded.
Texts are in Finnish, as the demo organisations' own people would write them.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from hymy.journeys.models import Touchpoint
from hymy.surveys.models import Answer
from hymy.tenancy.choices import Role
from hymy.tenancy.models import Membership, Organization, User

from . import services
from .choices import ActionStatus, LearningKind

# (preferred touchpoint keys or None for the whole organisation, title, description, metric, status, started days ago, completed days ago, due in days)
ACTIONS = [
    (("home_delivery", "delivery"), "Kuljettaja ilmoittaa tulostaan puoli tuntia ennen",
     "Asiakkaat kertoivat odottaneensa kotona koko päivän. Kuljetusyhtiö lähettää tekstiviestin 30 min ennen.",
     "nps", ActionStatus.DONE, 150, 120, -125),
    (("shop_helsinki", "session"), "Ruuhka-aikoihin toinen myyjä kassalle",
     "Lauantaisin ja arki-iltaisin jono venyy. Kokeillaan lisämyyjää klo 15–18 ja lauantaisin.",
     "nps", ActionStatus.IN_PROGRESS, 45, None, 14),
    (("call_centre", "enquiry"), "Jonotusajan seuranta puhelinpalveluun",
     "Puhelinpalvelu raportoi joka viikko jonotusajan mediaanin ja 90 %:n arvon.",
     "csat", ActionStatus.IN_PROGRESS, 40, None, -5),
    (None, "Jokaiseen palautteeseen vastataan vuorokaudessa",
     "Koko henkilöstön yhteinen lupaus: jokaiselle kommentin jättäneelle vastataan seuraavana arkipäivänä.",
     "nps", ActionStatus.DONE, 75, 60, -62),
    (("billing", "invoice"), "Laskun erittely selkokielelle",
     "Lasku kertoo ensimmäisellä rivillä, mitä maksetaan ja miksi summa muuttui.",
     "nps", ActionStatus.PLANNED, -7, None, 60),
]  # fmt: skip

SUCCESS_TITLES = [
    "Asiakas kehui palvelua nimeltä",
    "Ongelma ratkesi yhdellä yhteydellä",
    "Nopea ja ystävällinen palvelu",
]
FAILURE_LESSONS = [
    ("Asiakas joutui odottamaan", "Ruuhkan ennakointi: vuorolistaan lisävahvuus tunnetuille ruuhkatunneille."),
    ("Lupaus ei pitänyt", "Luvataan vain, mikä tiedetään: toimitusaika tarkistetaan järjestelmästä ennen lupausta."),
    ("Asia ei ratkennut ensimmäisellä kerralla", "Yhteinen tarkistuslista yleisimpiin kysymyksiin; kuukausittain läpikäynti tiimin kanssa."),
]  # fmt: skip


def _touchpoint(
    touchpoints: dict[str, Touchpoint], keys: tuple[str, ...] | None, fallback: int
) -> Touchpoint | None:
    """The first of `keys` the organisation has, else one by priority; no keys: the whole organisation."""
    if keys is None:
        return None
    for key in keys:
        if key in touchpoints:
            return touchpoints[key]
    ordered = sorted(touchpoints.values(), key=lambda touchpoint: (touchpoint.priority, touchpoint.pk))
    return ordered[fallback % len(ordered)] if ordered else None


def _people(organization: Organization) -> list[User]:
    """Analysts and owners first: they own the actions; then the others who may write."""
    order = {Role.ANALYST: 0, Role.OWNER: 1, Role.ADMIN: 2, Role.AGENT: 3}
    memberships = Membership.objects.filter(organization=organization, role__in=list(order)).select_related(
        "user"
    )
    return [membership.user for membership in sorted(memberships, key=lambda m: (order[m.role], m.pk))]


def improvement_demo_load(
    *, organization: Organization, touchpoints: dict[str, Touchpoint], today: datetime.date | None = None
) -> None:
    today = today or timezone.localdate()
    people = _people(organization)
    owner = people[0]
    for index, (keys, title, description, metric, status, started, completed, due) in enumerate(ACTIONS):
        services.action_create(
            organization=organization, actor=owner, title=title, description=description, metric=metric,
            status=status, owner=people[index % len(people)], touchpoint=_touchpoint(touchpoints, keys, index),
            started_on=today - datetime.timedelta(days=started),
            completed_on=today - datetime.timedelta(days=completed) if completed is not None else None,
            due_on=today + datetime.timedelta(days=due),
        )  # fmt: skip
    # The newest words of the happiest and the unhappiest customers, on any scored question.
    comments = (
        Answer.objects.filter(organization=organization, score__isnull=False)
        .exclude(followup_text="")
        .select_related("response")
    )
    happiest = (
        Q(question__kind="nps", score__gte=9) | Q(question__kind="csat", score=5)
        | Q(question__kind="smiley3", score=3) | Q(question__kind="smiley4", score=4)
    )  # fmt: skip
    unhappiest = (
        Q(question__kind="nps", score__lte=6) | Q(question__kind="csat", score__lte=2)
        | Q(question__kind__in=["smiley3", "smiley4"], score=1)
    )  # fmt: skip
    worst = list(comments.filter(unhappiest).order_by("-response__started_at", "-id")[:3])
    best = list(comments.filter(happiest).order_by("-response__started_at", "-id")[:3])
    for index, answer in enumerate(best):
        entry, _created = services.learning_entry_from_answer(
            organization=organization, actor=people[-1], answer=answer, kind=LearningKind.SUCCESS
        )
        services.learning_entry_update(entry=entry, actor=people[-1], title=SUCCESS_TITLES[index])
    for index, answer in enumerate(worst):
        entry, _created = services.learning_entry_from_answer(
            organization=organization, actor=people[-1], answer=answer, kind=LearningKind.FAILURE
        )
        title, prevention = FAILURE_LESSONS[index]
        services.learning_entry_update(
            entry=entry,
            actor=people[-1],
            title=title,
            prevention=prevention,
            owner=people[index % len(people)],
        )
