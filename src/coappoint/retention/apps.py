"""Django configuration for retention periods."""

from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "coappoint.retention"
    label = "retention"
