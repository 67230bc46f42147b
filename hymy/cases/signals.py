"""An attachment's file goes with its row, however the row is deleted (a case's erasure deletes
attachments with one queryset delete, which skips `Model.delete`)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import CaseAttachment


@receiver(post_delete, sender=CaseAttachment)
def attachment_file_delete(sender, instance: CaseAttachment, **kwargs) -> None:
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        # Only once the deletion is committed: a rolled-back erasure keeps the file.
        transaction.on_commit(lambda: storage.delete(name))
