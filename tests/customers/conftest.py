"""Fixtures shared with the surveys and privacy tests: surveys, answers and a customer with data everywhere."""

from tests.privacy.conftest import rich_customer  # noqa: F401
from tests.surveys.conftest import contact_policy, nps_survey, record_encounter  # noqa: F401
