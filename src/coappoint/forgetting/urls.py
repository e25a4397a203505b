"""Retention addresses."""

from django.urls import path

from coappoint.forgetting import views

app_name = "forgetting"
urlpatterns = [
    path(
        "o/<slug:organisation_slug>/retention/", views.retention_preview, name="retention_preview"
    ),
]
