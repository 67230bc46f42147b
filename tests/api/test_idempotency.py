"""`Idempotency-Key`: a retried POST gets the first answer and creates nothing twice — also when
several clients send the same key at the same moment (PostgreSQL)."""

import json
import threading

import pytest
import requests
from django.db import connection

from hymy.customers.models import Customer, Encounter

from .conftest import ApiClient


def test_a_retry_returns_the_first_answer_and_creates_nothing(api, organization):
    first = api.post("/api/v1/customers", {"name": "Kerran Vain"}, HTTP_IDEMPOTENCY_KEY="order-1001")
    retry = api.post("/api/v1/customers", {"name": "Kerran Vain"}, HTTP_IDEMPOTENCY_KEY="order-1001")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Customer.objects.filter(organization=organization, name="Kerran Vain").count() == 1


def test_a_batch_retried_is_recorded_once(api, mine):
    body = {
        "items": [
            {"touchpoint_id": mine.touchpoint.pk, "started_at": f"2026-11-2{n}T10:00:00Z"} for n in range(3)
        ]
    }
    before = Encounter.objects.filter(organization=mine.organization).count()

    first = api.post("/api/v1/encounters/batch", body, HTTP_IDEMPOTENCY_KEY="till-batch-7")
    retry = api.post("/api/v1/encounters/batch", body, HTTP_IDEMPOTENCY_KEY="till-batch-7")

    assert first.status_code == retry.status_code == 201
    assert [item["id"] for item in retry.json()["items"]] == [item["id"] for item in first.json()["items"]]
    assert Encounter.objects.filter(organization=mine.organization).count() == before + 3


def test_the_same_key_for_another_request_is_refused(api, organization):
    api.post("/api/v1/customers", {"name": "Eka"}, HTTP_IDEMPOTENCY_KEY="k-1")

    other = api.post("/api/v1/customers", {"name": "Toka"}, HTTP_IDEMPOTENCY_KEY="k-1")

    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"
    assert not Customer.objects.filter(organization=organization, name="Toka").exists()


def test_a_failed_request_is_not_kept_so_the_corrected_one_may_use_the_key(api, organization):
    failed = api.post("/api/v1/customers", {"name": "Virhe", "email": "ei"}, HTTP_IDEMPOTENCY_KEY="k-2")
    corrected = api.post(
        "/api/v1/customers", {"name": "Virhe", "email": "oikea@x.fi"}, HTTP_IDEMPOTENCY_KEY="k-2"
    )

    assert failed.status_code == 422
    assert corrected.status_code == 201
    assert Customer.objects.filter(organization=organization, name="Virhe").count() == 1


def test_keys_are_per_organisation(api_client, make_key, organization, other):
    from hymy.tenancy.models import Membership

    mine = api_client()
    _key, their_secret = make_key(organization=other.organization)
    theirs = ApiClient(their_secret)
    assert Membership.objects.filter(organization=other.organization).exists()

    a = mine.post("/api/v1/customers", {"name": "Sama Avain"}, HTTP_IDEMPOTENCY_KEY="shared-1")
    b = theirs.post("/api/v1/customers", {"name": "Sama Avain"}, HTTP_IDEMPOTENCY_KEY="shared-1")

    assert a.status_code == b.status_code == 201
    assert a.json()["id"] != b.json()["id"]


def test_a_bad_idempotency_key_is_a_problem(api):
    response = api.post("/api/v1/customers", {"name": "X"}, HTTP_IDEMPOTENCY_KEY="x" * 201)

    assert response.status_code == 400
    assert response.json()["field"] == "Idempotency-Key"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_by_several_clients_at_once_creates_one_object(live_server, make_key, counter):
    _key, secret = make_key()
    body = json.dumps({"touchpoint_id": counter.pk, "started_at": "2026-11-24T10:00:00+02:00"}).encode()
    start = threading.Barrier(8)
    answers = []

    def send():
        start.wait()
        response = requests.post(
            f"{live_server.url}/api/v1/encounters",
            data=body,
            headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json",
                     "Idempotency-Key": "till-42-receipt-9001"},
            timeout=60,
        )  # fmt: skip
        answers.append((response.status_code, response.json()))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Encounter.objects.filter(touchpoint=counter).count() == 1
    assert [status for status, _body in answers] == [201] * 8
    assert len({body["id"] for _status, body in answers}) == 1


def test_keys_older_than_a_day_are_forgotten(api, organization):
    import datetime
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from hymy.api.models import IdempotentRequest

    api.post("/api/v1/customers", {"name": "Vanha"}, HTTP_IDEMPOTENCY_KEY="old-1")
    api.post("/api/v1/customers", {"name": "Uusi"}, HTTP_IDEMPOTENCY_KEY="new-1")
    IdempotentRequest.objects.filter(key="old-1").update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    out = StringIO()

    call_command("api_idempotency_purge", stdout=out)

    assert "Forgot 1 " in out.getvalue()
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new-1"]
