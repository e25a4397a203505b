"""Django configuration for staff accounts."""

from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "coappoint.staff"
    label = "staff"
