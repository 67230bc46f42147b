from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hymy.core"
    label = "core"
