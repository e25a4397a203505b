"""Django configuration for panels."""

from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "coappoint.panels"
    label = "panels"
