from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "hymy.journeys"
    label = "journeys"
