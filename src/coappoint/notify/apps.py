"""Django configuration for notifications."""

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "coappoint.notify"
    label = "notify"
