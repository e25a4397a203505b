"""Django configuration for long work done by the task worker."""

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "coappoint.jobs"
    label = "jobs"
