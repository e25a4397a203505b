"""Django configuration for housekeeping and health."""

from django.apps import AppConfig


class HousekeepingConfig(AppConfig):
    name = "coappoint.housekeeping"
    label = "housekeeping"
