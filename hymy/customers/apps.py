from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "hymy.customers"
    label = "customers"

    def ready(self):
        from . import events  # noqa: F401  (registers the timeline sources)
