"""Django configuration for organisations."""

from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "coappoint.organisations"
    label = "organisations"
