"""Every write to improvement actions, the learning log and digest subscriptions.

Services called from a view get the member's `membership` and check its role; system callers (the demo
loader, tasks) pass none. Every object a caller names (touchpoint, stage, owner, comment) must belong
to the same organisation, else a ValidationError names the field.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hymy.journeys.models import JourneyStage, Touchpoint
from hymy.surveys.models import Answer
from hymy.tenancy.models import Membership, Organization, User
from hymy.tenancy.permissions import CHANGE_IMPROVEMENT

from .choices import ActionStatus, LearningKind
from .models import DigestSubscription, ImprovementAction, LearningEntry

ACTION_FIELDS = (
    "title", "description", "owner", "due_on", "status", "metric", "touchpoint", "stage", "started_on",
    "completed_on",
)  # fmt: skip
LEARNING_FIELDS = ("kind", "title", "description", "prevention", "owner", "touchpoint", "happened_on")


def _require_change(membership: Membership | None) -> None:
    if membership is not None and not membership.can(CHANGE_IMPROVEMENT):
        raise PermissionDenied


def _validate_links(organization: Organization, *, owner=None, touchpoint=None, stage=None) -> None:
    """The people and places an action or entry names must be this organisation's own."""
    errors = {}
    if owner is not None and not Membership.objects.filter(organization=organization, user=owner).exists():
        errors["owner"] = _("Choose a member of this organisation.")
    if touchpoint is not None and touchpoint.organization_id != organization.pk:
        errors["touchpoint"] = _("Choose one of this organisation's touchpoints.")
    if stage is not None and stage.organization_id != organization.pk:
        errors["stage"] = _("Choose one of this organisation's journey stages.")
    if errors:
        raise ValidationError(errors)


# --- Actions ---------------------------------------------------------------------------------------


def _action_save(action: ImprovementAction) -> ImprovementAction:
    _validate_links(action.organization, owner=action.owner, touchpoint=action.touchpoint, stage=action.stage)
    if action.status == ActionStatus.DONE and action.completed_on is None:
        action.completed_on = timezone.localdate()
    if action.completed_on and action.completed_on < action.started_on:
        raise ValidationError({"completed_on": _("An action cannot be completed before it started.")})
    action.full_clean()
    action.save()
    return action


def action_create(
    *,
    organization: Organization,
    actor: User | None,
    title: str,
    metric: str = "nps",
    membership: Membership | None = None,
    owner: User | None = None,
    due_on: datetime.date | None = None,
    status: str = ActionStatus.PLANNED,
    touchpoint: Touchpoint | None = None,
    stage: JourneyStage | None = None,
    started_on: datetime.date | None = None,
    completed_on: datetime.date | None = None,
    description: str = "",
) -> ImprovementAction:
    _require_change(membership)
    action = ImprovementAction(
        organization=organization,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        status=status,
        metric=metric,
        touchpoint=touchpoint,
        stage=stage,
        started_on=started_on or timezone.localdate(),
        completed_on=completed_on,
        created_by=actor,
    )
    return _action_save(action)


def action_update(
    *, action: ImprovementAction, actor: User | None, membership: Membership | None = None, **changes
) -> ImprovementAction:
    """Change any of ACTION_FIELDS; marking it done sets the completion day to today unless given."""
    _require_change(membership)
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"action_update() got unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(
            action,
            field,
            value.strip() if isinstance(value, str) and field in ("title", "description") else value,
        )
    if action.status != ActionStatus.DONE and "completed_on" not in changes:
        action.completed_on = None
    return _action_save(action)


# --- The learning log ------------------------------------------------------------------------------


def _entry_save(entry: LearningEntry, *, require_prevention: bool) -> LearningEntry:
    _validate_links(entry.organization, owner=entry.owner, touchpoint=entry.touchpoint)
    if require_prevention and entry.kind == LearningKind.FAILURE:
        errors = {}
        if not entry.prevention.strip():
            errors["prevention"] = _("A failure needs a solution that keeps it from happening again.")
        if entry.owner is None:
            errors["owner"] = _("A failure needs an owner who sees the solution through.")
        if errors:
            raise ValidationError(errors)
    if entry.source_answer is None and not (entry.title.strip() or entry.description.strip()):
        raise ValidationError({"title": _("Say in a few words what happened.")})
    entry.full_clean()
    entry.save()
    return entry


def learning_entry_create(
    *,
    organization: Organization,
    actor: User | None,
    kind: str,
    membership: Membership | None = None,
    title: str = "",
    description: str = "",
    prevention: str = "",
    owner: User | None = None,
    touchpoint: Touchpoint | None = None,
    happened_on: datetime.date | None = None,
) -> LearningEntry:
    """An entry written by hand; a failure must come with its prevention solution and owner."""
    _require_change(membership)
    entry = LearningEntry(
        organization=organization,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        prevention=prevention.strip(),
        owner=owner,
        touchpoint=touchpoint,
        happened_on=happened_on or timezone.localdate(),
        created_by=actor,
    )
    return _entry_save(entry, require_prevention=True)


def learning_entry_update(
    *, entry: LearningEntry, actor: User | None, membership: Membership | None = None, **changes
) -> LearningEntry:
    """Edit an entry; saving a failure asks for its prevention solution and owner."""
    _require_change(membership)
    unknown = set(changes) - set(LEARNING_FIELDS)
    if unknown:
        raise TypeError(f"learning_entry_update() got unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(entry, field, value.strip() if isinstance(value, str) and field != "kind" else value)
    return _entry_save(entry, require_prevention=True)


def learning_entry_from_answer(
    *,
    organization: Organization,
    actor: User | None,
    answer: Answer,
    kind: str,
    membership: Membership | None = None,
) -> tuple[LearningEntry, bool]:
    """One click on a customer's comment: a shared success or failure about that comment's touchpoint
    and day. Returns (entry, created); the same comment clicked twice gives the first entry back."""
    _require_change(membership)
    if answer.organization_id != organization.pk:
        raise ValidationError({"answer": _("This comment is not this organisation's.")})
    if kind not in LearningKind.values:
        raise ValidationError({"kind": _("Choose success or failure.")})
    existing = LearningEntry.objects.filter(
        organization=organization, source_answer=answer, kind=kind
    ).first()
    if existing is not None:
        return existing, False
    response = answer.response
    entry = LearningEntry(
        organization=organization,
        kind=kind,
        touchpoint_id=response.touchpoint_id,
        happened_on=timezone.localdate(response.started_at),
        source_answer=answer,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            return _entry_save(entry, require_prevention=False), True
    except IntegrityError:  # two clicks at once: the other one made it
        return LearningEntry.objects.get(organization=organization, source_answer=answer, kind=kind), False
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):  # full_clean's unique check, same race
            existing = LearningEntry.objects.filter(
                organization=organization, source_answer=answer, kind=kind
            )
            if existing.exists():
                return existing.get(), False
        raise


def learning_entry_from_case(
    *,
    organization: Organization,
    actor: User | None,
    case,
    kind: str,
    membership: Membership | None = None,
) -> tuple[LearningEntry, bool]:
    """One click on a case: a shared success or failure titled with the case's subject, told with its
    resolution (or, while open, what the customer said), about its touchpoint and the day it was opened.
    Returns (entry, created); the same case clicked twice gives the first entry back."""
    _require_change(membership)
    if case.organization_id != organization.pk:
        raise ValidationError({"case": _("This case is not this organisation's.")})
    if kind not in LearningKind.values:
        raise ValidationError({"kind": _("Choose success or failure.")})

    def existing():
        return LearningEntry.objects.filter(organization=organization, source_case=case, kind=kind).first()

    entry = existing()
    if entry is not None:
        return entry, False
    entry = LearningEntry(
        organization=organization,
        kind=kind,
        title=case.title.strip()[:200],
        description=(case.resolution or case.description).strip(),
        touchpoint_id=case.touchpoint_id,
        happened_on=timezone.localdate(case.created_at),
        source_case=case,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            return _entry_save(entry, require_prevention=False), True
    except IntegrityError:  # two clicks at once: the other one made it
        return existing(), False
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}) and existing() is not None:  # full_clean's race
            return existing(), False
        raise


def learning_entry_delete(*, entry: LearningEntry, membership: Membership | None = None) -> None:
    _require_change(membership)
    entry.delete()


# --- Weekly digest subscriptions -------------------------------------------------------------------


def digest_subscription_set(*, membership: Membership, is_subscribed: bool) -> bool:
    """Opt in to (or out of) the weekly digest; every member decides for themself."""
    if is_subscribed:
        DigestSubscription.objects.get_or_create(membership=membership)
    else:
        DigestSubscription.objects.filter(membership=membership).delete()
    return is_subscribed
