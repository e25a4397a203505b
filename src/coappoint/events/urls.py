"""Event addresses."""

from django.urls import path

from coappoint.events import views

app_name = "events"
urlpatterns = [
    path("o/<slug:organisation_slug>/events/<int:event_id>/", views.detail, name="detail"),
    path("candidate/", views.candidate_home, name="candidate_home"),
]
