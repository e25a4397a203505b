"""django.contrib.admin with the audited site as its default (coappoint.audit.admin_site)."""

from django.contrib.admin.apps import AdminConfig


class SupportAdminConfig(AdminConfig):
    default_site = "coappoint.audit.admin_site.AuditedAdminSite"
