"""Addresses of the retention periods page (the forgetting preview lives at o/<org>/retention/)."""

from django.urls import path

from coappoint.retention import views

app_name = "retention"
urlpatterns = [
    path("o/<slug:organisation_slug>/retention/periods/", views.periods, name="periods"),
    path(
        "o/<slug:organisation_slug>/retention/periods/contact/",
        views.privacy_contact,
        name="privacy_contact",
    ),
]
