"""Django configuration for subject-access requests."""

from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "coappoint.subject_access"
    label = "subject_access"
