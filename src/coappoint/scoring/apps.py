"""Django configuration for scoring."""

from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "coappoint.scoring"
    label = "scoring"
