"""Django configuration for decisions."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "coappoint.decisions"
    label = "decisions"
