from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "hymy.imports"
    label = "imports"
