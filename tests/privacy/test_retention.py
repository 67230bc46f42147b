"""Retention: responses older than the organisation's limit are anonymised by the scheduled task."""

import datetime

from django.utils import timezone

from hymy.privacy import services
from hymy.privacy.models import PrivacyRequest, RetentionPolicy
from hymy.surveys.models import Answer, Response
from hymy.tenancy.choices import Role

from .conftest import answered, figures, make_customer


def _old_and_new(organization, owner, nps_survey, counter):
    person = make_customer(organization, owner, "Vanha Vastaaja", email="vanha@example.fi")
    old = answered(
        nps_survey, score=2, followup="Vanha valitus, soita 040 999 8888", customer=person, touchpoint=counter,
        started_at=timezone.now() - datetime.timedelta(days=3 * 365 + 10),
    )  # fmt: skip
    new = answered(nps_survey, score=9, followup="Uusi kehu", customer=person, touchpoint=counter)
    return person, old, new


def test_old_responses_are_anonymised_and_the_new_ones_kept(
    organization, owner, members, nps_survey, counter, django_capture_on_commit_callbacks
):
    person, old, new = _old_and_new(organization, owner, nps_survey, counter)
    before = figures(organization, members[Role.OWNER])
    with django_capture_on_commit_callbacks(execute=True):
        services.retention_policy_update(
            organization=organization, actor=owner, responses_years=2, cases_years=None
        )

    # Saving started the task chain; the immediate backend ran its first run at once.
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.customer is None
    assert Answer.objects.get(response=old).followup_text == ""
    assert Answer.objects.get(response=old).score == 2
    assert (new.customer, Answer.objects.get(response=new).followup_text) == (person, "Uusi kehu")
    assert figures(organization, members[Role.OWNER]) == before
    log = PrivacyRequest.objects.get(kind="retention")
    assert log.rows == {"surveys.response": 1, "surveys.answer": 1}
    assert log.actor is None
    policy = RetentionPolicy.objects.get(organization=organization)
    assert policy.last_run_at is not None and policy.next_run_at > timezone.now()


def test_a_second_run_finds_nothing_new(
    organization, owner, nps_survey, counter, django_capture_on_commit_callbacks
):
    _old_and_new(organization, owner, nps_survey, counter)
    with django_capture_on_commit_callbacks(execute=True):
        services.retention_policy_update(
            organization=organization, actor=owner, responses_years=2, cases_years=None
        )

    assert services.retention_apply(organization=organization) == {}
    assert PrivacyRequest.objects.filter(kind="retention").count() == 1


def test_without_a_retention_nothing_is_anonymised(organization, owner, nps_survey, counter):
    _person, old, _new = _old_and_new(organization, owner, nps_survey, counter)

    assert services.retention_apply(organization=organization) == {}
    old.refresh_from_db()
    assert old.customer is not None


def test_the_retention_of_another_organisation_does_not_touch_mine(
    organization, owner, nps_survey, counter, other, django_capture_on_commit_callbacks
):
    _person, old, _new = _old_and_new(organization, owner, nps_survey, counter)

    with django_capture_on_commit_callbacks(execute=True):
        services.retention_policy_update(
            organization=other.organization, actor=other.owner, responses_years=1, cases_years=None
        )

    old.refresh_from_db()
    assert old.customer is not None


def test_the_settings_page_saves_and_refuses_nonsense(owner_client, organization):
    bad = owner_client.post("/o/aurinko/privacy/", {"responses_years": "0", "cases_years": ""})
    assert bad.status_code == 400
    assert 'value="0"' in bad.content.decode()

    good = owner_client.post("/o/aurinko/privacy/", {"responses_years": "3", "cases_years": "5"}, follow=True)
    assert "Retention saved." in good.content.decode()
    policy = RetentionPolicy.objects.get(organization=organization)
    assert (policy.responses_years, policy.cases_years) == (3, 5)


def test_the_command_is_a_safety_net_for_every_organisation(organization, owner, nps_survey, counter):
    from django.core.management import call_command

    _person, old, _new = _old_and_new(organization, owner, nps_survey, counter)
    RetentionPolicy.objects.create(organization=organization, responses_years=2)

    call_command("privacy_retention_apply")

    assert Response.objects.get(pk=old.pk).customer is None


def test_a_run_from_an_older_chain_stops_and_the_next_run_is_queued_a_day_later(
    organization, owner, nps_survey, counter, settings
):
    from django_tasks_db.models import DBTaskResult

    from hymy.privacy.tasks import retention_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _person, old, _new = _old_and_new(organization, owner, nps_survey, counter)
    policy = RetentionPolicy.objects.create(
        organization=organization, responses_years=2, next_run_at=timezone.now()
    )

    assert retention_run.call(organization.pk, "2020-01-01T00:00:00+00:00") == {}  # stale: does nothing
    assert Response.objects.get(pk=old.pk).customer is not None

    assert retention_run.call(organization.pk, policy.next_run_at.isoformat()) == {
        "surveys.response": 1,
        "surveys.answer": 1,
    }
    policy.refresh_from_db()
    queued = DBTaskResult.objects.get(task_path="hymy.privacy.tasks.retention_run")
    assert queued.run_after == policy.next_run_at
    assert policy.next_run_at - timezone.now() > datetime.timedelta(hours=23)
