"""Django configuration for the demo loader."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coappoint.demo"
    label = "demo"
