"""Erasing a customer scrubs their cases and deletes the files they sent (hymy/cases/privacy.py)."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from hymy.cases import services
from hymy.cases.models import Case, CaseAttachment, CaseEvent
from hymy.privacy import services as privacy_services


def test_erasure_scrubs_the_case_and_deletes_its_files(
    organization, owner, customer, open_case, commit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case = open_case(description="Maija Meikäläinen, kahvi oli kylmää.")
    services.case_note_add(case=case, actor=owner, body="Soitin Maijalle.")
    attachment = services.case_attachment_add(
        case=case, actor=owner, uploaded_file=SimpleUploadedFile("kuitti.txt", b"kuitti")
    )
    stored = Path(attachment.file.path)
    assert stored.exists()

    with commit():
        privacy_services.customer_erase(organization=organization, actor=owner, customer=customer)

    case = Case.objects.get(pk=case.pk)
    # The case stays on the customer's anonymous shell, so the recovery report keeps following it.
    assert case.customer_id == customer.pk and case.description == "" and "kylmää" not in case.title
    assert case.customer.email == "" and case.contact_email == ""
    assert not CaseEvent.objects.filter(case=case, body__contains="Maija").exists()
    assert not CaseAttachment.objects.filter(case=case).exists()
    assert not stored.exists()


def test_a_rolled_back_erasure_keeps_the_file(organization, owner, customer, open_case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case()
    attachment = services.case_attachment_add(
        case=case, actor=owner, uploaded_file=SimpleUploadedFile("kuitti.txt", b"kuitti")
    )

    attachment.delete()  # inside the test's transaction, which is never committed

    assert Path(attachment.file.path).exists()
