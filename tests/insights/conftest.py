"""The API test clients, for the tests of the metrics API beside the Figures page."""

from tests.api.conftest import api, api_client, make_key  # noqa: F401
