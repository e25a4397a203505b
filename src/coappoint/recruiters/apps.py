"""Django configuration for community recruiters."""

from django.apps import AppConfig


class RecruitersConfig(AppConfig):
    name = "coappoint.recruiters"
    label = "recruiters"
