"""Candidates addresses: a campaign's candidates for staff, and a candidate's own answers."""

from django.urls import path

from coappoint.candidates import views

app_name = "candidates"
_campaign = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/"
urlpatterns = [
    path(f"{_campaign}candidates/", views.candidate_list, name="list"),
    path(f"{_campaign}candidates/add/", views.candidate_add, name="add"),
    path(
        f"{_campaign}candidates/<int:candidate_id>/change/",
        views.candidate_change,
        name="change",
    ),
    path(f"{_campaign}candidates/import/", views.candidate_import, name="import"),
    path(
        f"{_campaign}candidates/import/jobs/<int:job_id>/",
        views.candidate_import_job,
        name="import_job",
    ),
    path(
        f"{_campaign}candidates/import/example.csv",
        views.candidate_import_example,
        name="import_example",
    ),
    path(
        f"{_campaign}candidates/import/check/",
        views.candidate_import_preview,
        name="import_preview",
    ),
    path(f"{_campaign}candidates/invite/", views.candidate_invite, name="invite"),
    path(
        f"{_campaign}candidates/put-on-the-day/",
        views.candidate_put_on_the_day,
        name="put_on_the_day",
    ),
    path(f"{_campaign}candidates/adjustments/", views.adjustment_list, name="adjustments"),
    path(f"{_campaign}candidates/equality/", views.equality_summary, name="equality"),
    path("candidate/adjustments/", views.my_adjustments, name="my_adjustments"),
    path("candidate/equality/", views.my_equality_monitoring, name="my_equality_monitoring"),
]
