"""The import pages: upload, mapping and preview, dry run, confirm, rejected rows as a file, undo;
who may use them, and that another organisation's imports cannot be reached."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hymy.customers.models import Customer
from hymy.imports import services
from hymy.imports.models import ImportJob, ImportMapping
from hymy.tenancy.choices import Role
from hymy.tenancy.permissions import IMPORT_DATA, ROLE_PERMISSIONS, role_can

from .files import FINNISH_CUSTOMERS, FINNISH_PURCHASES, MIXED_ROWS, finnish_excel_csv, utf8_bom_csv

ROWS_WITH_FORMULA = [
    ["Nimi", "Sähköposti"],
    ["Hyvä Asiakas", "hyva@example.fi"],
    ['=HYPERLINK("http://evil")', "ei-osoite"],
]


def upload(client, content: bytes, name: str, kind: str = "customers"):
    return client.post("/o/aurinko/imports/new/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


def mapping_post(job, **changes) -> dict:
    data = {f"column_{column}": field for column, field in job.mapping.items()}
    data.update(match_by=["external_id", "email", "phone"], on_match="update", if_bad_rows="good", check="1")
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_upload_shows_the_guessed_mapping_and_a_preview_with_problems(owner_client, organization):
    response = upload(owner_client, utf8_bom_csv(MIXED_ROWS), "sekalainen.csv")
    job = ImportJob.objects.get(organization=organization)
    assert response.status_code == 302 and response["Location"] == f"/o/aurinko/imports/{job.pk}/"

    page = owner_client.get(response["Location"])

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["form"]["column_1"].value() == "email"
    assert page.context["form"]["column_3"].value() in ("", None)  # "date of birth": no such field
    assert "Enter a valid e-mail address, like name@example.fi." in html
    assert "The name is missing." in html
    assert ImportJob.objects.get(pk=job.pk).status == "mapping"  # nothing checked or written yet
    assert not Customer.objects.filter(organization=organization).exists()


def test_an_unreadable_file_is_refused_with_a_reason(owner_client, organization):
    response = upload(owner_client, b"", "tyhja.csv")

    assert response.status_code == 400
    assert "The file is empty." in response.content.decode() or response.context["form"].errors["file"]
    assert not ImportJob.objects.exists()


def test_dry_run_then_import_good_rows_then_download_rejected(
    owner_client, organization, django_capture_on_commit_callbacks
):
    upload(owner_client, finnish_excel_csv(ROWS_WITH_FORMULA), "kaava.csv")
    job = ImportJob.objects.get(organization=organization)

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/o/aurinko/imports/{job.pk}/", mapping_post(job))
    response = owner_client.get(f"/o/aurinko/imports/{job.pk}/")
    job.refresh_from_db()
    assert (job.status, job.valid_rows, job.rejected_count) == ("validated", 1, 1)
    assert "Nothing has been written yet." in response.content.decode()
    assert not Customer.objects.filter(organization=organization).exists()

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/o/aurinko/imports/{job.pk}/start/")
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 1)
    assert Customer.objects.get(organization=organization).name == "Hyvä Asiakas"

    download = owner_client.get(f"/o/aurinko/imports/{job.pk}/rejected/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=","))
    assert rows[0] == ["Row", "Nimi", "Sähköposti", "Problems"]
    assert rows[1][:3] == ["3", '\'=HYPERLINK("http://evil")', "ei-osoite"]  # formula neutralised
    assert "E-mail: Enter a valid e-mail address" in rows[1][3]

    workbook = openpyxl.load_workbook(
        io.BytesIO(owner_client.get(f"/o/aurinko/imports/{job.pk}/rejected/", {"export": "xlsx"}).content)
    )
    assert workbook.active["B2"].value == '\'=HYPERLINK("http://evil")'


def test_the_mapping_is_remembered_for_the_next_file_with_the_same_columns(owner_client, organization):
    upload(owner_client, utf8_bom_csv(MIXED_ROWS), "first.csv")
    job = ImportJob.objects.get(organization=organization)
    # The user says the phone column is not to be imported, and "date of birth" goes into needs and wishes.
    owner_client.post(
        f"/o/aurinko/imports/{job.pk}/",
        mapping_post(job, column_2="", column_3="needs_and_wishes", check=None),
    )
    assert ImportMapping.objects.filter(organization=organization, kind="customers").count() == 1

    reordered = [[row[3], row[2], row[1], row[0]] for row in MIXED_ROWS]
    upload(owner_client, utf8_bom_csv(reordered), "second.csv")

    second = ImportJob.objects.filter(organization=organization).latest("id")
    assert second.mapping == {"0": "needs_and_wishes", "2": "email", "3": "name"}


def test_all_or_nothing_offers_no_import_when_a_row_is_bad(
    owner_client, organization, django_capture_on_commit_callbacks
):
    upload(owner_client, utf8_bom_csv(MIXED_ROWS), "mixed.csv")
    job = ImportJob.objects.get(organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"/o/aurinko/imports/{job.pk}/", mapping_post(job, if_bad_rows="nothing"))
    page = owner_client.get(f"/o/aurinko/imports/{job.pk}/")

    assert "you chose to import nothing then" in page.content.decode()
    response = owner_client.post(f"/o/aurinko/imports/{job.pk}/start/", follow=True)
    assert "import nothing then" in response.content.decode()
    assert not Customer.objects.filter(organization=organization).exists()

    owner_client.post(f"/o/aurinko/imports/{job.pk}/cancel/")
    assert ImportJob.objects.get(pk=job.pk).status == "cancelled"


def test_progress_answers_for_the_progress_bar(owner_client, organization, owner):
    job = services.import_upload(
        organization=organization,
        actor=owner,
        kind="customers",
        file_name="a.csv",
        content=utf8_bom_csv(MIXED_ROWS),
    )

    answer = owner_client.get(f"/o/aurinko/imports/{job.pk}/progress/").json()

    assert answer == {
        "status": "mapping", "status_label": "Waiting for the column mapping", "processed": 0, "total": 6,
        "percent": 0, "busy": False,
    }  # fmt: skip


# --- who may import -----------------------------------------------------------------------------------


@pytest.fixture
def job(organization, owner):
    return services.import_upload(
        organization=organization,
        actor=owner,
        kind="customers",
        file_name="a.csv",
        content=utf8_bom_csv(MIXED_ROWS),
    )


PAGES = [
    ("import_list", "GET", False),
    ("import_create", "GET", False),
    ("import_detail", "GET", True),
    ("import_progress", "GET", True),
    ("import_rejected", "GET", True),
    ("import_cancel", "POST", True),
]


def test_every_import_page_is_in_the_matrix():
    from tests.conftest import organization_url_patterns

    names = {url.name for url in organization_url_patterns() if url.app == "imports/"}
    assert names == {name for name, _method, _pk in PAGES} | {"import_start", "import_undo"}


@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS))
@pytest.mark.parametrize(("name", "method", "takes_pk"), PAGES)
def test_only_owners_and_admins_import(role, name, method, takes_pk, members, job, client_for):
    client = client_for(members[role].user)
    kwargs = {"org_slug": "aurinko", **({"pk": job.pk} if takes_pk else {})}
    url = reverse(name, kwargs=kwargs)

    response = client.get(url) if method == "GET" else client.post(url)

    if role_can(role, IMPORT_DATA):
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 403
        assert ImportJob.objects.get(pk=job.pk).status == "mapping"
    assert role_can(role, IMPORT_DATA) == (role in (Role.OWNER, Role.ADMIN))


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_rejected", "import_start",
                                  "import_cancel", "import_undo"])  # fmt: skip
def test_another_organisations_import_is_404(name, owner_client, other, organization):
    theirs = services.import_upload(
        organization=other.organization, actor=other.owner, kind="customers", file_name="kuu.csv",
        content=utf8_bom_csv(MIXED_ROWS),
    )  # fmt: skip
    url = reverse(name, kwargs={"org_slug": "aurinko", "pk": theirs.pk})

    get, post = owner_client.get(url), owner_client.post(url, {"check": "1", "column_0": "name"})

    assert get.status_code in (404, 405)
    assert post.status_code == 404
    assert ImportJob.objects.get(pk=theirs.pk).status == "mapping"


def test_the_preview_shows_each_cell_as_it_will_be_stored_beside_the_file_text(owner_client, organization):
    upload(owner_client, finnish_excel_csv(FINNISH_CUSTOMERS), "asiakkaat.csv")
    job = ImportJob.objects.get(organization=organization)

    preview = owner_client.get(f"/o/aurinko/imports/{job.pk}/").context["preview"]

    first = {cell["file"] or cell["stored"]: cell for cell in preview[0]["cells"]}
    assert first["040 123 4567"]["stored"] == "+358 40 1234567"
    assert first["suomi"]["stored"] == "Finnish"
    assert first["kyllä"]["stored"] == "Yes"
    assert first["00100"] == {"stored": "00100", "file": "", "problem": None}  # stored as written


def test_the_purchase_preview_shows_amounts_and_dates_as_stored(owner_client, organization):
    upload(owner_client, finnish_excel_csv(FINNISH_PURCHASES), "tilaukset.csv", kind="purchases")
    job = ImportJob.objects.get(organization=organization)

    page = owner_client.get(f"/o/aurinko/imports/{job.pk}/")

    stored = [cell["stored"] for cell in page.context["preview"][0]["cells"]]
    assert "1,234.50" in stored
    assert "in the file: 1 234,50" in page.content.decode()
