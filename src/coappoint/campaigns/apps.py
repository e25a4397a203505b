"""Django configuration for campaigns."""

from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "coappoint.campaigns"
    label = "campaigns"
