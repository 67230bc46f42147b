"""Every table downloads as CSV and Excel: the survey list, the outbox, a survey's invitations, the
members, the targets and a touchpoint's encounters — read back from the files, with what the page lists
for that member, every row, and no cell a spreadsheet would run as a formula."""

import datetime

import pytest
from django.utils import timezone

from hymy.customers import services as customer_services
from hymy.insights import services as insights
from hymy.surveys import services as surveys
from hymy.surveys.models import Invitation, OutboxMessage
from tests.export_files import export_rows

BASE = "/o/aurinko"
WHEN = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))


@pytest.fixture
def nps_survey(organization, counter, delivery):
    return surveys.survey_create_from_template(
        organization=organization, template_key="nps_after_purchase", touchpoints=[counter, delivery]
    )


@pytest.fixture
def invitations(organization, owner, nps_survey, counter, delivery):
    """Three invitations of the NPS survey; one to a customer whose name is a formula."""
    made = []
    for name, touchpoint, answered in (
        ('=HYPERLINK("http://evil.test")', counter, True),
        ("Maija Meikäläinen", delivery, False),
        ("Kalle Kassa", counter, False),
    ):
        customer = customer_services.customer_create(organization=organization, actor=owner, name=name)
        made.append(
            Invitation.objects.create(
                organization=organization,
                survey=nps_survey,
                customer=customer,
                channel="email",
                touchpoint=touchpoint,
                status="sent",
                scheduled_for=WHEN,
                sent_at=WHEN,
                answered_at=WHEN if answered else None,
            )  # fmt: skip
        )
    return made


def test_the_survey_list_downloads_with_each_surveys_response_count(owner_client, nps_survey, counter):
    response = surveys.response_start(survey=nps_survey, source="kiosk", language="fi", touchpoint=counter)
    surveys.answer_save(response=response, question=nps_survey.questions.first(), score=9)

    download = owner_client.get(f"{BASE}/surveys/", {"export": "xlsx"})

    rows = export_rows(download)
    assert download["Content-Disposition"].startswith('attachment; filename="surveys-aurinko-')
    assert rows[0] == ["Name", "Status", "When in the journey", "Touchpoints", "Responses"]
    assert rows[1][0] == nps_survey.name
    assert rows[1][3] == "Kassa, Kotiinkuljetus"
    assert rows[1][4] == 1
    assert "?export=csv" in owner_client.get(f"{BASE}/surveys/").content.decode()


def test_a_surveys_invitations_download_every_one_with_formulas_neutralised(
    owner_client, nps_survey, invitations
):
    download = owner_client.get(f"{BASE}/surveys/{nps_survey.pk}/", {"export": "csv"})

    rows = export_rows(download)
    assert download["Content-Disposition"].startswith('attachment; filename="invitations-aurinko-')
    assert rows[0][:4] == ["Survey", "Customer", "Touchpoint", "Channel"]
    assert sorted(row[1] for row in rows[1:]) == sorted(
        ['\'=HYPERLINK("http://evil.test")', "Maija Meikäläinen", "Kalle Kassa"]
    )
    answered = [row for row in rows[1:] if row[10]]
    assert [row[1] for row in answered] == ['\'=HYPERLINK("http://evil.test")']
    assert answered[0][7] == "2026-11-20 09:30"  # ISO time in the organisation's zone


def test_a_partner_downloads_only_the_invitations_at_its_own_touchpoints(
    partner_client, nps_survey, invitations
):
    rows = export_rows(partner_client.get(f"{BASE}/surveys/{nps_survey.pk}/", {"export": "xlsx"}))

    assert [(row[1], row[2]) for row in rows[1:]] == [("Maija Meikäläinen", "Kotiinkuljetus")]


def test_the_outbox_downloads_every_message_and_partners_get_none(owner_client, partner_client, organization):
    for number in range(35):  # more than one page of the outbox (30)
        OutboxMessage.objects.create(
            organization=organization, channel="sms", recipient=f"+35840000{number:04d}",
            body_text="@kuka tahansa: vastaa kyselyyn" if number == 0 else f"Viesti {number}",
        )  # fmt: skip

    download = owner_client.get(f"{BASE}/surveys/outbox/", {"export": "xlsx"})

    rows = export_rows(download)
    assert rows[0][:5] == ["When", "Channel", "To", "Subject", "Text"]
    assert len(rows) == 36
    assert "'@kuka tahansa: vastaa kyselyyn" in [row[4] for row in rows[1:]]
    assert partner_client.get(f"{BASE}/surveys/outbox/", {"export": "xlsx"}).status_code == 403


def test_the_members_download_for_those_who_manage_them(owner_client, client_for, members):
    from hymy.tenancy.choices import Role

    download = owner_client.get(f"{BASE}/members/", {"export": "csv"})

    rows = export_rows(download)
    assert rows[0] == ["Name", "E-mail", "Role", "Partner company", "Member since"]
    assert len(rows) == 1 + len(members)
    assert ["Pekka Kuljettaja", "pekka@nopea.test", "Partner", "Kuljetus Nopea Oy"] in [
        row[:4] for row in rows
    ]
    assert client_for(members[Role.VIEWER].user).get(f"{BASE}/members/", {"export": "csv"}).status_code == 403


def test_the_targets_download_with_their_levels(owner_client, organization, counter):
    insights.target_set(organization=organization, metric="nps", good=20, excellent=40, best=60)
    insights.target_set(
        organization=organization, metric="csat", touchpoint=counter, good=70, excellent=80, best=90.5
    )

    rows = export_rows(owner_client.get(f"{BASE}/insights/targets/", {"export": "xlsx"}))

    assert rows[0] == ["Metric", "Touchpoint", "Good from", "Excellent from", "The very best from"]
    assert sorted(rows[1:]) == [
        ["NPS", "The whole organisation", 20, 40, 60],
        ["Satisfied (CSAT 4–5)", "Kassa", 70, 80, 90.5],
    ]


def test_a_touchpoints_encounters_download(owner_client, delivery, delivery_customer):
    download = owner_client.get(f"{BASE}/journey/touchpoints/{delivery.pk}/", {"export": "csv"})

    rows = export_rows(download)
    assert rows[0] == ["When", "Touchpoint", "Customer", "Outcome", "What happened"]
    assert rows[1:] == [
        ["2026-11-20 12:00", "Kotiinkuljetus", "Pekka Toimitus", "Served", "Kahvipaketti ovelle"]
    ]


@pytest.mark.parametrize("address", ["/surveys/", "/surveys/outbox/", "/members/", "/insights/targets/"])
def test_an_unknown_format_is_a_bad_request(owner_client, organization, address):
    assert owner_client.get(f"{BASE}{address}", {"export": "pdf"}).status_code == 400
