from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hymy.api"
    label = "api"
