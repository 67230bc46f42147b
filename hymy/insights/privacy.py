"""The insights app keeps counts and targets only (see hymy/privacy/registry.py)."""

from hymy.privacy.registry import not_personal

from .models import DailyScoreCount, MetricTarget

not_personal(DailyScoreCount, fields=[], reason="Anonymous counts of scores per day.")
not_personal(MetricTarget, fields=["metric"], reason="A metric's name and its thresholds.")
