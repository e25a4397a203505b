"""Django configuration for staff accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coappoint.accounts"
    label = "accounts"
