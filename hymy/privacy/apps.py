from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "hymy.privacy"
    verbose_name = _("Personal data")

    def ready(self):
        # Every app declares its personal data in its own `privacy.py`, next to its models.
        autodiscover_modules("privacy")
