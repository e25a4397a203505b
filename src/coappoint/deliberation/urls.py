"""Deliberation addresses: the staff screen and consensus, and the recruiters' spread."""

from django.urls import URLPattern, URLResolver, path

from coappoint.deliberation import views

app_name = "deliberation"
DELIBERATION = "o/<slug:organisation_slug>/events/<int:event_id>/deliberation/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("recruiter/deliberation/", views.recruiter_spread, name="recruiter_spread"),
    path(
        "recruiter/deliberation/candidates/<int:candidate_id>/",
        views.recruiter_spread_candidate,
        name="recruiter_spread_candidate",
    ),
    path(DELIBERATION, views.screen, name="screen"),
    path(DELIBERATION + "settings/", views.settings, name="settings"),
    path(DELIBERATION + "candidates/<int:candidate_id>/", views.candidate, name="candidate"),
    path(
        DELIBERATION + "candidates/<int:candidate_id>/consensus/",
        views.consensus,
        name="consensus",
    ),
    path(
        DELIBERATION + "candidates/<int:candidate_id>/consensus/<int:criterion_id>/",
        views.quality_consensus,
        name="quality_consensus",
    ),
]
