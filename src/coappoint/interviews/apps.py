"""Django configuration for interviews."""

from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "coappoint.interviews"
    label = "interviews"
