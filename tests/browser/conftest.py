"""Browser tests: Playwright (sync API) drives Debian's Chromium against pytest-django's live server.

The browser is started once per session; every test gets a fresh browser context (its own cookies),
signs in through the real login form and, if it fails, leaves a screenshot in test-results/.
Data is made with the services, the way the application makes it.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told that it is safe. Here it is: the loop only talks to the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results"
PASSWORD = "correct-horse-battery-staple"
# Long enough for a slow CI machine, short enough that a wrong locator fails fast.
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests."
        if os.environ.get("HYMY_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _login_rate_limit_cache(transactional_db):
    """The login view counts attempts in the shared cache (a database table by default): make sure the
    table exists in the test database, and start every test with no attempts counted."""
    call_command("createcachetable", verbosity=0)
    cache.clear()


# Ids start above this in every browser test, as in a database that has been in use for a while.
HIGH_ID = 5000
ID_TABLES = [
    "tenancy_user",
    "tenancy_organization",
    "tenancy_partner",
    "tenancy_membership",
    "journeys_journeystage",
    "journeys_touchpoint",
    "customers_customer",
]


@pytest.fixture(autouse=True)
def _four_digit_ids(transactional_db):
    """Make new rows get four-digit ids. An id printed through the localising template engine comes out
    as "5,001" or "5 001", which breaks links and form values; the ids 1, 2, 3 of a fresh test database
    would hide that."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ID_TABLES:
            if connection.vendor == "postgresql":
                highest = f"SELECT COALESCE(MAX(id), 0) FROM {table}"  # noqa: S608  (a constant name)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, ({highest})))",
                    [table, HIGH_ID],
                )
            elif connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, HIGH_ID])


@pytest.fixture
def open_page(browser, live_server, request):
    """Open a page in a browser context of its own (own cookies, own language), pointed at the live server.

    The browser asks for British English unless told otherwise. If the test fails, every page it
    opened is saved as a screenshot in test-results/.
    """
    contexts = []

    def open_page(locale: str = "en-GB"):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            timezone_id="Europe/Helsinki",
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    call_report = getattr(request.node, "report_call", None)
    if call_report is not None and call_report.failed:
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for number, context in enumerate(contexts, start=1):
            for page in context.pages:
                suffix = "" if number == 1 else f"-{number}"
                page.screenshot(path=str(SCREENSHOT_DIR / f"{name}{suffix}.png"), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A fresh page in its own browser context, pointed at the live server."""
    return open_page()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def _user(email: str, full_name: str, language: str):
    from hymy.tenancy.models import User

    return User.objects.create_user(email, PASSWORD, full_name=full_name, language=language)


@pytest.fixture
def user_with_two_organizations(transactional_db):
    """An English-speaking owner of two organisations, each also holding someone else's membership."""
    from hymy.tenancy.services import organization_create

    user = _user("aino@example.fi", "Aino Aaltonen", "en")
    first = organization_create(name="Kahvila Aalto", slug="kahvila-aalto", owner=user, default_language="en")
    second = organization_create(name="Pyörähuolto Oy", slug="pyorahuolto", owner=user, default_language="en")
    return user, first, second


@pytest.fixture
def shop(transactional_db):
    """An organisation with an English-speaking owner, a partner, one touchpoint and one customer."""
    from hymy.customers.services import customer_create
    from hymy.journeys.models import JourneyStage
    from hymy.journeys.services import touchpoint_create
    from hymy.tenancy.services import organization_create, partner_create

    user = _user("eero@example.fi", "Eero Esimerkki", "en")
    organization = organization_create(
        name="Valokuvaamo Kuva", slug="kuva", owner=user, default_language="en"
    )
    partner = partner_create(organization=organization, name="Kotiinkuljetus Oy")
    payment = JourneyStage.objects.get(organization=organization, position=4)
    touchpoint = touchpoint_create(
        organization=organization, stage=payment, name="Checkout", channel="in_person"
    )
    other_customer = customer_create(
        organization=organization, actor=user, name="Ossi Otsonen", phone="050 765 4321"
    )
    return {
        "user": user,
        "organization": organization,
        "partner": partner,
        "touchpoint": touchpoint,
        "other_customer": other_customer,
    }


@pytest.fixture
def finnish_user_with_customer(transactional_db):
    """A Finnish-speaking owner and a customer who became one on 24 November 2026 (Helsinki time)."""
    from hymy.customers.models import Customer
    from hymy.customers.services import customer_create
    from hymy.tenancy.services import organization_create

    user = _user("saara@example.fi", "Saara Suomalainen", "fi")
    organization = organization_create(
        name="Kirjakauppa Sivu", slug="sivu", owner=user, default_language="fi"
    )
    customer = customer_create(organization=organization, actor=user, name="Kalle Kirjanen", language="fi")
    created = timezone.make_aware(datetime.datetime(2026, 11, 24, 12, 0))
    Customer.objects.filter(pk=customer.pk).update(created_at=created)
    return user, organization, customer
