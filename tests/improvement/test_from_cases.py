"""The cases in the improvement loop: a case shared in the learning log with one click (and the entry
linking back to it only for those who may open it), an action started from a case, and the weekly
digest's overdue cases, through a real SMTP server."""

import datetime

import pytest
from django.utils import timezone

from hymy.cases import services as case_services
from hymy.cases.models import Case, SlaBreach
from hymy.improvement import services
from hymy.improvement.digest import digests_send, overdue_cases_for_digest, week_of
from hymy.improvement.models import LearningEntry
from hymy.tenancy.choices import Role

from .test_digest import smtp_inbox  # noqa: F401  (the real SMTP server fixture)

BASE = "/o/aurinko/improvement/"


@pytest.fixture
def resolved_case(organization, owner, counter, django_capture_on_commit_callbacks):
    """A complaint about the counter, resolved with an explanation."""
    case = case_services.case_create(
        organization=organization, actor=owner, title="Kassajono liian pitkä", kind="complaint",
        description="Jonotin 20 minuuttia.", touchpoint=counter,
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_status_set(
            case=case, actor=owner, status="resolved", resolution="Ruuhka-aikaan avataan toinen kassa."
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def partner_case(organization, owner, delivery):
    return case_services.case_create(
        organization=organization,
        actor=owner,
        title="Kuljettaja myöhässä",
        kind="complaint",
        touchpoint=delivery,
    )


def _case_page(client, case):
    return client.get(f"/o/aurinko/cases/{case.pk}/").content.decode()


# --- The service -----------------------------------------------------------------------------------


def test_a_case_becomes_an_entry_with_its_subject_resolution_and_touchpoint(
    organization, owner, resolved_case
):
    entry, created = services.learning_entry_from_case(
        organization=organization, actor=owner, case=resolved_case, kind="failure"
    )
    again, created_again = services.learning_entry_from_case(
        organization=organization, actor=owner, case=resolved_case, kind="failure"
    )

    assert (created, created_again, again) == (True, False, entry)
    assert entry.title == "Kassajono liian pitkä"
    assert entry.description == "Ruuhka-aikaan avataan toinen kassa."
    assert (entry.touchpoint, entry.source_case, entry.created_by) == (
        resolved_case.touchpoint,
        resolved_case,
        owner,
    )
    assert entry.happened_on == timezone.localdate(resolved_case.created_at)
    assert entry.needs_prevention  # a failure still waits for its solution and owner


def test_an_open_case_is_told_with_what_the_customer_said(organization, owner, counter):
    case = case_services.case_create(
        organization=organization, actor=owner, title="Kiitos", description="Myyjä auttoi ystävällisesti.",
        touchpoint=counter,
    )  # fmt: skip

    entry, _created = services.learning_entry_from_case(
        organization=organization, actor=owner, case=case, kind="success"
    )

    assert (entry.title, entry.description) == ("Kiitos", "Myyjä auttoi ystävällisesti.")


def test_another_organisations_case_and_a_viewer_are_refused(organization, owner, members, other):
    foreign = case_services.case_create(
        organization=other.organization, actor=other.owner, title="Kuun valitus"
    )

    with pytest.raises(services.ValidationError):
        services.learning_entry_from_case(
            organization=organization, actor=owner, case=foreign, kind="success"
        )
    with pytest.raises(services.PermissionDenied):
        services.learning_entry_from_case(
            organization=other.organization, actor=owner, case=foreign, kind="success",
            membership=members[Role.VIEWER],
        )  # fmt: skip
    assert not LearningEntry.objects.exists()


# --- The case page and the log ---------------------------------------------------------------------


def test_one_click_on_the_case_page_shares_it_and_the_page_says_so(owner_client, resolved_case):
    page = _case_page(owner_client, resolved_case)
    share = f"{BASE}learning/from-case/{resolved_case.pk}/"
    assert share in page and "Share as a success" in page and "Create an improvement action" in page

    response = owner_client.post(share, {"kind": "success"}, follow=True)
    entry = LearningEntry.objects.get(source_case=resolved_case)

    assert response.redirect_chain == [(f"/o/aurinko/cases/{resolved_case.pk}/", 302)]
    html = response.content.decode()
    assert "Shared as a success." in html  # the message
    assert "Shared as a success" in html and f"{BASE}learning/{entry.pk}/edit/" in html
    owner_client.post(share, {"kind": "success"})
    assert LearningEntry.objects.filter(source_case=resolved_case).count() == 1


def test_a_failure_opens_its_entry_for_the_prevention(owner_client, resolved_case):
    response = owner_client.post(f"{BASE}learning/from-case/{resolved_case.pk}/", {"kind": "failure"})
    entry = LearningEntry.objects.get(source_case=resolved_case)

    assert response["Location"] == f"{BASE}learning/{entry.pk}/edit/"
    assert entry.kind == "failure"
    edit_page = owner_client.get(response["Location"]).content.decode()
    assert f'href="/o/aurinko/cases/{resolved_case.pk}/"' in edit_page


def test_a_bad_kind_changes_nothing(owner_client, resolved_case):
    response = owner_client.post(
        f"{BASE}learning/from-case/{resolved_case.pk}/", {"kind": "maybe"}, follow=True
    )

    assert "Choose success or failure." in response.content.decode()
    assert not LearningEntry.objects.exists()


def test_the_log_links_to_the_case(owner_client, organization, owner, resolved_case):
    services.learning_entry_from_case(
        organization=organization, actor=owner, case=resolved_case, kind="success"
    )

    log = owner_client.get(f"{BASE}learning/").content.decode()

    assert f'href="/o/aurinko/cases/{resolved_case.pk}/"' in log
    assert f"#{resolved_case.number} Kassajono liian pitkä" in log


def test_the_log_does_not_link_a_case_the_viewer_may_not_see(
    client_for, members, organization, owner, resolved_case, monkeypatch
):
    from hymy.tenancy import permissions

    services.learning_entry_from_case(
        organization=organization, actor=owner, case=resolved_case, kind="success"
    )
    without_cases = dict(permissions.ROLE_PERMISSIONS)
    without_cases[Role.VIEWER] = frozenset(without_cases[Role.VIEWER] - {permissions.VIEW_CASES})
    monkeypatch.setattr(permissions, "ROLE_PERMISSIONS", without_cases)  # a role that sees improvement only

    log = client_for(members[Role.VIEWER].user).get(f"{BASE}learning/").content.decode()

    assert "Kassajono liian pitkä" in log  # the entry's own title
    assert f"/o/aurinko/cases/{resolved_case.pk}/" not in log


def test_who_sees_the_buttons_on_the_case_page(client_for, members, resolved_case, partner_case):
    viewer_page = _case_page(client_for(members[Role.VIEWER].user), resolved_case)
    agent_page = _case_page(client_for(members[Role.AGENT].user), resolved_case)
    partner_page = _case_page(client_for(members[Role.PARTNER].user), partner_case)

    assert "Learning log" in viewer_page and "from-case" not in viewer_page
    assert "from-case" in agent_page
    assert "from-case" not in partner_page and "Learning log" not in partner_page


def test_a_partner_user_cannot_share_a_case(client_for, members, partner_case):
    response = client_for(members[Role.PARTNER].user).post(
        f"{BASE}learning/from-case/{partner_case.pk}/", {"kind": "success"}
    )

    assert response.status_code == 403
    assert not LearningEntry.objects.exists()


def test_an_action_starts_from_a_case_with_its_touchpoint(owner_client, resolved_case, other):
    form = owner_client.get(f"{BASE}actions/new/", {"from_case": resolved_case.pk}).context["form"]
    foreign = case_services.case_create(
        organization=other.organization, actor=other.owner, title="Kuun valitus"
    )

    assert (form["title"].value(), form["touchpoint"].value()) == (
        "Kassajono liian pitkä",
        resolved_case.touchpoint_id,
    )
    assert owner_client.get(f"{BASE}actions/new/", {"from_case": foreign.pk}).status_code == 404


# --- The weekly digest's overdue cases -------------------------------------------------------------


@pytest.fixture
def cases_of_all_kinds(organization, owner, counter, resolved_case, partner_case):
    """Open and late; open with a breach logged but not yet due; open and on time; resolved though late."""
    past = timezone.now() - datetime.timedelta(days=3)
    future = timezone.now() + datetime.timedelta(days=3)
    late = case_services.case_create(
        organization=organization, actor=owner, title="Lasku väärin", touchpoint=counter
    )
    breached = case_services.case_create(organization=organization, actor=owner, title="Ei vastausta")
    on_time = case_services.case_create(organization=organization, actor=owner, title="Kysymys aukioloista")
    Case.objects.filter(pk__in=[late.pk, resolved_case.pk, partner_case.pk]).update(resolution_due_at=past)
    Case.objects.filter(pk__in=[breached.pk, on_time.pk]).update(
        resolution_due_at=future, first_response_due_at=future
    )
    SlaBreach.objects.create(
        organization=organization, case=breached, target="first_response", due_at=past, breached_at=past,
        priority_before="normal", priority_after="high",
    )  # fmt: skip
    return {
        "late": late,
        "breached": breached,
        "on_time": on_time,
        "resolved": resolved_case,
        "partner": partner_case,
    }


def test_the_digest_lists_the_late_open_cases_by_smtp(cases_of_all_kinds, members, smtp_inbox):  # noqa: F811
    admin = members[Role.ADMIN]
    services.digest_subscription_set(membership=admin, is_subscribed=True)

    sent = digests_send(week=week_of(timezone.localdate() - datetime.timedelta(days=7)))

    assert sent == 1
    message = smtp_inbox.messages()[0]
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    cases = cases_of_all_kinds
    for shown in ("late", "breached", "partner"):
        assert f"#{cases[shown].number} {cases[shown].title}" in text
        assert f"/o/aurinko/cases/{cases[shown].pk}/" in html
    for hidden in ("on_time", "resolved"):
        assert cases[hidden].title not in text


def test_a_partner_users_digest_would_show_only_their_partners_cases(cases_of_all_kinds, members):
    partner = members[Role.PARTNER]

    shown = overdue_cases_for_digest(organization=partner.organization, membership=partner)

    assert shown == [cases_of_all_kinds["partner"]]
