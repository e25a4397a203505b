"""Django configuration for events."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "coappoint.events"
    label = "events"
