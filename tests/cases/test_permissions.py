"""The permission matrix of every case page, generated from `ROLE_PERMISSIONS`, and tenant isolation:
another organisation's case is 404 on every case page, exactly like a case that does not exist."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hymy.cases import services
from hymy.cases.models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CasePromise,
    InboundMailbox,
    ReplyTemplate,
    RoutingRule,
    SlaPolicy,
    Team,
)
from hymy.tenancy.permissions import (
    CONFIGURE_CASES,
    HANDLE_CASES,
    ROLE_PERMISSIONS,
    VIEW_CASE_REPORTS,
    VIEW_CASES,
    role_can,
)
from tests.conftest import organization_url_patterns


def cases_state(organization) -> list:
    return [
        list(model.objects.filter(organization=organization).order_by("pk").values())
        for model in (
            Case,
            CaseEvent,
            CaseAttachment,
            CasePromise,
            Team,
            ReplyTemplate,
            SlaPolicy,
            RoutingRule,
            InboundMailbox,
        )
    ]


@pytest.fixture
def world(organization, members, partner, delivery, delivery_customer, settings, tmp_path):
    """A case every role may see (it is the partner's), with a file and a promise."""
    settings.MEDIA_ROOT = tmp_path
    case = services.case_create(organization=organization, actor=None, title="Paketti myöhässä", kind="complaint",
                                customer=delivery_customer, touchpoint=delivery)  # fmt: skip
    other_case = services.case_create(organization=organization, actor=None, title="Toinen", partner=partner)
    attachment = services.case_attachment_add(
        case=case, actor=None, uploaded_file=SimpleUploadedFile("a.txt", b"abc")
    )
    promise = services.case_promise_make(case=case, actor=None, text="Soitamme",
                                         due_at=timezone.now() + datetime.timedelta(hours=1))  # fmt: skip
    team = Team.objects.create(organization=organization, name="Poistettava")
    return SimpleNamespace(organization=organization, members=members, case=case, other_case=other_case,
                           attachment=attachment, promise=promise, customer=delivery_customer, team=team)  # fmt: skip


# name → (permission, GET answers?, valid POST or None)
PAGES = {
    "case_list": (VIEW_CASES, True, None),
    "case_create": (
        HANDLE_CASES,
        True,
        lambda w: {"kind": "inquiry", "channel": "phone", "title": "Kysymys", "priority": "normal"},
    ),
    "case_settings": (
        CONFIGURE_CASES,
        True,
        lambda w: {"nps_followup_max": "5", "opens_0": "08:00", "closes_0": "16:00"},
    ),
    "case_mailbox": (
        CONFIGURE_CASES,
        False,
        lambda w: {"address": "palaute@aurinko.test", "host": "imap.aurinko.test", "port": "993",
                   "use_ssl": "on", "username": "palaute", "password": "salainen", "folder": "INBOX"},
    ),  # fmt: skip
    "case_team_add": (
        CONFIGURE_CASES,
        True,
        lambda w: {"name": "Tukitiimi", "members": [w.members["agent"].user.pk]},
    ),
    "case_template_add": (CONFIGURE_CASES, True, lambda w: {"name": "Pahoittelu", "body_fi": "Hei {name}!"}),
    "case_policy_add": (
        CONFIGURE_CASES,
        True,
        lambda w: {
            "name": "Kiire",
            "priority": "urgent",
            "first_response_minutes": "30",
            "resolution_minutes": "240",
            "warn_before_minutes": "15",
        },
    ),
    "case_rule_add": (
        CONFIGURE_CASES,
        True,
        lambda w: {"position": "1", "name": "Toimitukset", "words": "paketti", "set_priority": "high"},
    ),
    "case_setting_delete": (CONFIGURE_CASES, False, lambda w: {}),
    "case_figures": (VIEW_CASES, True, None),
    "case_recovery": (VIEW_CASE_REPORTS, True, None),
    "case_detail": (VIEW_CASES, True, None),
    "case_reply": (HANDLE_CASES, False, lambda w: {"body": "Vastaus", "via": "phone"}),
    "case_note": (HANDLE_CASES, False, lambda w: {"body": "Muistiin"}),
    "case_status": (HANDLE_CASES, False, lambda w: {"status": "in_progress"}),
    "case_assign": (HANDLE_CASES, False, lambda w: {"partner": w.case.partner_id}),
    "case_priority": (HANDLE_CASES, False, lambda w: {"priority": "high"}),
    "case_merge": (HANDLE_CASES, False, lambda w: {"into": w.other_case.number}),
    "case_attachment_add": (HANDLE_CASES, False, lambda w: {"file": SimpleUploadedFile("b.txt", b"def")}),
    "case_attachment": (VIEW_CASES, True, None),
    "case_promise": (HANDLE_CASES, False, lambda w: {"text": "Soitamme huomenna", "minutes": "60"}),
    "case_promise_keep": (HANDLE_CASES, False, lambda w: {}),
}


def _kwargs(name, w, *, case=None, attachment=None, promise=None) -> dict:
    pattern = next(url for url in organization_url_patterns() if url.name == name)
    values = {
        "what": "team",
        "pk": (case or w.case).pk if name != "case_setting_delete" else w.team.pk,
        "attachment_pk": (attachment or w.attachment).pk,
        "promise_pk": (promise or w.promise).pk,
    }
    return {"org_slug": "aurinko", **{param: values[param] for param in pattern.params}}


def test_every_case_page_is_in_the_matrix():
    assert {url.name for url in organization_url_patterns() if url.app == "cases/"} == set(PAGES)


CASES = [
    pytest.param(name, role, method, id=f"{name}-{role}-{method}")
    for name, (permission, get, post) in PAGES.items()
    for role in ROLE_PERMISSIONS
    for method in (["GET"] if get else []) + (["POST"] if post else [])
]


@pytest.mark.parametrize(("name", "role", "method"), CASES)
def test_case_permission_matrix(name, role, method, world, client_for):
    permission, _get, post = PAGES[name]
    client = client_for(world.members[role].user)
    url = reverse(name, kwargs=_kwargs(name, world))
    before = cases_state(world.organization)

    response = client.get(url) if method == "GET" else client.post(url, post(world))

    if not role_can(role, permission):
        assert response.status_code == 403
        assert cases_state(world.organization) == before
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert cases_state(world.organization) != before or name == "case_settings"


@pytest.fixture
def kuu_case(other, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = services.case_create(organization=other.organization, actor=other.owner, title="Kuun valitus",
                                partner=other.partner)  # fmt: skip
    attachment = services.case_attachment_add(
        case=case, actor=None, uploaded_file=SimpleUploadedFile("k.txt", b"kuu")
    )
    promise = services.case_promise_make(case=case, actor=None, text="Kuu lupaa",
                                         due_at=timezone.now() + datetime.timedelta(hours=1))  # fmt: skip
    return SimpleNamespace(case=case, attachment=attachment, promise=promise)


OBJECT_PAGES = [
    name
    for name in PAGES
    if name
    not in (
        "case_list", "case_create", "case_settings", "case_mailbox", "case_figures", "case_recovery",
        "case_team_add", "case_template_add", "case_policy_add", "case_rule_add", "case_setting_delete",
    )
]  # fmt: skip


@pytest.mark.parametrize("name", OBJECT_PAGES)
def test_another_organisations_case_is_404_on_every_case_page(name, world, kuu_case, other, owner_client):
    before = cases_state(other.organization), cases_state(world.organization)
    foreign = reverse(name, kwargs=_kwargs(name, world, case=kuu_case.case, attachment=kuu_case.attachment,
                                           promise=kuu_case.promise))  # fmt: skip
    missing = reverse(name, kwargs=_kwargs(name, world, case=SimpleNamespace(pk=2_000_000_000)))
    # One's own case with the other organisation's file or promise is 404 too.
    mixed = reverse(
        name, kwargs=_kwargs(name, world, attachment=kuu_case.attachment, promise=kuu_case.promise)
    )

    for url in (foreign, missing) + ((mixed,) if name in ("case_attachment", "case_promise_keep") else ()):
        assert owner_client.get(url).status_code in (404, 405)
        assert (
            owner_client.post(
                url, {"body": "x", "status": "closed", "into": 1, "text": "x", "minutes": 5}
            ).status_code
            == 404
        )
    assert (cases_state(other.organization), cases_state(world.organization)) == before


@pytest.mark.parametrize("what", ["team", "template", "policy", "rule"])
def test_another_organisations_rules_cannot_be_removed(what, world, other, owner_client):
    kuu = other.organization
    objects = {
        "team": lambda: Team.objects.create(organization=kuu, name="Kuun tiimi"),
        "template": lambda: ReplyTemplate.objects.create(organization=kuu, name="Kuu", body={"fi": "Hei"}),
        "policy": lambda: SlaPolicy.objects.create(
            organization=kuu, name="Kuu", first_response_minutes=1, resolution_minutes=2
        ),
        "rule": lambda: RoutingRule.objects.create(organization=kuu, name="Kuu", set_priority="high"),
    }
    foreign = objects[what]()
    owner_client.post(
        reverse("case_setting_delete", kwargs={"org_slug": "aurinko", "what": what, "pk": foreign.pk})
    )
    assert type(foreign).objects.filter(pk=foreign.pk).exists()
