from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "hymy.tenancy"
    label = "tenancy"
