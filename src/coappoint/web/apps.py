"""Django configuration for the shared web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coappoint.web"
    label = "web"
