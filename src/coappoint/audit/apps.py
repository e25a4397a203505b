"""Django configuration for the audit log."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "coappoint.audit"
    label = "audit"
