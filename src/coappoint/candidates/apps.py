"""Django configuration for candidates."""

from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "coappoint.candidates"
    label = "candidates"
