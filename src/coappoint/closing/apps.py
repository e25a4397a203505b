"""Django configuration for closing."""

from django.apps import AppConfig


class ClosingConfig(AppConfig):
    name = "coappoint.closing"
    label = "closing"
