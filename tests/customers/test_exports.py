"""The customer list as CSV and Excel: what the filters show, every page, in the member's scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hymy.customers import services
from tests.export_files import export_rows

LIST = "/o/aurinko/customers/"
HEADERS = [
    "Name",
    "Kind",
    "Company",
    "E-mail",
    "Phone",
    "Language",
    "Tags",
    "Status",
    "Feedback consent",
    "Marketing consent",
    "Created",
]
ATTACKER = "=cmd|' /C calc'!A0"


@pytest.fixture
def register(organization, owner, customer):
    """Maija (from the shared fixtures) and four more: a company, its employee, an attacker, a churned one."""
    company = services.customer_create(organization=organization, actor=owner, name="Hymy Oy", kind="company")
    services.customer_update(
        customer=customer, actor=owner, tags=["VIP", "Kanta-asiakas"], survey_consent=True,
        survey_consent_source="in_person",
    )  # fmt: skip
    services.customer_create(
        organization=organization, actor=owner, name="Tiina Työntekijä", company=company, language="sv",
        email="tiina@hymy.example",
    )  # fmt: skip
    services.customer_create(organization=organization, actor=owner, name=ATTACKER, email="x@evil.example")
    services.customer_create(organization=organization, actor=owner, name="Bob Smith", status="churned")
    return company


def test_csv_has_every_column_and_every_customer_not_just_one_page(owner_client, register, settings):
    settings.CUSTOMER_PAGE_SIZE = 2

    response = owner_client.get(LIST, {"export": "csv", "page": 2})

    today = timezone.localdate().isoformat()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="customers-aurinko-{today}.csv"'
    rows = export_rows(response)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == _page_names(owner_client, settings, {})
    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["'" + ATTACKER, "Bob Smith", "Hymy Oy", "Maija Meikäläinen", "Tiina Työntekijä"]
    )
    by_name = {row[0]: row for row in rows[1:]}
    maija = by_name["Maija Meikäläinen"]
    # A phone number starts with "+", which a spreadsheet would read as a formula: it is quoted too.
    assert maija[1:10] == [
        "Person", "", "maija@example.fi", "'+358 40 1234567", "Finnish", "Kanta-asiakas, VIP", "Active", "Yes", "No",
    ]  # fmt: skip
    assert by_name["Tiina Työntekijä"][1:3] == ["Person", "Hymy Oy"]
    assert by_name["Tiina Työntekijä"][5] == "Swedish"
    assert by_name["Bob Smith"][7] == "Churned"
    assert by_name["Hymy Oy"][1] == "Company"
    assert by_name["'" + ATTACKER][3] == "x@evil.example"


def _page_names(client, settings, filters) -> list[str]:
    """The names the list page shows for these filters, all on one page, as an export writes them."""
    settings.CUSTOMER_PAGE_SIZE, size = 1000, settings.CUSTOMER_PAGE_SIZE
    names = [customer.name for customer in client.get(LIST, filters).context["page"]]
    settings.CUSTOMER_PAGE_SIZE = size
    return ["'" + name if name.startswith("=") else name for name in names]


def test_xlsx_has_the_same_customers_with_real_types(owner_client, register, customer, settings):
    response = owner_client.get(LIST, {"export": "xlsx"})

    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="customers-aurinko-{today}.xlsx"'
    rows = export_rows(response)
    assert rows[0] == HEADERS
    assert [row[0] for row in rows[1:]] == _page_names(owner_client, settings, {})
    (maija,) = [row for row in rows[1:] if row[0] == "Maija Meikäläinen"]
    assert maija[4] == "'+358 40 1234567"
    assert maija[8:10] == [True, False]
    created = timezone.localtime(customer.created_at).replace(tzinfo=None, second=0, microsecond=0)
    assert isinstance(maija[10], datetime.datetime)
    assert maija[10].replace(second=0, microsecond=0) == created


@pytest.mark.parametrize(
    ("filters", "names"),
    [
        ({"kind": "company"}, ["Hymy Oy"]),
        ({"status": "churned"}, ["Bob Smith"]),
        ({"language": "sv"}, ["Tiina Työntekijä"]),
        ({"tag": "VIP"}, ["Maija Meikäläinen"]),
        ({"q": "hymy"}, ["Hymy Oy", "Tiina Työntekijä"]),
        ({"kind": "person", "status": "active"}, ["'" + ATTACKER, "Maija Meikäläinen", "Tiina Työntekijä"]),
        ({"q": "calc"}, ["'" + ATTACKER]),
        ({"q": "ei ketään"}, []),
    ],
)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_holds_exactly_the_filtered_customers(
    owner_client, register, settings, filters, names, file_format
):
    settings.CUSTOMER_PAGE_SIZE = 1

    rows = export_rows(owner_client.get(LIST, {**filters, "export": file_format}))

    assert rows[0] == HEADERS
    assert sorted(row[0] for row in rows[1:]) == sorted(names)
    assert [row[0] for row in rows[1:]] == _page_names(owner_client, settings, filters)


def test_export_follows_the_pages_order(owner_client, register):
    rows = export_rows(owner_client.get(LIST, {"export": "csv", "order": "-created_at"}))

    assert [row[0] for row in rows[1:]] == [
        "Bob Smith", "'" + ATTACKER, "Tiina Työntekijä", "Hymy Oy", "Maija Meikäläinen",
    ]  # fmt: skip


def test_list_page_links_to_both_exports_with_its_filters(owner_client, register, settings):
    settings.CUSTOMER_PAGE_SIZE = 2

    page = owner_client.get(LIST, {"kind": "person", "page": 2}).content.decode()

    assert 'href="?kind=person&amp;export=csv"' in page
    assert 'href="?kind=person&amp;export=xlsx"' in page


def test_partner_exports_only_the_customers_it_has_served(partner_client, register, delivery_customer):
    for file_format in ("csv", "xlsx"):
        rows = export_rows(partner_client.get(LIST, {"export": file_format}))

        assert [row[0] for row in rows[1:]] == ["Pekka Toimitus"]


def test_another_organisations_member_gets_404(client_for, other, register):
    for file_format in ("csv", "xlsx"):
        response = client_for(other.owner).get(LIST, {"export": file_format})

        assert response.status_code == 404
        assert "Content-Disposition" not in response


def test_signed_out_visitor_is_sent_to_sign_in(client, register):
    response = client.get(LIST, {"export": "csv"})

    assert response.status_code == 302
    assert "Content-Disposition" not in response


def test_unknown_format_is_a_bad_request(owner_client, register):
    assert owner_client.get(LIST, {"export": "pdf"}).status_code == 400


def test_export_reads_in_the_same_number_of_queries_for_few_and_many_customers(
    owner_client, register, organization, owner
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(LIST, {"export": "xlsx"}).status_code == 200
        return len(captured)

    few = queries()
    for number in range(30):
        services.customer_create(
            organization=organization, actor=owner, name=f"Asiakas {number}", company=register, tags=["VIP"]
        )

    assert queries() == few


def test_a_customers_change_history_downloads_one_row_per_changed_field(owner_client, owner, customer, other):
    services.customer_update(customer=customer, actor=owner, email="maija@uusi.example", tags=["VIP"])
    services.customer_update(customer=customer, actor=owner, name="=HYPERLINK(\"http://evil.example\")")
    page = owner_client.get(f"/o/aurinko/customers/{customer.pk}/").content.decode()
    assert "?export=csv" in page and "Change history" in page

    download = owner_client.get(f"/o/aurinko/customers/{customer.pk}/", {"export": "xlsx"})

    rows = export_rows(download)
    assert download["Content-Disposition"].startswith('attachment; filename="customer-changes-aurinko-')
    assert rows[0] == ["Customer", "When", "Who", "What", "Field", "Before", "After"]
    changed = [(row[3], row[4], row[5], row[6]) for row in rows[1:] if row[3] == "Updated"]
    assert changed == [
        ("Updated", "name", "Maija Meikäläinen", '\'=HYPERLINK("http://evil.example")'),
        ("Updated", "email", "maija@example.fi", "maija@uusi.example"),
        ("Updated", "tags", None, "VIP"),
    ]
    assert {row[0] for row in rows[1:]} == {'\'=HYPERLINK("http://evil.example")'}  # the name, neutralised
    assert {row[2] for row in rows[1:]} == {owner.full_name}
    assert [row[3] for row in rows[1:]][-1] == "Created"  # oldest last, as on the page


def test_the_change_history_download_is_not_for_partners_or_other_organisations(
    client_for, members, owner, customer, delivery_customer, other
):
    from hymy.tenancy.choices import Role

    services.customer_update(customer=customer, actor=owner, email="maija@uusi.example")
    partner = client_for(members[Role.PARTNER].user)

    mine, theirs = f"/o/aurinko/customers/{customer.pk}/", f"/o/aurinko/customers/{other.customer.pk}/"

    assert client_for(other.owner).get(mine, {"export": "csv"}).status_code == 404
    # Another organisation's customer through this organisation's address: not found.
    assert client_for(owner).get(theirs, {"export": "csv"}).status_code == 404
    # The partner sees the customer it served, but no change history, on the page or as a file.
    assert partner.get(f"/o/aurinko/customers/{delivery_customer.pk}/").status_code == 200
    assert partner.get(f"/o/aurinko/customers/{delivery_customer.pk}/", {"export": "csv"}).status_code == 403
