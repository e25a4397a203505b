"""Django configuration for the general pages."""

from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "coappoint.pages"
    label = "pages"
