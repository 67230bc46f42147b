from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hymy.cases"
    verbose_name = "Cases"

    def ready(self):
        # The timeline sources register themselves; an attachment's file goes with its row.
        from . import events, signals  # noqa: F401
