from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "hymy.demo"
    label = "demo"
