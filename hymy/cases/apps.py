from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hymy.cases"
    verbose_name = "Cases"

    def ready(self):
        from . import events  # noqa: F401  (registers the timeline sources)
