"""Django configuration for facilitation."""

from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "coappoint.facilitation"
    label = "facilitation"
