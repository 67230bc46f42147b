"""The pages: actions with filters and "did it help?", the learning log made from comments with one
click, the digest opt-in — and who may do what, generated from the permission table."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hymy.cases import services as case_services
from hymy.improvement import services
from hymy.improvement.choices import ActionStatus, LearningKind
from hymy.improvement.models import DigestSubscription, ImprovementAction, LearningEntry
from hymy.tenancy.choices import Role
from hymy.tenancy.permissions import CHANGE_IMPROVEMENT, ROLE_PERMISSIONS, VIEW_IMPROVEMENT, role_can
from tests.surveys.conftest import answered, from_template

BASE = "/o/aurinko/improvement/"


def improvement_state(organization) -> dict:
    def rows(queryset):
        return list(queryset.order_by("pk").values())

    return {
        "actions": rows(ImprovementAction.objects.filter(organization=organization)),
        "entries": rows(LearningEntry.objects.filter(organization=organization)),
        "subscriptions": rows(DigestSubscription.objects.filter(membership__organization=organization)),
    }


@pytest.fixture
def comment(nps_survey, counter):
    """A detractor's comment at the counter, yesterday."""
    response = answered(
        nps_survey, score=3, followup="Jonotin kassalla 20 minuuttia.", touchpoint=counter,
        started_at=timezone.now() - datetime.timedelta(days=1), source="public_link",
    )  # fmt: skip
    return response.answers.get(question__position=1)


@pytest.fixture
def case(organization, owner, counter):
    """A complaint about the counter, resolved by the owner."""
    return case_services.case_create(
        organization=organization, actor=owner, title="Kassajono liian pitkä", kind="complaint",
        description="Jonotin 20 minuuttia.", touchpoint=counter,
    )  # fmt: skip


@pytest.fixture
def action(organization, owner, counter):
    return services.action_create(
        organization=organization, actor=owner, title="Ruuhkaan toinen myyjä", owner=owner, touchpoint=counter,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip


@pytest.fixture
def entry(organization, owner, counter):
    return services.learning_entry_create(
        organization=organization, actor=owner, kind=LearningKind.SUCCESS, title="Kanta-asiakas muistettiin nimeltä",
        touchpoint=counter,
    )  # fmt: skip


# --- The permission matrix, generated ------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    permission: str
    get: bool = False
    pk: Callable[[SimpleNamespace], int] | None = None
    post: Callable[[SimpleNamespace], dict] | None = None


def _action_form(w, **changes):
    return {"title": "Kassajonon seuranta", "owner": w.owner.pk, "status": "planned", "metric": "nps",
            "touchpoint": w.counter.pk, **changes}  # fmt: skip


PAGES = [
    Page("action_list", VIEW_IMPROVEMENT, get=True),
    Page("action_create", CHANGE_IMPROVEMENT, get=True, post=lambda w: _action_form(w)),
    Page("action_detail", VIEW_IMPROVEMENT, get=True, pk=lambda w: w.action.pk),
    Page("action_edit", CHANGE_IMPROVEMENT, get=True, pk=lambda w: w.action.pk,
         post=lambda w: _action_form(w, status="in_progress")),
    Page("learning_list", VIEW_IMPROVEMENT, get=True),
    Page("learning_create", CHANGE_IMPROVEMENT, get=True,
         post=lambda w: {"kind": "success", "title": "Asiakas kiitti nopeasta palvelusta"}),
    Page("learning_edit", CHANGE_IMPROVEMENT, get=True, pk=lambda w: w.entry.pk,
         post=lambda w: {"kind": "success", "title": "Muutettu otsikko"}),
    Page("learning_from_comment", CHANGE_IMPROVEMENT, pk=lambda w: w.comment.pk, post=lambda w: {"kind": "failure"}),
    Page("learning_from_case", CHANGE_IMPROVEMENT, pk=lambda w: w.case.pk, post=lambda w: {"kind": "success"}),
    Page("digest_settings", VIEW_IMPROVEMENT, get=True, post=lambda w: {"subscribe": "1"}),
]  # fmt: skip

CASES = [
    pytest.param(page, role, method, id=f"{page.name}-{role}-{method}")
    for page in PAGES
    for role in ROLE_PERMISSIONS
    for method in (["GET"] if page.get else []) + (["POST"] if page.post else [])
]


@pytest.fixture
def world(organization, owner, members, counter, action, entry, comment, case):
    return SimpleNamespace(
        organization=organization, owner=owner, members=members, counter=counter, action=action, entry=entry,
        comment=comment, case=case,
    )  # fmt: skip


def _url(page, w):
    kwargs = {"org_slug": "aurinko"}
    if page.pk is not None:
        kwargs["pk"] = page.pk(w)
    return reverse(page.name, kwargs=kwargs)


@pytest.mark.parametrize(("page", "role", "method"), CASES)
def test_permission_matrix(page, role, method, world, client_for):
    client = client_for(world.members[role].user)
    before = improvement_state(world.organization)

    response = (
        client.get(_url(page, world)) if method == "GET" else client.post(_url(page, world), page.post(world))
    )

    if not role_can(role, page.permission):
        assert response.status_code == 403
        assert improvement_state(world.organization) == before
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert improvement_state(world.organization) != before


def test_every_improvement_page_is_in_the_matrix():
    from tests.conftest import organization_url_patterns

    names = {url.name for url in organization_url_patterns() if url.app == "improvement/"}
    assert {page.name for page in PAGES} == names


def test_partners_and_viewers_cannot_change_improvement():
    assert [role for role in ROLE_PERMISSIONS if role_can(role, CHANGE_IMPROVEMENT)] == [
        Role.OWNER, Role.ADMIN, Role.ANALYST, Role.AGENT,
    ]  # fmt: skip
    assert not role_can(Role.PARTNER, VIEW_IMPROVEMENT)


# --- Another organisation's objects --------------------------------------------------------------


@pytest.fixture
def kuu_objects(other):
    kuu_survey = from_template(other.organization, "nps_after_purchase", [other.touchpoint])
    response = answered(kuu_survey, score=2, followup="Leipä oli loppu.", touchpoint=other.touchpoint,
                        source="public_link")  # fmt: skip
    return {
        "action": services.action_create(organization=other.organization, actor=other.owner, title="Kuun toimenpide"),
        "entry": services.learning_entry_create(organization=other.organization, actor=other.owner,
                                                kind="success", title="Kuun onnistuminen"),
        "comment": response.answers.get(question__position=1),
        "case": case_services.case_create(organization=other.organization, actor=other.owner, title="Kuun valitus"),
    }  # fmt: skip


PK_PAGES = [page for page in PAGES if page.pk is not None]
PK_KIND = {"action_detail": "action", "action_edit": "action", "learning_edit": "entry",
           "learning_from_comment": "comment", "learning_from_case": "case"}  # fmt: skip


@pytest.mark.parametrize("page", PK_PAGES, ids=[page.name for page in PK_PAGES])
def test_another_organisations_object_is_404_under_my_address(page, world, kuu_objects, owner_client, other):
    foreign = reverse(page.name, kwargs={"org_slug": "aurinko", "pk": kuu_objects[PK_KIND[page.name]].pk})
    before = improvement_state(other.organization), improvement_state(world.organization)

    got = owner_client.get(foreign)
    posted = owner_client.post(foreign, page.post(world) if page.post else {})

    assert got.status_code in (404, 405)
    assert posted.status_code == 404
    assert (improvement_state(other.organization), improvement_state(world.organization)) == before


def test_action_cannot_name_another_organisations_touchpoint_or_person(owner_client, world, other):
    response = owner_client.post(
        f"{BASE}actions/new/", _action_form(world, touchpoint=other.touchpoint.pk, owner=other.owner.pk)
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"touchpoint", "owner"}
    assert ImprovementAction.objects.filter(organization=world.organization).count() == 1


# --- Actions -------------------------------------------------------------------------------------


def test_create_an_action_and_see_its_before_and_after(owner_client, world, answer_nps):
    today = timezone.localdate()
    answer_nps(today - datetime.timedelta(days=3), [0, 5, 6, 9, 10, 10, 7, 8, 3, 2])
    answer_nps(today, [10] * 12)

    response = owner_client.post(
        f"{BASE}actions/new/",
        _action_form(world, started_on=(today - datetime.timedelta(days=1)).isoformat(),
                     due_on=(today + datetime.timedelta(days=14)).isoformat()),
    )  # fmt: skip
    action = ImprovementAction.objects.get(title="Kassajonon seuranta")
    page = owner_client.get(response["Location"])

    assert response["Location"] == f"{BASE}actions/{action.pk}/"
    assert (action.owner, action.touchpoint, action.created_by) == (world.owner, world.counter, world.owner)
    html = page.content.decode()
    assert page.context["effect"].before.n == 10  # 2 days after the start, 2 days before it
    assert page.context["effect"].after.n == 13  # with the `comment` fixture's detractor yesterday
    assert "Did it help?" in html
    assert "Yes: better, more than chance" in html
    assert "13 answers: the range is still wide" in html


def test_a_failure_becomes_an_action_with_its_title_and_touchpoint(owner_client, world):
    failure = services.learning_entry_create(
        organization=world.organization, actor=world.owner, kind="failure", title="Kassajono venyy",
        prevention="Toinen kassa auki ruuhkassa.", owner=world.owner, touchpoint=world.counter,
    )  # fmt: skip

    log = owner_client.get(f"{BASE}learning/").content.decode()
    form = owner_client.get(f"{BASE}actions/new/", {"from_entry": failure.pk}).context["form"]

    assert f"{BASE}actions/new/?from_entry={failure.pk}" in log
    assert (form["title"].value(), form["touchpoint"].value()) == ("Kassajono venyy", world.counter.pk)
    assert form["description"].value() == "Toinen kassa auki ruuhkassa."


def test_an_action_cannot_start_from_another_organisations_entry(owner_client, world, kuu_objects):
    response = owner_client.get(f"{BASE}actions/new/", {"from_entry": kuu_objects["entry"].pk})

    assert response.status_code == 404


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=260), description=st.text(max_size=300), due=st.text(max_size=12))
def test_any_typed_action_is_saved_or_refused_with_a_reason(owner_client, world, title, description, due):
    response = owner_client.post(
        f"{BASE}actions/new/", _action_form(world, title=title, description=description, due_on=due)
    )

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert response.context["form"].errors


def test_action_without_a_title_keeps_what_was_typed(owner_client, world):
    response = owner_client.post(
        f"{BASE}actions/new/", _action_form(world, title="", description="Mitä tehdään")
    )

    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert "Mitä tehdään" in response.content.decode()


def test_marking_an_action_done_records_the_day(owner_client, world):
    owner_client.post(f"{BASE}actions/{world.action.pk}/edit/", _action_form(world, status="done"))
    world.action.refresh_from_db()

    assert world.action.status == ActionStatus.DONE
    assert world.action.completed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Myöhässä", "Ruuhkaan toinen myyjä", "Valmis"]),
        ({"status": "done"}, ["Valmis"]),
        ({"overdue": "on"}, ["Myöhässä"]),
        ({"owner": "agent"}, ["Myöhässä"]),
        ({"status": "bogus"}, ["Myöhässä", "Ruuhkaan toinen myyjä", "Valmis"]),
    ],
)
def test_action_list_filters(owner_client, world, query, expected):
    today = timezone.localdate()
    agent = world.members[Role.AGENT].user
    services.action_create(
        organization=world.organization,
        actor=world.owner,
        title="Myöhässä",
        owner=agent,
        due_on=today - datetime.timedelta(days=1),
        started_on=today - datetime.timedelta(days=9),
    )
    services.action_create(organization=world.organization, actor=world.owner, title="Valmis", owner=world.owner,
                           due_on=today - datetime.timedelta(days=2), status="done")  # fmt: skip
    if query.get("owner") == "agent":
        query = {"owner": agent.pk}

    page = owner_client.get(f"{BASE}", query)

    assert sorted(action.title for action in page.context["page"]) == sorted(expected)


# --- The learning log ----------------------------------------------------------------------------


def test_comment_becomes_a_failure_with_prevention_and_owner(agent_client, world):
    agent = world.members[Role.AGENT].user
    clicked = agent_client.post(f"{BASE}learning/from-comment/{world.comment.pk}/", {"kind": "failure"})
    failure = LearningEntry.objects.get(kind=LearningKind.FAILURE)

    assert clicked["Location"] == f"{BASE}learning/{failure.pk}/edit/"
    assert (failure.touchpoint, failure.source_answer, failure.created_by) == (
        world.counter,
        world.comment,
        agent,
    )
    assert failure.happened_on == timezone.localdate(world.comment.response.started_at)
    assert failure.needs_prevention

    missing = agent_client.post(
        f"{BASE}learning/{failure.pk}/edit/", {"kind": "failure", "title": "Kassajono"}
    )
    assert missing.status_code == 400
    assert set(missing.context["form"].errors) == {"prevention", "owner"}
    assert 'value="Kassajono"' in missing.content.decode()

    saved = agent_client.post(
        f"{BASE}learning/{failure.pk}/edit/",
        {"kind": "failure", "title": "Kassajono", "prevention": "Toinen kassa auki, kun jonossa on yli 5.",
         "owner": world.owner.pk},
    )  # fmt: skip
    log = agent_client.get(f"{BASE}learning/").content.decode()

    assert saved.status_code == 302
    failure.refresh_from_db()
    assert not failure.needs_prevention
    assert "Jonotin kassalla 20 minuuttia." in log
    assert "Toinen kassa auki, kun jonossa on yli 5." in log
    # Successes first.
    assert log.index("Kanta-asiakas muistettiin nimeltä") < log.index("Kassajono")


def test_the_same_comment_twice_gives_the_same_entry(agent_client, world):
    for _ in range(2):
        agent_client.post(f"{BASE}learning/from-comment/{world.comment.pk}/", {"kind": "success"})

    assert LearningEntry.objects.filter(source_answer=world.comment).count() == 1


def test_comment_buttons_beside_the_figures_and_on_the_response(client_for, world):
    for role, shown in ((Role.AGENT, True), (Role.ANALYST, True), (Role.VIEWER, False)):
        client = client_for(world.members[role].user)
        overview = client.get("/o/aurinko/insights/?days=7").content.decode()
        detail = client.get(f"/o/aurinko/surveys/responses/{world.comment.response_id}/").content.decode()
        action_url = f"{BASE}learning/from-comment/{world.comment.pk}/"
        assert (action_url in overview, action_url in detail) == (shown, shown), role


def test_bad_kind_changes_nothing(agent_client, world):
    response = agent_client.post(f"{BASE}learning/from-comment/{world.comment.pk}/", {"kind": "maybe"})

    assert response.status_code == 302
    assert not LearningEntry.objects.filter(source_answer=world.comment).exists()


def test_partner_may_not_open_the_log(partner_client, world):
    assert partner_client.get(f"{BASE}learning/").status_code == 403
    assert (
        partner_client.post(
            f"{BASE}learning/from-comment/{world.comment.pk}/", {"kind": "success"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Successes first, then failures, newest first within each.
        ({}, ["Kanta-asiakas muistettiin nimeltä", "Toimitus myöhässä", "Vanha virhe"]),
        ({"kind": "failure"}, ["Toimitus myöhässä", "Vanha virhe"]),
        ({"touchpoint": "delivery"}, ["Toimitus myöhässä"]),
        ({"date_to": "past"}, ["Vanha virhe"]),
    ],
)
def test_learning_log_filters(owner_client, world, delivery, query, expected):
    today = timezone.localdate()
    services.learning_entry_create(
        organization=world.organization,
        actor=world.owner,
        kind="failure",
        title="Toimitus myöhässä",
        prevention="Tekstiviesti",
        owner=world.owner,
        touchpoint=delivery,
        happened_on=today,
    )
    services.learning_entry_create(organization=world.organization, actor=world.owner, kind="failure",
                                   title="Vanha virhe", prevention="Ohje", owner=world.owner,
                                   happened_on=today - datetime.timedelta(days=60))  # fmt: skip
    query = {**query}
    if query.get("touchpoint") == "delivery":
        query["touchpoint"] = delivery.pk
    if query.get("date_to") == "past":
        query["date_to"] = (today - datetime.timedelta(days=30)).isoformat()

    page = owner_client.get(f"{BASE}learning/", query)

    assert [entry.title for entry in page.context["page"]] == expected


def test_learning_log_with_a_backwards_period_says_so(owner_client, world):
    page = owner_client.get(f"{BASE}learning/", {"date_from": "2026-11-20", "date_to": "2026-11-01"})

    assert "The start of the period is after its end." in page.content.decode()


def test_failure_written_by_hand_needs_prevention_and_owner(owner_client, world):
    response = owner_client.post(f"{BASE}learning/new/", {"kind": "failure", "title": "Väärä tilaus"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"prevention", "owner"}
    assert not LearningEntry.objects.filter(title="Väärä tilaus").exists()


# --- Digest opt-in ---------------------------------------------------------------------------------


def test_opt_in_and_out_of_the_digest(client_for, world):
    membership = world.members[Role.VIEWER]
    client = client_for(membership.user)

    client.post(f"{BASE}digest/", {"subscribe": "1"})
    assert DigestSubscription.objects.filter(membership=membership).exists()
    assert "You get the digest." in client.get(f"{BASE}digest/").content.decode()

    client.post(f"{BASE}digest/", {"subscribe": "0"})
    assert not DigestSubscription.objects.filter(membership=membership).exists()
