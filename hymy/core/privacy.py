"""The personal data of the core app (see hymy/privacy/registry.py)."""

from hymy.privacy.registry import not_personal

from .models import ScheduledRun

not_personal(ScheduledRun, fields=["name"], reason="The name of a periodic task.")
