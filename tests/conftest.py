"""Shared fixtures: two organisations, a member for every role, a partner, touchpoints and customers.

Everything is built with the services, exactly as the application builds it, so fixtures obey the
same invariants as real data. Fixture users have no usable password (hashing with argon2 takes about
0.1 s each); clients sign in with `force_login`. The sign-in tests create their own passwords.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLResolver
from django.utils import timezone

from hymy.customers import services as customer_services
from hymy.customers.models import (
    Customer,
    CustomerChange,
    CustomerMerge,
    DuplicateDismissal,
    Encounter,
    Note,
    Purchase,
    Tag,
)
from hymy.journeys import services as journey_services
from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.tenancy import services as tenancy_services
from hymy.tenancy.choices import Role
from hymy.tenancy.models import ApiKey, MemberInvitation, Membership, Partner, User
from hymy.tenancy.permissions import ROLE_PERMISSIONS

# ---------------------------------------------------------------------------------------------
# Test settings
# ---------------------------------------------------------------------------------------------


def pytest_configure(config):
    # WhiteNoise warns for every new test client that STATIC_ROOT has not been collected yet.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tasks run inline, e-mail stays in `mail.outbox`.

    Changing TASKS sends `setting_changed`, on which django_tasks rebuilds `task_backends`
    (django_tasks/signals.py), so the immediate backend is really used (see
    tests/core/test_settings.py; the invitation tests find their e-mail in the outbox).
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate-limit counters live in the cache (the `hymy_cache` table, which Django's test-database
    creation makes with `createcachetable` on SQLite and PostgreSQL alike); start every test empty."""
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    else:
        yield
        return
    cache.clear()
    yield
    cache.clear()


# ---------------------------------------------------------------------------------------------
# URL patterns under /o/<org_slug>/, for tests generated from them
# ---------------------------------------------------------------------------------------------


# The include prefixes under /o/<org_slug>/ of the apps this suite covers page by page (tenancy,
# customers, journeys). Pages of every app are covered by the "another organisation is 404" test.
FOUNDATION_PREFIXES = ("", "customers/", "journey/")


def _walk(patterns, prefix="", app=None):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route, route if app is None else app)
        else:
            yield SimpleNamespace(
                name=entry.name,
                route=route,
                app=app if app is not None else "",
                params=tuple(entry.pattern.converters),
                takes_pk="pk" in entry.pattern.converters,
            )


def organization_url_patterns() -> list[SimpleNamespace]:
    """Every named page under /o/<org_slug>/: URL name, route, app prefix and the parameters it takes."""
    from hymy.urls import organization_patterns

    return list(_walk(organization_patterns))


def foundation_url_patterns() -> list[SimpleNamespace]:
    return [url for url in organization_url_patterns() if url.app in FOUNDATION_PREFIXES]


def pytest_generate_tests(metafunc):
    """Tests generated from the URL patterns, so that a new page is covered when it is added:
    `organization_url` runs once for every page of an organisation (any app); `foundation_pk_url`
    once for every page about one object in tenancy, customers and journeys."""
    if "organization_url" in metafunc.fixturenames:
        urls = organization_url_patterns()
        metafunc.parametrize("organization_url", urls, ids=[url.name for url in urls])
    if "foundation_pk_url" in metafunc.fixturenames:
        urls = [url for url in foundation_url_patterns() if url.takes_pk]
        metafunc.parametrize("foundation_pk_url", urls, ids=[url.name for url in urls])


@pytest.fixture(scope="session")
def foundation_url_names() -> set[str]:
    return {url.name for url in foundation_url_patterns()}


# ---------------------------------------------------------------------------------------------
# People and organisations
# ---------------------------------------------------------------------------------------------


def make_user(email: str, full_name: str, *, language: str = "en", password: str | None = None) -> User:
    return User.objects.create_user(email, password, full_name=full_name, language=language)


@pytest.fixture
def owner(db) -> User:
    return make_user("olli@aurinko.test", "Olli Omistaja")


@pytest.fixture
def organization(owner):
    """Kahvila Aurinko: a Finnish café; its members read the interface in English."""
    return tenancy_services.organization_create(
        name="Kahvila Aurinko", slug="aurinko", owner=owner, default_language="fi"
    )


@pytest.fixture
def partner(organization) -> Partner:
    return tenancy_services.partner_create(
        organization=organization, name="Kuljetus Nopea Oy", description="Home delivery"
    )


MEMBER_PEOPLE = {
    Role.ADMIN: ("aino@aurinko.test", "Aino Ylläpitäjä"),
    Role.ANALYST: ("antti@aurinko.test", "Antti Analyytikko"),
    Role.AGENT: ("asta@aurinko.test", "Asta Asiakaspalvelija"),
    Role.PARTNER: ("pekka@nopea.test", "Pekka Kuljettaja"),
    Role.VIEWER: ("veera@aurinko.test", "Veera Katsoja"),
}


@pytest.fixture
def members(organization, owner, partner) -> dict[str, Membership]:
    """One membership for every role in the permission table, keyed by role."""
    result = {Role.OWNER: Membership.objects.get(organization=organization, user=owner)}
    for role, (email, name) in MEMBER_PEOPLE.items():
        result[role] = tenancy_services.membership_add(
            organization=organization,
            user=make_user(email, name),
            role=role,
            partner=partner if role == Role.PARTNER else None,
        )
    assert set(result) == set(ROLE_PERMISSIONS), "add a person for the new role to MEMBER_PEOPLE"
    return result


@pytest.fixture
def client_for(db):
    """`client_for(user)`: a test client signed in as that user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def owner_client(client_for, owner) -> Client:
    return client_for(owner)


@pytest.fixture
def agent_client(client_for, members) -> Client:
    return client_for(members[Role.AGENT].user)


@pytest.fixture
def partner_client(client_for, members) -> Client:
    return client_for(members[Role.PARTNER].user)


# ---------------------------------------------------------------------------------------------
# The journey and the customers
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def stages(organization) -> list[JourneyStage]:
    return list(JourneyStage.objects.filter(organization=organization).order_by("position"))


@pytest.fixture
def counter(organization, stages) -> Touchpoint:
    """The café counter, served by own staff."""
    return journey_services.touchpoint_create(
        organization=organization, stage=stages[2], name="Kassa", expectations="Nopea ja ystävällinen"
    )


@pytest.fixture
def delivery(organization, stages, partner, counter) -> Touchpoint:
    """Home delivery, run by the partner. Created after the counter, so it is priority 2."""
    return journey_services.touchpoint_create(
        organization=organization, stage=stages[4], name="Kotiinkuljetus", channel="delivery", partner=partner
    )


@pytest.fixture
def customer(organization, owner) -> Customer:
    return customer_services.customer_create(
        organization=organization,
        actor=owner,
        name="Maija Meikäläinen",
        email="maija@example.fi",
        phone="040 123 4567",
    )


@pytest.fixture
def delivery_customer(organization, owner, delivery) -> Customer:
    """A customer who has had a home delivery, so the partner may see them."""
    person = customer_services.customer_create(
        organization=organization, actor=owner, name="Pekka Toimitus", email="pekka.toimitus@example.fi"
    )
    customer_services.encounter_create(
        organization=organization,
        actor=owner,
        customer=person,
        touchpoint=delivery,
        started_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 12, 0)),
        summary="Kahvipaketti ovelle",
    )
    return person


@pytest.fixture
def other(db):
    """Another organisation, Leipomo Kuu, with its own owner, partner, journey and customer."""
    owner = make_user("kaisa@kuu.test", "Kaisa Kuu")
    organization = tenancy_services.organization_create(
        name="Leipomo Kuu", slug="kuu", owner=owner, default_language="fi"
    )
    partner = tenancy_services.partner_create(organization=organization, name="Kuun Kuriiri")
    stage = JourneyStage.objects.filter(organization=organization).order_by("position").first()
    touchpoint = journey_services.touchpoint_create(
        organization=organization, stage=stage, name="Leipätiski", partner=partner
    )
    journey_services.touchpoint_create(organization=organization, stage=stage, name="Verkkokauppa")
    customer = customer_services.customer_create(
        organization=organization, actor=owner, name="Kalle Kuunasukas", phone="050 765 4321"
    )
    company = customer_services.customer_create(
        organization=organization, actor=owner, name="Kuun Yritys Oy", kind="company"
    )
    api_key, _secret = tenancy_services.api_key_create(
        organization=organization, actor=None, name="Kuun kassa", scopes=["customers:read"]
    )
    return SimpleNamespace(
        organization=organization,
        owner=owner,
        membership=Membership.objects.get(organization=organization, user=owner),
        partner=partner,
        stage=stage,
        touchpoint=touchpoint,
        customer=customer,
        company=company,
        api_key=api_key,
    )


# ---------------------------------------------------------------------------------------------
# "Nothing changed"
# ---------------------------------------------------------------------------------------------


def organization_state(organization) -> dict[str, list[dict]]:
    """Every row that belongs to the organisation, for asserting that a denied request changed nothing."""
    from hymy.cases.models import Case, CaseEvent

    def rows(queryset):
        return list(queryset.order_by("pk").values())

    return {
        "customers": rows(Customer.objects.filter(organization=organization)),
        "customer_tags": rows(Customer.tags.through.objects.filter(customer__organization=organization)),
        "tags": rows(Tag.objects.filter(organization=organization)),
        "customer_changes": rows(CustomerChange.objects.filter(organization=organization)),
        "encounters": rows(Encounter.objects.filter(organization=organization)),
        "purchases": rows(Purchase.objects.filter(organization=organization)),
        "notes": rows(Note.objects.filter(organization=organization)),
        "stages": rows(JourneyStage.objects.filter(organization=organization)),
        "touchpoints": rows(Touchpoint.objects.filter(organization=organization)),
        "memberships": rows(Membership.objects.filter(organization=organization)),
        "invitations": rows(MemberInvitation.objects.filter(organization=organization)),
        "partners": rows(Partner.objects.filter(organization=organization)),
        # Using a key marks when it was last used; that is not a change to the organisation.
        "api_keys": list(
            ApiKey.objects.filter(organization=organization)
            .order_by("pk")
            .values("id", "name", "scopes", "partner", "revoked_at")
        ),
        "customer_merges": rows(CustomerMerge.objects.filter(organization=organization)),
        "duplicate_dismissals": rows(DuplicateDismissal.objects.filter(organization=organization)),
        "cases": rows(Case.objects.filter(organization=organization)),
        "case_events": rows(CaseEvent.objects.filter(organization=organization)),
    }


@pytest.fixture
def state_of():
    """`state_of(organization)`: a snapshot of all its rows (see `organization_state`)."""
    return organization_state
