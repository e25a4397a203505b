"""Interviews addresses: the campaign's formal interview, under the campaign's own address."""

from django.urls import URLPattern, URLResolver, path

from coappoint.interviews import views

app_name = "interviews"
INTERVIEW = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/interview/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("o/<slug:organisation_slug>/interviews/", views.campaign_list, name="campaign_list"),
    path(INTERVIEW, views.overview, name="overview"),
    path(INTERVIEW + "questions/", views.question_list, name="questions"),
    path(INTERVIEW + "questions/new/", views.question_add, name="question_add"),
    path(INTERVIEW + "questions/<int:question_id>/", views.question_change, name="question_change"),
    path(INTERVIEW + "panel/", views.panel, name="panel"),
    path(INTERVIEW + "candidates/", views.candidate_contacts, name="candidates"),
    path(INTERVIEW + "conflicts/", views.conflicts, name="conflicts"),
    path(INTERVIEW + "candidates/<int:candidate_id>/score/", views.sheet, name="sheet"),
    path(INTERVIEW + "close/", views.close, name="close"),
    path(
        INTERVIEW + "candidates/<int:candidate_id>/attendance/<str:action>/",
        views.attendance,
        name="attendance",
    ),
    path(INTERVIEW + "scores/", views.scores, name="scores"),
    path(INTERVIEW + "candidates/<int:candidate_id>/agreed/", views.agreed, name="agreed"),
]
