"""Members: invitations by e-mail, accepting them, and changing roles (the owner role is guarded)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from hymy.tenancy import services
from hymy.tenancy.choices import Role
from hymy.tenancy.models import MemberInvitation, Membership, User

LINK = re.compile(r"http://127\.0\.0\.1:8000(/invitations/[\w-]+/)")


@pytest.fixture
def invite(owner_client, django_capture_on_commit_callbacks):
    """Invite through the members page as the owner; the e-mail task runs when the transaction commits."""

    def send(email: str, role: str = Role.AGENT, partner: int | str = "") -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(
                "/o/aurinko/members/", {"email": email, "role": role, "partner": partner}
            )
        assert response.status_code == 302
        return LINK.search(mail.outbox[-1].body).group(1)

    return send


def test_owner_invites_by_email_and_one_email_with_a_link_is_sent(organization, invite):
    path = invite("Uusi.Tyontekija@Example.FI")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["uusi.tyontekija@example.fi"]
    assert "Kahvila Aurinko" in message.subject
    assert f"http://127.0.0.1:8000{path}" in message.body
    assert f"http://127.0.0.1:8000{path}" in message.alternatives[0][0]
    invitation = MemberInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.accepted_at) == (
        "uusi.tyontekija@example.fi",
        "agent",
        None,
    )
    token = path.split("/")[2]
    assert invitation.token_digest == MemberInvitation.digest(token)
    assert token not in invitation.token_digest


def test_new_person_follows_the_link_and_joins_with_the_invited_role(organization, invite, client):
    path = invite("uusi@example.fi", role=Role.ANALYST)

    form_page = client.get(path)
    response = client.post(path, {"full_name": "Uuno Uusi", "password": "pitkä-ja-hyvä-salasana-9"})

    assert form_page.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == "/o/aurinko/"
    user = User.objects.get(email="uusi@example.fi")
    assert user.full_name == "Uuno Uusi"
    assert user.password.startswith("argon2")
    assert user.language == "fi"  # the organisation's language
    assert Membership.objects.get(organization=organization, user=user).role == Role.ANALYST
    assert MemberInvitation.objects.get().accepted_at is not None
    assert client.get("/o/aurinko/").status_code == 200  # signed in


def test_weak_password_is_refused_and_nothing_is_created(organization, invite, client):
    path = invite("uusi@example.fi")

    response = client.post(path, {"full_name": "Uuno Uusi", "password": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(email="uusi@example.fi").exists()
    assert MemberInvitation.objects.get().accepted_at is None


def test_used_invitation_link_gives_the_invalid_page(organization, invite, client):
    path = invite("uusi@example.fi")
    client.post(path, {"full_name": "Uuno Uusi", "password": "pitkä-ja-hyvä-salasana-9"})

    response = client.get(path)

    assert response.status_code == 404
    assert "tenancy/invitation_invalid.html" in [template.name for template in response.templates]


def test_expired_invitation_link_gives_the_invalid_page(organization, invite, client):
    path = invite("uusi@example.fi")
    MemberInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    response = client.get(path)
    posted = client.post(path, {"full_name": "Uuno Uusi", "password": "pitkä-ja-hyvä-salasana-9"})

    assert response.status_code == 404
    assert "tenancy/invitation_invalid.html" in [template.name for template in response.templates]
    assert posted.status_code == 404
    assert not User.objects.filter(email="uusi@example.fi").exists()


def test_unknown_invitation_token_gives_the_invalid_page(client, db):
    response = client.get("/invitations/ei-tallaista-kutsua/")

    assert response.status_code == 404
    assert "tenancy/invitation_invalid.html" in [template.name for template in response.templates]


def test_existing_user_signs_in_and_then_accepts(organization, other, invite, client, client_for):
    path = invite("kaisa@kuu.test", role=Role.VIEWER)

    redirected = client.get(path)
    signed_in = client_for(other.owner)
    confirm_page = signed_in.get(path)
    accepted = signed_in.post(path)

    assert redirected.status_code == 302
    assert redirected["Location"] == f"/login/?next={path}"
    assert confirm_page.status_code == 200
    assert accepted.status_code == 302
    assert Membership.objects.get(organization=organization, user=other.owner).role == Role.VIEWER


def test_partner_invitation_needs_a_partner_company(organization, owner_client, partner):
    response = owner_client.post("/o/aurinko/members/", {"email": "kuski@nopea.test", "role": Role.PARTNER})

    assert response.status_code == 200
    assert response.context["invite_form"].errors["partner"] == [
        "Choose the partner company this person works for."
    ]
    assert MemberInvitation.objects.count() == 0
    assert mail.outbox == []


def test_partner_invitation_joins_the_partner_company(organization, partner, invite, client):
    path = invite("kuski@nopea.test", role=Role.PARTNER, partner=partner.pk)

    client.post(path, {"full_name": "Kalle Kuski", "password": "pitkä-ja-hyvä-salasana-9"})

    membership = Membership.objects.get(user__email="kuski@nopea.test")
    assert (membership.role, membership.partner) == (Role.PARTNER, partner)


def test_member_cannot_be_invited_twice(organization, members, owner_client):
    response = owner_client.post("/o/aurinko/members/", {"email": "ASTA@aurinko.test", "role": Role.AGENT})

    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"] == ["This person is already a member."]
    assert MemberInvitation.objects.count() == 0


def test_admin_cannot_invite_an_owner(organization, members, client_for, state_of):
    before = state_of(organization)

    response = client_for(members[Role.ADMIN].user).post(
        "/o/aurinko/members/", {"email": "toinen.omistaja@example.fi", "role": Role.OWNER}
    )

    assert response.status_code == 200
    assert response.context["invite_form"].errors["role"] == ["Only an owner can invite another owner."]
    assert state_of(organization) == before
    assert mail.outbox == []


def test_owner_can_invite_an_owner(organization, invite):
    invite("toinen.omistaja@example.fi", role=Role.OWNER)

    assert MemberInvitation.objects.get().role == Role.OWNER


def test_owner_changes_a_members_role(organization, members, owner_client):
    response = owner_client.post(
        f"/o/aurinko/members/{members[Role.AGENT].pk}/role/", {"role": Role.ANALYST}, follow=True
    )

    assert response.status_code == 200
    assert "Role changed." in response.content.decode()
    members[Role.AGENT].refresh_from_db()
    assert members[Role.AGENT].role == Role.ANALYST


def test_role_change_to_partner_sets_the_partner_and_back_clears_it(
    organization, members, partner, owner_client
):
    url = f"/o/aurinko/members/{members[Role.AGENT].pk}/role/"

    owner_client.post(url, {"role": Role.PARTNER, "partner": partner.pk})
    members[Role.AGENT].refresh_from_db()
    as_partner = (members[Role.AGENT].role, members[Role.AGENT].partner)
    owner_client.post(url, {"role": Role.AGENT, "partner": partner.pk})
    members[Role.AGENT].refresh_from_db()

    assert as_partner == (Role.PARTNER, partner)
    assert (members[Role.AGENT].role, members[Role.AGENT].partner) == (Role.AGENT, None)


def test_last_owner_cannot_be_demoted(organization, members, owner_client, state_of):
    before = state_of(organization)

    response = owner_client.post(
        f"/o/aurinko/members/{members[Role.OWNER].pk}/role/", {"role": Role.ADMIN}, follow=True
    )

    assert response.status_code == 200
    assert "An organisation needs at least one owner." in response.content.decode()
    assert state_of(organization) == before


def test_one_of_two_owners_can_be_demoted(organization, members, owner_client):
    second = members[Role.ADMIN]
    owner_client.post(f"/o/aurinko/members/{second.pk}/role/", {"role": Role.OWNER})

    owner_client.post(f"/o/aurinko/members/{members[Role.OWNER].pk}/role/", {"role": Role.ADMIN})

    roles = dict(Membership.objects.filter(organization=organization).values_list("user__email", "role"))
    assert roles["aino@aurinko.test"] == Role.OWNER
    assert roles["olli@aurinko.test"] == Role.ADMIN


def test_admin_cannot_make_anyone_an_owner(organization, members, client_for, state_of):
    before = state_of(organization)

    response = client_for(members[Role.ADMIN].user).post(
        f"/o/aurinko/members/{members[Role.AGENT].pk}/role/", {"role": Role.OWNER}, follow=True
    )

    assert "Only an owner can give or take away the owner role." in response.content.decode()
    assert state_of(organization) == before


def test_admin_cannot_demote_an_owner(organization, members, client_for, state_of):
    services.membership_role_change(
        actor=members[Role.OWNER], membership=members[Role.VIEWER], role=Role.OWNER
    )
    before = state_of(organization)

    response = client_for(members[Role.ADMIN].user).post(
        f"/o/aurinko/members/{members[Role.OWNER].pk}/role/", {"role": Role.VIEWER}, follow=True
    )

    assert "Only an owner can give or take away the owner role." in response.content.decode()
    assert state_of(organization) == before


def test_admin_changes_a_non_owner_role(organization, members, client_for):
    client_for(members[Role.ADMIN].user).post(
        f"/o/aurinko/members/{members[Role.VIEWER].pk}/role/", {"role": Role.AGENT}
    )

    members[Role.VIEWER].refresh_from_db()
    assert members[Role.VIEWER].role == Role.AGENT


def test_partner_company_is_added_from_the_members_page(organization, owner_client):
    response = owner_client.post(
        "/o/aurinko/partners/new/", {"name": "Puhelinpalvelu Soitto Oy"}, follow=True
    )

    assert "Partner added." in response.content.decode()
    assert list(organization.partners.values_list("name", flat=True)) == ["Puhelinpalvelu Soitto Oy"]


def test_invitation_cannot_be_accepted_by_another_signed_in_account(
    organization, other, invite, client_for, state_of
):
    path = invite("someone.else@kuu.test", role=Role.ADMIN)
    signed_in = client_for(other.owner)
    before = state_of(organization)

    page = signed_in.get(path)
    accepted = signed_in.post(path)

    assert page.status_code == accepted.status_code == 403
    assert "someone.else@kuu.test" in page.content.decode()
    assert not Membership.objects.filter(organization=organization, user=other.owner).exists()
    assert state_of(organization) == before


def test_second_invitation_to_a_waiting_address_is_refused(organization, invite, owner_client):
    invite("uusi@aurinko.test")

    again = owner_client.post("/o/aurinko/members/", {"email": "Uusi@Aurinko.test", "role": Role.AGENT})

    assert again.status_code == 200
    assert "An invitation to this address is already waiting." in again.content.decode()
    assert MemberInvitation.objects.filter(organization=organization).count() == 1
