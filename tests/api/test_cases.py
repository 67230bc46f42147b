"""Cases through the API, as a help desk uses them: post a complaint, read and list cases, resolve,
assign, note and reply (the reply goes out by e-mail exactly as from Hymy), with precise problems for
bad input and a partner's key confined to its partner's cases."""

import pytest
from django.core import mail
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hymy.cases import services as case_services
from hymy.cases.models import Case, CaseEvent, Team
from hymy.tenancy.choices import Role

CASES = "/api/v1/cases"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what was queued for after the commit (e-mails) at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def complaint(api, customer, counter, commit):
    with commit():
        answer = api.post(CASES, {"subject": "Kylmä kahvi", "text": "Latte oli kylmä.",
                                  "customer_email": "MAIJA@example.fi", "touchpoint_id": counter.pk})  # fmt: skip
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_a_help_desk_posts_a_complaint_and_the_customer_is_acknowledged(complaint, customer, counter):
    case = Case.objects.get(pk=complaint["id"])

    assert (complaint["number"], complaint["kind"], complaint["status"], complaint["channel"]) == (
        1, "complaint", "new", "api"
    )  # fmt: skip
    assert (complaint["customer_id"], complaint["touchpoint_id"], complaint["subject"]) == (
        customer.pk, counter.pk, "Kylmä kahvi"
    )  # fmt: skip
    assert complaint["first_response_due_at"] is not None and complaint["resolution_due_at"] is not None
    assert case.created_by.api_key.name == "Verkkokauppa"
    assert [message.to for message in mail.outbox] == [["maija@example.fi"]]
    assert "#1" in mail.outbox[0].body
    assert [entry["kind"] for entry in complaint["log"]] == ["created", "acknowledgement"]


def test_an_unknown_email_becomes_the_contact_address(api, commit):
    with commit():
        answer = api.post(
            CASES, {"subject": "Kysymys", "customer_email": "uusi@example.fi", "acknowledge": False}
        )

    assert answer.status_code == 201
    assert (answer.json()["customer_id"], answer.json()["contact_email"]) == (None, "uusi@example.fi")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"subject": "", "customer_email": "a@b.fi"}, 422, "subject"),
        ({"subject": "X", "customer_email": "ei-osoite"}, 422, "customer_email"),
        ({"subject": "X", "customer_external_id": "ei-ole"}, 404, "customer_external_id"),
        ({"subject": "X", "customer_id": 999999}, 404, "customer_id"),
        ({"subject": "X", "touchpoint_id": 999999}, 404, "touchpoint_id"),
        ({"subject": "X", "kind": "riita"}, 422, "kind"),
        ({"subject": "X", "text": "x" * 20001}, 422, "text"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(api, organization, body, status, field):
    answer = api.post(CASES, body)

    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["field"] == field
    assert not Case.objects.filter(organization=organization).exists()


# The same key and organisation for every example: the cases simply accumulate.
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(subject=st.text(min_size=1, max_size=200), text=st.text(max_size=300))
@example(subject=" \r\n", text="")  # blank once stripped: the problem names `subject`
def test_any_text_opens_a_case_or_is_refused_with_a_reason(api, organization, subject, text):
    answer = api.post(CASES, {"subject": subject, "text": text, "acknowledge": False})

    assert answer.status_code in (201, 422), answer.content
    if answer.status_code == 422:
        assert answer.json()["field"] in ("subject", "text")


def test_list_filters_and_cursor_pages(api, organization, owner, customer):
    for number in range(5):
        case_services.case_create(organization=organization, actor=owner, title=f"Asia {number}",
                                  kind="complaint" if number % 2 else "inquiry", customer=customer)  # fmt: skip
    first = Case.objects.get(organization=organization, number=1)
    case_services.case_status_set(case=first, actor=owner, status="resolved", resolution="Selvitetty.")

    pages, cursor = [], None
    while True:
        answer = api.get(CASES, {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        pages.append([item["number"] for item in answer["items"]])
        cursor = answer["next_cursor"]
        if cursor is None:
            break

    assert pages == [[1, 2], [3, 4], [5]]
    assert [c["number"] for c in api.get(CASES, {"kind": "complaint"}).json()["items"]] == [2, 4]
    assert [c["number"] for c in api.get(CASES, {"status": "resolved"}).json()["items"]] == [1]
    assert [c["number"] for c in api.get(CASES, {"status": "open"}).json()["items"]] == [2, 3, 4, 5]
    since = Case.objects.get(pk=first.pk).updated_at.isoformat()
    assert [c["number"] for c in api.get(CASES, {"updated_since": since}).json()["items"]] == [1]
    assert api.get(CASES, {"cursor": "rikki"}).json()["field"] == "cursor"


def test_resolve_needs_a_resolution_and_a_closed_case_cannot_wait(api, complaint):
    path = f"{CASES}/{complaint['id']}"

    missing = api.patch(path, {"status": "resolved"})
    resolved = api.patch(path, {"status": "resolved", "resolution": "Hyvitimme juoman."})
    api.patch(path, {"status": "closed"})
    jump = api.patch(path, {"status": "waiting"})

    assert (missing.status_code, missing.json()["field"]) == (422, "resolution")
    assert resolved.status_code == 200
    assert (resolved.json()["status"], resolved.json()["resolution"]) == ("resolved", "Hyvitimme juoman.")
    assert resolved.json()["resolved_at"] is not None
    assert (jump.status_code, jump.json()["field"]) == (422, "status")
    assert Case.objects.get(pk=complaint["id"]).status == "closed"


def test_assign_to_a_member_and_a_team_and_change_the_priority(api, complaint, members, organization):
    Team.objects.create(organization=organization, name="Asiakaspalvelu")
    path = f"{CASES}/{complaint['id']}"

    assigned = api.patch(path, {"assignee_email": "ASTA@aurinko.test", "team": "Asiakaspalvelu",
                                "priority": "high"})  # fmt: skip
    unknown = api.patch(path, {"assignee_email": "kuka@muu.test"})
    no_team = api.patch(path, {"team": "Ei ole"})
    unassigned = api.patch(path, {"assignee_email": None})

    assert assigned.status_code == 200, assigned.content
    assert (assigned.json()["team"], assigned.json()["priority"]) == ("Asiakaspalvelu", "high")
    assert assigned.json()["assignee_email"] == members[Role.AGENT].user.email == "asta@aurinko.test"
    assert (unknown.status_code, unknown.json()["field"]) == (422, "assignee_email")
    assert (no_team.status_code, no_team.json()["field"]) == (422, "team")
    assert (unassigned.json()["assignee_email"], unassigned.json()["team"]) == ("", "Asiakaspalvelu")


def test_a_reply_goes_out_by_email_threaded_and_a_note_stays_internal(api, complaint, commit):
    path = f"{CASES}/{complaint['id']}"
    with commit():
        note = api.post(f"{path}/notes", {"text": "Kanta-asiakas, hyvitetään."})
        reply = api.post(f"{path}/replies", {"text": "Pahoittelut! Hyvitämme juoman."},
                         HTTP_IDEMPOTENCY_KEY="desk-reply-1")  # fmt: skip
        retry = api.post(f"{path}/replies", {"text": "Pahoittelut! Hyvitämme juoman."},
                         HTTP_IDEMPOTENCY_KEY="desk-reply-1")  # fmt: skip
    acknowledgement, sent = mail.outbox

    assert (note.status_code, note.json()["kind"]) == (201, "note")
    assert (reply.status_code, reply.json()["kind"], reply.json()["via"]) == (201, "reply", "email")
    assert retry.json() == reply.json()
    assert sent.to == ["maija@example.fi"] and sent.body.startswith("Pahoittelut! Hyvitämme juoman.")
    assert sent.extra_headers["In-Reply-To"] == acknowledgement.extra_headers["Message-ID"]
    assert all("Kanta-asiakas" not in message.body for message in mail.outbox)
    case = api.get(path).json()
    assert case["status"] == "in_progress" and case["first_responded_at"] is not None
    assert [entry["kind"] for entry in case["log"]][-2:] == ["note", "reply"]
    assert CaseEvent.objects.filter(case_id=complaint["id"], kind="reply").count() == 1


def test_a_reply_by_email_without_an_address_names_via(api, commit):
    case = api.post(CASES, {"subject": "Puhelu"}).json()

    answer = api.post(f"{CASES}/{case['id']}/replies", {"text": "Hei"})
    by_phone = api.post(f"{CASES}/{case['id']}/replies", {"text": "Soitin.", "via": "phone"})

    assert (answer.status_code, answer.json()["field"]) == (422, "via")
    assert by_phone.status_code == 201


def test_posting_a_case_twice_with_one_idempotency_key_opens_one(api, organization):
    body = {"subject": "Tuplana", "customer_email": "x@example.fi", "acknowledge": False}
    first = api.post(CASES, body, HTTP_IDEMPOTENCY_KEY="ticket-77")
    retry = api.post(CASES, body, HTTP_IDEMPOTENCY_KEY="ticket-77")

    assert first.status_code == retry.status_code == 201
    assert retry.json()["number"] == first.json()["number"]
    assert Case.objects.filter(organization=organization).count() == 1


def test_a_partner_key_sees_and_opens_only_its_partners_cases(
    api_client, organization, owner, partner, delivery, counter
):
    theirs = case_services.case_create(
        organization=organization, actor=owner, title="Kassa", touchpoint=counter
    )
    ours = case_services.case_create(
        organization=organization, actor=owner, title="Kuljetus", touchpoint=delivery
    )
    client = api_client(["cases:read", "cases:write"], partner=partner, name="Kuljetusyhtiön järjestelmä")

    listed = [item["id"] for item in client.get(CASES).json()["items"]]
    hidden = client.get(f"{CASES}/{theirs.pk}")
    opened = client.post(CASES, {"subject": "Paketti myöhässä", "touchpoint_id": delivery.pk})
    other_touchpoint = client.post(CASES, {"subject": "X", "touchpoint_id": counter.pk})

    assert listed == [ours.pk]
    assert hidden.status_code == 404
    assert opened.status_code == 201 and opened.json()["partner_id"] == partner.pk
    assert (other_touchpoint.status_code, other_touchpoint.json()["field"]) == (404, "touchpoint_id")
