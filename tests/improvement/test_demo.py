"""The demo organisations come with improvement actions and a learning log, the same on every load."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from hymy.improvement.choices import ActionStatus, LearningKind
from hymy.improvement.effect import action_effect
from hymy.improvement.models import ImprovementAction, LearningEntry
from hymy.tenancy.models import Membership, Organization

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _demo(*args):
    call_command("demo_data", "--scale", "0.05", *args, stdout=StringIO())


def _snapshot():
    return {
        organization.slug: (
            list(
                ImprovementAction.objects.filter(organization=organization)
                .order_by("pk")
                .values_list(
                    "title", "status", "metric", "touchpoint__name", "owner__email", "started_on", "due_on"
                )
            ),
            list(
                LearningEntry.objects.filter(organization=organization)
                .order_by("pk")
                .values_list("kind", "title", "prevention", "owner__email", "source_answer__followup_text")
            ),
        )
        for organization in Organization.objects.order_by("slug")
    }


def test_demo_has_actions_and_a_learning_log_the_same_on_every_load():
    _demo()
    first = _snapshot()
    _demo("--reset")

    assert _snapshot() == first
    revontuli = Organization.objects.get(slug="revontuli")
    actions = ImprovementAction.objects.filter(organization=revontuli)
    assert actions.count() == 5
    assert any(action.is_overdue_on(timezone.localdate()) for action in actions)
    delivery = actions.get(status=ActionStatus.DONE, touchpoint__isnull=False)
    assert delivery.touchpoint.name == "Kotiinkuljetus"
    owner = Membership.objects.filter(organization=revontuli, role="owner").first()
    effect = action_effect(action=delivery, membership=owner)
    assert effect.days == 30  # completed 120 days ago: 30 days on each side (few answers at this scale)
    everyone = action_effect(action=actions.get(touchpoint__isnull=True), membership=owner)
    assert everyone.before.n > 0 and everyone.after.n > 0  # the whole organisation's NPS

    entries = LearningEntry.objects.filter(organization=revontuli)
    failures = entries.filter(kind=LearningKind.FAILURE)
    assert entries.filter(kind=LearningKind.SUCCESS).exists() and failures.exists()
    assert all(entry.source_answer_id and not entry.needs_prevention for entry in failures)
