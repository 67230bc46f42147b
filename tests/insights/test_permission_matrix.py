"""The permission matrix of every figures page, generated from `ROLE_PERMISSIONS` and one declaration
per page (as tests/tenancy/test_permission_matrix.py does for the foundation's pages).

For every insights page, every role and every method the page answers: a role with the permission gets
the page (200) or, after a valid POST, its redirect (302) and something changed; a role without it gets
403 and nothing of the organisation's targets and settings changed. A new page must be declared in
PAGES (a test below fails until it is).
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from hymy.insights.models import LoyaltySettings, MetricTarget
from hymy.tenancy.choices import Role
from hymy.tenancy.permissions import (
    CHANGE_INSIGHTS,
    CHANGE_LOYALTY_RULE,
    ROLE_PERMISSIONS,
    VIEW_SURVEYS,
    role_can,
)
from tests.conftest import organization_url_patterns


@dataclass(frozen=True)
class Page:
    name: str
    get: str  # the permission needed to see it
    post: str | None = None  # the permission needed to change something there
    form: dict | None = None
    whole_organisation: bool = False  # partner users are refused: it would reveal the whole customer base


PAGES = [
    Page("insights_overview", VIEW_SURVEYS),
    Page("insights_wallboard", VIEW_SURVEYS),
    Page("insights_priorities", VIEW_SURVEYS),
    Page(
        "insights_targets",
        VIEW_SURVEYS,
        post=CHANGE_INSIGHTS,
        form={"metric": "nps", "good": "10", "excellent": "30", "best": "60"},
    ),
    Page(
        "insights_loyalty",
        VIEW_SURVEYS,
        post=CHANGE_LOYALTY_RULE,
        form={"churn_after_days": "120"},
        whole_organisation=True,
    ),
]

CASES = [
    pytest.param(page, role, method, id=f"{page.name}-{role}-{method}")
    for page in PAGES
    for role in ROLE_PERMISSIONS
    for method in ["GET"] + (["POST"] if page.post else [])
]


def _insights_state(organization) -> list:
    return [
        list(MetricTarget.objects.filter(organization=organization).order_by("pk").values()),
        list(LoyaltySettings.objects.filter(organization=organization).order_by("pk").values()),
    ]


def _may(page: Page, role: str, method: str) -> bool:
    if page.whole_organisation and role == Role.PARTNER:
        return False
    return role_can(role, page.get if method == "GET" else page.post)


@pytest.mark.parametrize(("page", "role", "method"), CASES)
def test_permission_matrix(page, role, method, organization, members, client_for):
    client = client_for(members[role].user)
    url = reverse(page.name, kwargs={"org_slug": organization.slug})
    before = _insights_state(organization)

    response = client.get(url) if method == "GET" else client.post(url, page.form)

    if not _may(page, role, method):
        assert response.status_code == 403
        assert _insights_state(organization) == before
    elif method == "GET":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert _insights_state(organization) != before


def test_every_insights_page_is_in_the_matrix():
    declared = {page.name for page in PAGES}
    assert declared == {url.name for url in organization_url_patterns() if url.app == "insights/"}
