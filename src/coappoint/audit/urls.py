"""Audit log addresses."""

from django.urls import path

from coappoint.audit import views

app_name = "audit"
urlpatterns = [
    path("o/<slug:organisation_slug>/audit/", views.audit_list, name="list"),
]
