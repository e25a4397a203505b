"""Django configuration for passwordless sign-in."""

from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "coappoint.signin"
    label = "signin"
