"""Cases through the pages: staff entry, the log, replies by e-mail (threaded), internal notes, the
workflow, merging, attachments, the customer's timeline, partners' scope, and survey arrivals."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hymy.cases import services
from hymy.cases.choices import CaseStatus
from hymy.cases.models import Case, CaseEvent, ReplyTemplate, RoutingRule, Team
from hymy.tenancy.choices import Role

BASE = "/o/aurinko/cases/"


def html(response) -> str:
    return response.content.decode()


def test_staff_enter_a_phone_complaint_and_the_customer_is_acknowledged(
    owner_client, customer, counter, commit
):
    with commit():
        page = owner_client.post(f"{BASE}new/", {
            "kind": "complaint", "channel": "phone", "title": "Väärä tilaus", "description": "Sain teetä kahvin sijaan.",
            "customer": customer.pk, "touchpoint": counter.pk, "priority": "normal",
        })  # fmt: skip
    case = Case.objects.get()

    assert page.status_code == 302 and page["Location"] == f"{BASE}{case.pk}/"
    assert (case.number, case.kind, case.status, case.customer, case.language) == (
        1,
        "complaint",
        "new",
        customer,
        "fi",
    )
    assert [message.to for message in mail.outbox] == [["maija@example.fi"]]
    acknowledgement = mail.outbox[0]
    assert acknowledgement.subject == "[#1] Väärä tilaus"
    assert "#1" in acknowledgement.body and "Kahvila Aurinko" in acknowledgement.from_email
    assert acknowledgement.extra_headers["Message-ID"] == case.events.get(kind="acknowledgement").message_id


def test_case_numbers_run_per_organisation(open_case, other):
    first, second = open_case(), open_case()
    theirs = services.case_create(organization=other.organization, actor=other.owner, title="Leipä homeessa")
    assert (first.number, second.number, theirs.number) == (1, 2, 1)


def test_a_form_with_errors_keeps_what_was_typed(owner_client, customer):
    page = owner_client.post(
        f"{BASE}new/", {"kind": "complaint", "channel": "phone", "title": "", "description": "Tärkeä teksti"}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["title"]
    assert "Tärkeä teksti" in html(page)
    assert not Case.objects.exists()


def test_replies_are_threaded_and_notes_stay_internal(owner_client, open_case, commit):
    with commit():
        case = open_case()
    with commit():
        owner_client.post(f"{BASE}{case.pk}/note/", {"body": "Asiakas on kanta-asiakas, hyvitetään."})
        owner_client.post(
            f"{BASE}{case.pk}/reply/", {"body": "Pahoittelut! Hyvitämme juoman.", "via": "email"}
        )
        owner_client.post(f"{BASE}{case.pk}/reply/", {"body": "Hyvitys on tehty.", "via": "email"})
    acknowledgement, first, second = mail.outbox

    assert [m.body.split("\n")[0] for m in (first, second)] == [
        "Pahoittelut! Hyvitämme juoman.",
        "Hyvitys on tehty.",
    ]
    assert all("kanta-asiakas" not in message.body for message in mail.outbox)
    assert first.extra_headers["In-Reply-To"] == acknowledgement.extra_headers["Message-ID"]
    assert second.extra_headers["References"].split() == [
        acknowledgement.extra_headers["Message-ID"],
        first.extra_headers["Message-ID"],
    ]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.first_responded_at is not None
    page = html(owner_client.get(f"{BASE}{case.pk}/"))
    assert "kanta-asiakas, hyvitetään" in page and "internal, not shown to the customer" in page


def test_a_reply_from_a_template_in_the_customers_language(
    owner_client, organization, english_customer, travel
):
    from .conftest import at

    travel(at(2025, 12, 5, 15))
    template = ReplyTemplate.objects.create(organization=organization, name="Sorry", body={
        "fi": "Hei {name}, asianne {case_number} käsitellään {promised_date} mennessä.",
        "en": "Hello {name}, your case {case_number} will be handled by {promised_date}.",
    })  # fmt: skip
    case = services.case_create(
        organization=organization, actor=None, title="Cold coffee", customer=english_customer
    )

    page = owner_client.get(f"{BASE}{case.pk}/", {"template": template.pk})

    # The default policy: one business day from Friday 15:00, across Independence Day, in English.
    assert (
        page.context["reply_form"].initial["body"]
        == "Hello John Smith, your case #1 will be handled by 8 Dec 2025 15:00."
    )


def test_workflow_resolve_needs_a_resolution_then_close_and_reopen(owner_client, open_case):
    case = open_case()
    url = f"{BASE}{case.pk}/status/"

    refused = owner_client.post(url, {"status": "resolved", "resolution": ""})
    assert refused.status_code == 400 and refused.context["status_form"].errors["resolution"]
    owner_client.post(url, {"status": "resolved", "resolution": "Hyvitetty 5 €"})
    owner_client.post(url, {"status": "closed"})
    case.refresh_from_db()
    assert (case.status, case.resolution) == ("closed", "Hyvitetty 5 €")
    assert case.closed_at is not None

    owner_client.post(url, {"status": "in_progress"})
    case.refresh_from_db()
    assert (case.status, case.resolved_at, case.closed_at) == ("in_progress", None, None)
    assert case.events.filter(kind="status", data__reopened=True).count() == 1


def test_a_closed_case_cannot_jump_to_waiting(open_case, owner):
    case = open_case()
    services.case_status_set(case=case, actor=owner, status="closed")
    with pytest.raises(ValidationError) as error:
        services.case_status_set(case=case, actor=owner, status="waiting")
    assert error.value.message_dict["status"] == [
        "A case cannot go from “Closed” to “Waiting for the customer”."
    ]


def test_merge_a_duplicate(owner_client, open_case):
    original, duplicate = open_case(), open_case(title="Kylmä kahvi taas")

    owner_client.post(f"{BASE}{duplicate.pk}/merge/", {"into": original.number})
    duplicate.refresh_from_db()

    assert (duplicate.status, duplicate.merged_into) == (CaseStatus.MERGED, original)
    assert "#2 Kylmä kahvi taas" in html(owner_client.get(f"{BASE}{original.pk}/"))
    refused = owner_client.post(f"{BASE}{original.pk}/merge/", {"into": 99})
    assert refused.context["merge_form"].errors["into"] == ["There is no case with that number."]


def test_attachments_are_size_limited_and_served_only_to_those_who_see_the_case(
    owner_client, partner_client, open_case, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.CASE_ATTACHMENT_MAX_BYTES = 1024
    case = open_case()
    photo = SimpleUploadedFile("kuitti.jpg", b"\xff\xd8" + b"x" * 100, content_type="image/jpeg")
    too_big = SimpleUploadedFile("video.mp4", b"x" * 2000, content_type="video/mp4")

    owner_client.post(f"{BASE}{case.pk}/attachments/", {"file": photo})
    refused = owner_client.post(f"{BASE}{case.pk}/attachments/", {"file": too_big})
    attachment = case.attachments.get()
    download = owner_client.get(f"{BASE}{case.pk}/attachments/{attachment.pk}/")

    assert refused.status_code == 400
    assert (
        refused.context["attachment_form"].errors["file"] == ["The file is too large; the limit is 0 MB."]
        or refused.context["attachment_form"].errors["file"]
    )
    assert (attachment.name, attachment.size) == ("kuitti.jpg", 102)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\xff\xd8")
    assert download["Content-Disposition"].startswith("attachment")
    assert partner_client.get(f"{BASE}{case.pk}/attachments/{attachment.pk}/").status_code == 404


def test_cases_and_their_messages_are_on_the_customers_timeline(owner_client, open_case, customer, commit):
    with commit():
        case = open_case()
        services.case_reply(case=case, actor=None, body="Korvaamme tilauksen.", via="email")
    page = html(owner_client.get(f"/o/aurinko/customers/{customer.pk}/"))
    assert "#1 Kahvi oli kylmää" in page
    assert "Korvaamme tilauksen." in page


def test_list_filters(owner_client, open_case, members, partner, travel):
    from .conftest import at

    travel(at(2025, 12, 1, 9))
    agent = members[Role.AGENT].user
    mine = open_case(assignee=agent)
    partners = open_case(kind="inquiry", partner=partner, title="Toimitus myöhässä")
    travel(at(2025, 12, 3, 9))  # the first response (one business day) is overdue for both
    services.case_reply(case=partners, actor=None, body="Selvitämme.", via="phone")

    def listed(**filters):
        return [case.number for case in owner_client.get(BASE, filters).context["page"]]

    assert listed() == [partners.number, mine.number]
    assert listed(kind="inquiry") == [partners.number]
    assert listed(assignee=agent.pk) == [mine.number]
    assert listed(partner=partner.pk) == [partners.number]
    assert listed(status="in_progress") == [partners.number]
    assert listed(overdue="on") == [mine.number]
    assert listed(q="#2") == [partners.number]


def test_partner_handles_only_its_own_cases(partner_client, open_case, partner, commit):
    own = open_case(partner=partner, title="Paketti hukassa")
    foreign = open_case(title="Kassan asia")

    events_before = foreign.events.count()
    listing = partner_client.get(BASE)
    assert [case.number for case in listing.context["page"]] == [own.number]
    for url in (
        "",
        "reply/",
        "note/",
        "status/",
        "assign/",
        "priority/",
        "merge/",
        "attachments/",
        "promises/",
    ):
        assert partner_client.get(f"{BASE}{foreign.pk}/{url}").status_code in (404, 405)
        assert (
            partner_client.post(f"{BASE}{foreign.pk}/{url}", {"body": "x", "status": "closed"}).status_code
            == 404
        )
    assert foreign.events.count() == events_before
    with commit():
        answered = partner_client.post(f"{BASE}{own.pk}/reply/", {"body": "Paketti löytyi.", "via": "email"})
    assert answered.status_code == 302
    # In the organisation's name, not the partner's.
    assert "Kahvila Aurinko" in mail.outbox[-1].from_email
    # A partner may not hand the case to another partner or to the organisation's own team.
    team = Team.objects.create(organization=own.organization, name="Asiakaspalvelu")
    refused = partner_client.post(f"{BASE}{own.pk}/assign/", {"team": team.pk, "partner": partner.pk})
    assert refused.status_code == 400
    own.refresh_from_db()
    assert own.team is None


def test_routing_rules_send_cases_to_a_team_or_person(organization, open_case, counter, delivery, members):
    agent = members[Role.AGENT].user
    team = Team.objects.create(organization=organization, name="Toimitukset")
    RoutingRule.objects.create(
        organization=organization, position=1, name="Delivery", touchpoint=delivery, assign_team=team
    )
    RoutingRule.objects.create(organization=organization, position=2, name="Refunds", words="hyvitys, rahat takaisin",
                               assign_user=agent, set_priority="high")  # fmt: skip

    assert open_case(touchpoint=delivery).team == team
    refund = open_case(touchpoint=counter, description="Haluan rahat takaisin")
    assert (refund.assignee, refund.priority, refund.team) == (agent, "high", None)
    assert open_case(touchpoint=counter).assignee is None
    assert CaseEvent.objects.filter(kind="assigned", body="Refunds").count() == 1


def test_figures_page_shows_times_hit_rate_and_backlog_per_partner(
    owner_client, partner_client, open_case, partner, travel
):
    from .conftest import at

    travel(at(2025, 12, 1, 9))
    own = open_case()
    theirs = open_case(partner=partner, title="Paketti")
    travel(at(2025, 12, 1, 11))
    services.case_reply(case=own, actor=None, body="Hoidetaan.", via="phone")
    services.case_status_set(case=own, actor=None, status="resolved", resolution="Hyvitetty")
    travel(at(2025, 12, 20, 9))

    page = owner_client.get(f"{BASE}figures/", {"days": "30"})
    figures = page.context["figures"]
    assert (figures.total.opened, figures.backlog_now) == (2, 1)
    assert figures.total.first_response.median == 2.0
    assert (figures.total.sla_hits, figures.total.sla_decided) == (1, 2)
    rows = {row.label: (row.opened, row.sla_hits) for row in figures.by_partner}
    assert rows == {"Own staff": (1, 1), partner.name: (1, 0)}
    # A partner sees the figures of its own cases only.
    assert partner_client.get(f"{BASE}figures/").context["figures"].total.opened == 1
    assert theirs.pk


def test_recovery_report_page_lists_the_four_groups_with_their_sizes(owner_client, open_case):
    page = owner_client.get(f"{BASE}recovery/")
    assert page.status_code == 200
    assert [group.key for group in page.context["report"].groups] == ["none", "within_sla", "late", "never"]
    assert "Complaint fixed within SLA" in html(page)


def test_the_organisation_sets_its_own_templates_policies_rules_and_teams(
    owner_client, organization, members, delivery
):
    agent = members[Role.AGENT].user
    owner_client.post(f"{BASE}settings/teams/new/", {"name": "Toimitukset", "members": [agent.pk]})
    team = Team.objects.get()
    owner_client.post(f"{BASE}settings/templates/new/", {"name": "Kuittaus", "body_fi": "Kiitos {name}! Asia {case_number}.",
                                                         "body_en": "Thanks {name}! Case {case_number}.", "is_acknowledgement": "on"})  # fmt: skip
    refused = owner_client.post(f"{BASE}settings/policies/new/", {"name": "Väärin", "first_response_minutes": "60",
                                                                 "resolution_minutes": "30", "warn_before_minutes": "10"})  # fmt: skip
    owner_client.post(f"{BASE}settings/rules/new/", {"position": "1", "name": "Kuljetus", "touchpoint": delivery.pk,
                                                     "assign_team": team.pk})  # fmt: skip
    empty_rule = owner_client.post(f"{BASE}settings/rules/new/", {"position": "2", "name": "Ei mitään"})

    assert refused.context["form"].errors["resolution_minutes"] == [
        "Resolution cannot be due before the first response."
    ]
    assert "Väärin" in html(refused)
    assert empty_rule.context["form"].errors["assign_team"]
    assert ReplyTemplate.objects.get().body == {
        "fi": "Kiitos {name}! Asia {case_number}.",
        "en": "Thanks {name}! Case {case_number}.",
    }
    assert RoutingRule.objects.get().assign_team == team
    case = services.case_create(organization=organization, actor=None, title="Paketti", touchpoint=delivery)
    assert case.team == team
    owner_client.post(f"{BASE}settings/team/{team.pk}/delete/")
    assert not Team.objects.exists()
