"""After an erasure the customer is an anonymous shell: its page says so, and nothing personal goes in."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from hymy.customers import merging, selectors
from hymy.customers import services as customer_services
from hymy.customers.models import Customer, Note
from hymy.privacy import services
from hymy.surveys.models import Invitation
from hymy.tenancy import services as tenancy_services
from tests.surveys.conftest import make_customer

from .conftest import NAME

BASE = "/o/aurinko/customers/"
REFUSAL = "This customer&#x27;s personal data was erased"


@pytest.fixture
def erased(world, owner_membership):
    services.customer_erase(
        organization=world.organization,
        actor=world.owner,
        membership=owner_membership,
        customer=world.customer,
    )
    return Customer.objects.get(pk=world.customer.pk)


def test_erasure_marks_the_shell_once(world, erased, owner_membership):
    assert erased.erased_at is not None and erased.is_erased
    services.customer_erase(
        organization=world.organization, actor=world.owner, membership=owner_membership, customer=erased
    )
    assert Customer.objects.get(pk=erased.pk).erased_at == erased.erased_at  # the first erasure's time


def test_the_erased_customers_page_says_so_and_offers_no_edit_or_merge(world, erased, owner, owner_client):
    tenancy_services.user_language_set(user=owner, language="fi")
    html = owner_client.get(f"{BASE}{erased.pk}/").content.decode()

    with translation.override("fi"):
        erased_badge, active = gettext("Erased"), gettext("Active")
    assert erased_badge != "Erased"
    assert f'<span class="badge badge-muted">{erased_badge}</span>' in html
    assert 'id="erased"' in html
    assert f">{active}<" not in html
    for url in ("edit/", "merge/", "notes/", "invite/", "/entry/"):
        assert f"{erased.pk}/{url}" not in html
    assert NAME not in html

    listing = owner_client.get(BASE).content.decode()
    assert erased_badge in listing


@pytest.mark.parametrize("path", ["edit/", "merge/", "merge/?with=0"])
def test_the_edit_and_merge_pages_send_back_with_a_message(erased, owner_client, path):
    page = owner_client.get(f"{BASE}{erased.pk}/{path}", follow=True)

    assert page.status_code == 200
    assert page.redirect_chain[-1][0] == f"{BASE}{erased.pk}/"
    assert REFUSAL in page.content.decode()


def test_direct_posts_are_refused_with_a_message(world, erased, owner_client, nps_survey):
    edit = owner_client.post(f"{BASE}{erased.pk}/edit/", {"kind": "person", "name": NAME}, follow=True)
    assert REFUSAL in edit.content.decode()
    other = make_customer(world.organization, world.owner, "Maija Toinen", email="toinen@example.fi")
    merge = owner_client.post(f"{BASE}{erased.pk}/merge/", {"with": other.pk}, follow=True)
    assert REFUSAL in merge.content.decode()
    # The shell as the one to absorb, from the other customer's merge page.
    absorb = owner_client.post(f"{BASE}{other.pk}/merge/", {"with": erased.pk})
    assert absorb.status_code == 400 and REFUSAL in absorb.content.decode()
    note = owner_client.post(f"{BASE}{erased.pk}/notes/", {"body": f"{NAME} soitti"})
    assert note.status_code == 400 and REFUSAL in note.content.decode()
    invitations = Invitation.objects.count()
    invite = owner_client.post(
        f"/o/aurinko/surveys/customers/{erased.pk}/invite/", {"survey": nps_survey.pk}, follow=True
    )
    assert invite.status_code == 200 and REFUSAL in invite.content.decode()

    erased.refresh_from_db()
    assert erased.name != NAME and Customer.objects.filter(pk=other.pk).exists()
    assert not Note.objects.filter(customer=erased).exists()
    assert Invitation.objects.count() == invitations


def test_the_services_refuse_the_shell(world, erased):
    organization, owner = world.organization, world.owner
    other = make_customer(organization, owner, "Maija Toinen", email="toinen@example.fi")
    attempts = [
        lambda: customer_services.customer_update(customer=erased, actor=owner, name=NAME),
        lambda: customer_services.note_create(
            organization=organization, actor=owner, customer=erased, body="x"
        ),
        lambda: customer_services.details_update_request_send(
            organization=organization, actor=owner, customer=erased
        ),
        lambda: merging.customer_merge(organization=organization, actor=owner, kept=erased, absorbed=other),
        lambda: merging.customer_merge(organization=organization, actor=owner, kept=other, absorbed=erased),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="personal data was erased"):
            attempt()


def test_the_data_quality_lists_and_duplicates_skip_the_shell(world, erased, owner_membership):
    every = {"organization": world.organization, "membership": owner_membership}
    for problem in selectors.QUALITY_LISTS:
        assert erased not in selectors.quality_list(**every, problem=problem)
    # Two shells look alike (same placeholder name, nothing else): still not a duplicate pair.
    second = make_customer(world.organization, world.owner, "Toinen Poistettava", email="p@example.fi")
    services.customer_erase(organization=world.organization, actor=world.owner, customer=second)
    pairs = selectors.duplicate_list(**every)
    assert not [pair for pair in pairs if {pair.first.pk, pair.second.pk} & {erased.pk, second.pk}]
