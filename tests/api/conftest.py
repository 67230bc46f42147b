"""API keys and clients for the API tests: `api_client(scopes)` is a test client whose every request
carries a fresh key of Aurinko with those scopes."""

from types import SimpleNamespace

import pytest
from django.test import Client

from hymy.tenancy import services as tenancy_services
from hymy.tenancy.choices import ApiResource

ALL_SCOPES = [f"{resource}:{level}" for resource in ApiResource.values for level in ("read", "write")]
READ_SCOPES = [f"{resource}:read" for resource in ApiResource.values]


class ApiClient(Client):
    """A Django test client that sends `Authorization: Bearer <key>` and JSON bodies."""

    def __init__(self, secret: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {secret}", **kwargs)
        self.secret = secret

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().post(path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        kwargs.setdefault("content_type", "application/json")
        return super().patch(path, data, **kwargs)


@pytest.fixture
def make_key(organization, owner):
    """`make_key(scopes, organization=…, partner=…)` → (ApiKey, secret)."""
    from hymy.tenancy.models import Membership

    def make(scopes=None, *, organization=organization, partner=None, name="Verkkokauppa"):
        actor = Membership.objects.filter(organization=organization, role="owner").first()
        return tenancy_services.api_key_create(
            organization=organization,
            actor=actor,
            name=name,
            scopes=ALL_SCOPES if scopes is None else scopes,
            partner=partner,
        )

    return make


@pytest.fixture
def api_client(make_key):
    def make(scopes=None, **kwargs) -> ApiClient:
        _key, secret = make_key(scopes, **kwargs)
        return ApiClient(secret)

    return make


@pytest.fixture
def api(api_client) -> ApiClient:
    """A client with a key of Aurinko that may read and write everything."""
    return api_client()


def _objects(organization, actor, touchpoint, customer, company):
    """A survey with a response, an encounter and a purchase beside the given objects."""
    import datetime

    from django.utils import timezone

    from hymy.customers import services as customer_services
    from hymy.surveys import services as survey_services

    survey = survey_services.survey_create_from_template(
        organization=organization, template_key="csat_after_support", touchpoints=[touchpoint]
    )
    question = survey.questions.order_by("position").first()
    response = survey_services.response_start(
        survey=survey, source="kiosk", language="fi", touchpoint=touchpoint
    )
    survey_services.answer_save(response=response, question=question, score=4)
    moment = timezone.now() - datetime.timedelta(days=1)
    encounter = customer_services.encounter_create(
        organization=organization, actor=actor, touchpoint=touchpoint, customer=customer, started_at=moment
    )
    purchase = customer_services.purchase_create(
        organization=organization, actor=actor, customer=customer, purchased_on=moment.date(), amount=10
    )
    from hymy.cases import services as case_services

    case = case_services.case_create(
        organization=organization, actor=actor, title="Kahvi oli kylmää", kind="complaint",
        customer=customer, touchpoint=touchpoint, acknowledge=False,
    )  # fmt: skip
    return SimpleNamespace(
        case=case,
        organization=organization,
        touchpoint=touchpoint,
        customer=customer,
        company=company,
        survey=survey,
        question=question,
        response=response,
        encounter=encounter,
        purchase=purchase,
    )


@pytest.fixture
def mine(organization, owner, counter):
    from hymy.customers import services as customer_services

    customer = customer_services.customer_create(
        organization=organization,
        actor=owner,
        name="Maija Meikäläinen",
        email="maija@example.fi",
        external_id="m-1",
    )
    company = customer_services.customer_create(
        organization=organization, actor=owner, name="Aurinko Yritys Oy", kind="company"
    )
    return _objects(organization, owner, counter, customer, company)


@pytest.fixture
def theirs(other):
    from hymy.customers import services as customer_services

    customer_services.customer_update(customer=other.customer, actor=other.owner, external_id="m-1")
    other.customer.refresh_from_db()
    return _objects(other.organization, other.owner, other.touchpoint, other.customer, other.company)
