"""Django configuration for the shared web shell."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coappoint.web"
    label = "web"

    def ready(self) -> None:
        from coappoint.web.govuk_rendering import use_cached_rendering

        use_cached_rendering()
