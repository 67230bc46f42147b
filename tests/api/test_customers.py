"""Customers through the API: create, read, change, list with filters and cursor pages, upsert."""

from hymy.customers.models import Customer, CustomerChange


def test_create_read_and_change_a_customer(api, organization):
    created = api.post(
        "/api/v1/customers", {"name": "Liisa Laine", "email": "Liisa@Example.FI", "tags": ["VIP"]}
    )

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["email"] == "Liisa@example.fi"
    assert body["tags"] == ["VIP"]
    customer = Customer.objects.get(pk=body["id"], organization=organization)

    read = api.get(f"/api/v1/customers/{customer.pk}")
    assert read.json()["name"] == "Liisa Laine"

    changed = api.patch(f"/api/v1/customers/{customer.pk}", {"phone": "040 765 4321"})
    assert changed.status_code == 200
    assert changed.json()["phone"] == "+358407654321"
    assert changed.json()["name"] == "Liisa Laine"
    # The change log names the key's own service identity as the actor.
    change = CustomerChange.objects.filter(customer=customer).first()
    assert change.actor.full_name == "API: Verkkokauppa"
    assert change.changes["phone"] == ["", "+358407654321"]


def test_bad_input_is_a_problem_naming_the_field(api):
    response = api.post("/api/v1/customers", {"name": "X", "email": "ei-osoite"})

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "email"
    assert "valid e-mail" in response.json()["detail"]

    missing = api.post("/api/v1/customers", {"email": "a@b.fi"})
    assert missing.status_code == 422
    assert missing.json()["field"] == "name"

    not_json = api.post("/api/v1/customers", "{nope", content_type="application/json")
    assert not_json.status_code in (400, 422)
    assert not_json["Content-Type"] == "application/problem+json"


def test_upsert_finds_the_customer_by_external_id_then_by_email(api, organization):
    first = api.post(
        "/api/v1/customers/upsert", {"name": "Olli", "external_id": "shop-17", "email": "o@x.fi"}
    )
    again = api.post("/api/v1/customers/upsert", {"name": "Olli Ostaja", "external_id": "shop-17"})
    by_email = api.post("/api/v1/customers/upsert", {"name": "Olli O.", "email": "O@x.fi"})

    assert (first.status_code, again.status_code, by_email.status_code) == (201, 200, 200)
    assert first.json()["id"] == again.json()["id"] == by_email.json()["id"]
    customer = Customer.objects.get(organization=organization, external_id="shop-17")
    assert customer.name == "Olli O."
    assert customer.email == "O@x.fi"


def test_list_pages_with_a_cursor_and_filters(api, organization, owner):
    for number in range(5):
        api.post(
            "/api/v1/customers",
            {"name": f"Asiakas {number}", "status": "churned" if number == 3 else "active"},
        )

    seen, cursor = [], None
    while True:
        page = api.get("/api/v1/customers", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [item["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"Asiakas {number}" for number in range(5)]
    churned = api.get("/api/v1/customers", {"status": "churned"}).json()["items"]
    assert [item["name"] for item in churned] == ["Asiakas 3"]
    bad = api.get("/api/v1/customers", {"cursor": "not-a-cursor"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "cursor"


def test_no_key_or_a_revoked_key_is_401(client, make_key, owner):
    from hymy.tenancy.models import Membership
    from hymy.tenancy.services import api_key_revoke

    assert client.get("/api/v1/customers").status_code == 401
    key, secret = make_key()
    assert client.get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert client.get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {secret}x").status_code == 401
    api_key_revoke(key=key, actor=Membership.objects.get(user=owner))
    response = client.get("/api/v1/customers", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_docs_and_the_schema_are_served_without_a_key(client):
    docs = client.get("/api/v1/docs")
    schema = client.get("/api/v1/openapi.json")

    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()
    assert schema.json()["info"]["title"] == "Hymy API"
    assert schema.json()["components"]["securitySchemes"]["ApiKeyAuth"]["scheme"] == "bearer"


def test_problems_speak_finnish_when_asked(api):
    response = api.get("/api/v1/customers/2000000000", HTTP_ACCEPT_LANGUAGE="fi")

    assert response.status_code == 404
    assert response.json()["detail"] == "Tässä organisaatiossa ei ole tällaista kohdetta."
