"""E-mail in on the case settings page: the mailbox is set up by the organisation's own people, its
password is write-only and stored encrypted, and "Test the connection" logs in to a real dovecot."""

from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from hymy.cases import services
from hymy.cases.inbound import mailbox_poll
from hymy.cases.models import InboundMailbox
from tests.cases.test_imap import PASSWORD, USER, _free_port, dovecot  # noqa: F401  (the real IMAP server)

SECRET = "Kesä-salasana 2026!"


def form_data(**changes) -> dict:
    data = {
        "action": "save", "address": "palaute@aurinko.test", "host": "imap.aurinko.test", "port": "993",
        "use_ssl": "on", "username": "palaute", "password": SECRET, "folder": "INBOX", "is_active": "on",
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def imap_port(request) -> int:
    """The port of test_imap's private dovecot (imported above so that pytest finds the fixture)."""
    return request.getfixturevalue("dovecot")


@pytest.fixture
def url(organization):
    return reverse("case_mailbox", kwargs={"org_slug": "aurinko"})


@pytest.fixture
def frozen_rate_window(monkeypatch):
    """Keep django-ratelimit's clock still, so a minute boundary cannot reset the count mid-test."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_795_000_000.0))


def raw_password_column(mailbox) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT password_encrypted FROM cases_inboundmailbox WHERE id = %s", [mailbox.pk])
        return cursor.fetchone()[0]


def test_the_mailbox_is_saved_with_its_password_encrypted_and_never_shown_again(
    owner_client, organization, url
):
    response = owner_client.post(url, form_data())

    assert response.status_code == 302
    mailbox = InboundMailbox.objects.get(organization=organization)
    assert (mailbox.host, mailbox.port, mailbox.username, mailbox.use_ssl) == (
        "imap.aurinko.test",
        993,
        "palaute",
        True,
    )
    assert mailbox.password == SECRET
    raw = raw_password_column(mailbox)
    assert raw and SECRET not in raw and "Kesä" not in raw
    page = owner_client.get(reverse("case_settings", kwargs={"org_slug": "aurinko"})).content.decode()
    assert "imap.aurinko.test" in page
    assert SECRET not in page and raw not in page
    assert "A password is stored. Leave empty to keep it." in page


def test_an_empty_password_keeps_the_stored_one(owner_client, organization, url):
    owner_client.post(url, form_data())
    before = raw_password_column(InboundMailbox.objects.get(organization=organization))

    response = owner_client.post(url, form_data(password="", folder="Palaute", use_ssl=None, port="143"))

    assert response.status_code == 302
    mailbox = InboundMailbox.objects.get(organization=organization)
    assert (mailbox.folder, mailbox.port, mailbox.use_ssl) == ("Palaute", 143, False)
    assert mailbox.password == SECRET
    assert raw_password_column(mailbox) == before


def test_the_stored_password_is_never_sent_to_a_newly_typed_server(
    owner_client, organization, url, imap_port
):
    owner_client.post(url, form_data())
    elsewhere = form_data(password="", host="127.0.0.1", port=str(imap_port), use_ssl=None)

    tested = owner_client.post(url, {**elsewhere, "action": "test"}).content.decode()
    saved = owner_client.post(url, elsewhere)

    assert "Enter the password again when the server or user name changes." in tested
    assert "The connection works" not in tested
    assert saved.status_code == 200
    assert "Enter the password again when the server or user name changes." in saved.content.decode()
    assert InboundMailbox.objects.get(organization=organization).host == "imap.aurinko.test"


def test_bad_input_keeps_what_was_typed_with_clear_messages(owner_client, organization, url):
    response = owner_client.post(
        url, form_data(password="", address="ei-osoite", port="99999", host="imap.kuu.test")
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the mailbox&#x27;s password." in page
    assert "Enter a valid email address." in page
    assert "Ensure this value is less than or equal to 65535." in page
    assert 'value="imap.kuu.test"' in page and 'value="ei-osoite"' in page and 'value="99999"' in page
    assert not InboundMailbox.objects.filter(organization=organization).exists()


def test_a_typed_password_is_not_echoed_when_the_form_has_errors(owner_client, url):
    page = owner_client.post(url, form_data(address="ei-osoite")).content.decode()

    assert "Enter a valid email address." in page
    assert SECRET not in page


def test_the_connection_test_logs_in_to_the_real_server_without_saving(
    owner_client, organization, url, imap_port
):
    data = form_data(action="test", address=USER, host="127.0.0.1", port=str(imap_port), use_ssl=None,
                     username=USER, password=PASSWORD)  # fmt: skip

    page = owner_client.post(url, data).content.decode()

    assert "The connection works: logged in to 127.0.0.1 and opened the folder INBOX." in page
    assert 'value="127.0.0.1"' in page and PASSWORD not in page
    assert not InboundMailbox.objects.filter(organization=organization).exists()


def test_the_connection_test_uses_the_stored_password_when_none_is_typed(
    owner_client, organization, url, imap_port
):
    data = form_data(
        address=USER, host="127.0.0.1", port=str(imap_port), use_ssl=None, username=USER, password=PASSWORD
    )
    owner_client.post(url, data)

    page = owner_client.post(url, {**data, "action": "test", "password": ""}).content.decode()

    assert "The connection works" in page


def test_a_wrong_password_is_reported_in_the_users_language(owner, owner_client, url, imap_port):
    owner.language = "fi"
    owner.save()
    data = form_data(action="test", address=USER, host="127.0.0.1", port=str(imap_port), use_ssl=None,
                     username=USER, password="väärä-salasana")  # fmt: skip

    page = owner_client.post(url, data).content.decode()

    assert "Palvelin ei hyväksynyt käyttäjätunnusta tai salasanaa." in page
    assert "AUTHENTICATIONFAILED" in page  # The server's own words, for whoever sets the account up.
    assert "väärä-salasana" not in page


def test_a_missing_folder_and_an_unreachable_server_are_told_apart(owner_client, url, imap_port):
    data = form_data(action="test", address=USER, host="127.0.0.1", port=str(imap_port), use_ssl=None,
                     username=USER, password=PASSWORD)  # fmt: skip

    missing_folder = owner_client.post(url, {**data, "folder": "Arkisto"}).content.decode()
    closed_port = owner_client.post(url, {**data, "port": str(_free_port())}).content.decode()

    assert "Logged in, but the folder Arkisto could not be opened." in missing_folder
    assert "Could not connect to 127.0.0.1, port" in closed_port


def test_the_connection_test_is_rate_limited_per_user(
    owner_client, client_for, members, url, frozen_rate_window
):
    data = form_data(action="test", host="127.0.0.1", port=str(_free_port()), use_ssl=None)
    answers = [owner_client.post(url, data).status_code for _attempt in range(6)]

    assert answers == [200] * 5 + [429]
    limited = owner_client.post(url, data).content.decode()
    assert "Too many connection tests. Wait a minute and try again." in limited
    assert 'value="127.0.0.1"' in limited
    # Saving is not limited, and another person has tests of their own.
    assert owner_client.post(url, form_data()).status_code == 302
    assert client_for(members["admin"].user).post(url, data).status_code == 200


def test_the_last_poll_and_its_error_are_shown(owner_client, organization, url):
    owner_client.post(url, form_data(host="127.0.0.1", port=str(_free_port()), use_ssl=None))
    mailbox = InboundMailbox.objects.get(organization=organization)

    mailbox_poll(mailbox=mailbox)

    page = owner_client.get(reverse("case_settings", kwargs={"org_slug": "aurinko"})).content.decode()
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None and mailbox.last_error
    assert "Last error" in page and mailbox.last_error in page


def test_after_the_secret_key_changes_the_password_must_be_entered_again(
    owner, owner_client, organization, url, settings
):
    owner_client.post(url, form_data(host="127.0.0.1", port=str(_free_port()), use_ssl=None))
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    mailbox = InboundMailbox.objects.get(organization=organization)

    mailbox_poll(mailbox=mailbox)

    mailbox.refresh_from_db()
    assert "enter it again" in mailbox.last_error
    # Entering it again works under the new key.
    owner_client.force_login(owner)  # The session was signed with the old key.
    assert owner_client.post(url, form_data()).status_code == 302
    assert InboundMailbox.objects.get(organization=organization).password == SECRET


def test_the_service_refuses_a_mailbox_without_a_password(organization, owner):
    with pytest.raises(Exception, match="password"):
        services.inbound_mailbox_save(
            organization=organization, actor=owner, address=USER, host="127.0.0.1", port=143, use_ssl=False,
            username=USER, password="", folder="INBOX", is_active=True,
        )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_plain_text_passwords(organization):
    executor = MigrationExecutor(connection)
    executor.migrate([("cases", "0001_initial")])
    try:
        old_state = executor.loader.project_state([("cases", "0001_initial")])
        OldMailbox = old_state.apps.get_model("cases", "InboundMailbox")
        OldMailbox.objects.create(organization_id=organization.pk, address=USER, host="127.0.0.1", port=143,
                                  use_ssl=False, username=USER, password=PASSWORD, folder="INBOX")  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    mailbox = InboundMailbox.objects.get(organization=organization)
    assert mailbox.password == PASSWORD
    assert PASSWORD not in raw_password_column(mailbox)
