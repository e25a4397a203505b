"""Django configuration for forgetting: what goes when a retention period ends."""

from django.apps import AppConfig


class ForgettingConfig(AppConfig):
    name = "coappoint.forgetting"
    label = "forgetting"
