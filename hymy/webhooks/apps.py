from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "hymy.webhooks"
    label = "webhooks"
