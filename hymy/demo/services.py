"""Create (or re-create) the demo organisations and the demo user.

Running it again is safe: an existing demo organisation is kept as it is and reported, never
duplicated. `reset=True` deletes the demo organisations (only those the demo made, recognised by
their `DemoTruth`) and creates them afresh.
"""

import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hymy.tenancy.models import Organization, User

from . import loistopixel
from .load import demo_user_get_or_create, organization_delete, organization_load
from .models import DemoTruth
from .records import OrganizationSpec
from .simulate import DEMO_SPECS, organization_rng, simulate_organization

DEMO_EMAIL = loistopixel.OWNER_EMAIL
DEMO_PASSWORD = "hymy-demo-2026"  # noqa: S105  (a published demo password, on purpose)
DEMO_FULL_NAME = "Veera Valo"


@dataclass
class DemoReport:
    """What `demo_data_create` did, in sentences for the person who ran it."""

    lines: list[str] = field(default_factory=list)
    created: list[Organization] = field(default_factory=list)


def demo_data_create(*, scale: float = 1.0, seed: int = 2026, reset: bool = False) -> DemoReport:
    """Make sure both demo organisations exist, each owned by the demo user."""
    report = DemoReport()
    to_create: list[tuple[OrganizationSpec, Organization | None]] = []
    for spec in DEMO_SPECS:
        existing = Organization.objects.filter(slug=spec.slug).first()
        truth = DemoTruth.objects.filter(organization=existing).first() if existing else None
        if existing is not None and truth is None:
            report.lines.append(
                f"An organisation at /o/{spec.slug}/ exists but was not made by the demo; left alone."
            )
        elif existing is not None and not reset:
            report.lines.append(
                f"{existing.name} already exists (seed {truth.seed}, scale {truth.scale:g}); nothing to do. "
                "Use --reset to create it again."
            )
        else:
            to_create.append((spec, existing))
    if not to_create:
        return report

    today = timezone.localdate()
    password_hash = make_password(DEMO_PASSWORD)
    if not reset and User.objects.filter(email__iexact=DEMO_EMAIL).exists():
        report.lines.append(
            f"{DEMO_EMAIL} already exists and keeps its password (--reset sets the demo one)."
        )
    owner = demo_user_get_or_create(
        email=DEMO_EMAIL, full_name=DEMO_FULL_NAME, password_hash=password_hash, reset_password=reset
    )
    for spec, existing in to_create:
        if existing is not None:
            organization_delete(existing)
            report.lines.append(f"Deleted the old {existing.name}.")
        began = time.monotonic()
        simulated = simulate_organization(spec, organization_rng(seed, spec), today=today, scale=scale)
        organization = organization_load(
            simulated, owner=owner, password_hash=password_hash, seed=seed, scale=scale, reset_passwords=reset
        )
        counts = simulated.truth["counts"]
        report.created.append(organization)
        report.lines.append(
            f"Created {organization.name} at /o/{organization.slug}/: {counts['customers']} customers, "
            f"{counts['encounters']} encounters, {counts['purchases']} purchases, "
            f"{counts.get('responses', 0)} survey responses ({time.monotonic() - began:.1f} s)."
        )
    return report
