"""Django configuration for timetables."""

from django.apps import AppConfig


class TimetablesConfig(AppConfig):
    name = "coappoint.timetables"
    label = "timetables"
