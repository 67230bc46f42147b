from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyRequestKind(models.TextChoices):
    EXPORT = "export", _("Data request (export)")
    ERASURE = "erasure", _("Erasure")
    RETENTION = "retention", _("Retention anonymisation")
