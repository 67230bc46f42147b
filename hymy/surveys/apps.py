from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "hymy.surveys"
    label = "surveys"

    def ready(self):
        from . import events  # noqa: F401  (registers the timeline sources)
