"""Django configuration for deliberation."""

from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "coappoint.deliberation"
    label = "deliberation"
