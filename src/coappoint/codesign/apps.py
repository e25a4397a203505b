"""Django configuration for codesign."""

from django.apps import AppConfig


class CodesignConfig(AppConfig):
    name = "coappoint.codesign"
    label = "codesign"
