"""Event addresses."""

from django.urls import path

from coappoint.events import views

app_name = "events"
urlpatterns = [
    path("o/<slug:organisation_slug>/events/<int:event_id>/", views.detail, name="detail"),
    path("candidate/", views.candidate_home, name="candidate_home"),
    path("o/<slug:organisation_slug>/events/new/", views.event_new, name="event_new"),
    path(
        "o/<slug:organisation_slug>/events/<int:event_id>/plan/",
        views.event_plan_change,
        name="event_plan_change",
    ),
    path(
        "o/<slug:organisation_slug>/events/<int:event_id>/agenda/",
        views.agenda_change,
        name="agenda_change",
    ),
    path(
        "o/<slug:organisation_slug>/events/<int:event_id>/facilitators/",
        views.facilitators_change,
        name="facilitators_change",
    ),
]
