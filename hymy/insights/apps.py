from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "hymy.insights"
    label = "insights"
