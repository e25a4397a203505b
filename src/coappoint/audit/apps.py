"""Django configuration for the audit log."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "coappoint.audit"
    label = "audit"

    def ready(self) -> None:
        from coappoint.audit import security_log
        from coappoint.audit.db import on_connection_created

        connection_created.connect(on_connection_created, dispatch_uid="coappoint.audit.db")
        security_log.connect()
