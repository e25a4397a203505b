"""Codesign addresses: the recruiter's phone pages and the facilitator's pages."""

from django.urls import URLPattern, URLResolver, path

from coappoint.codesign import views

app_name = "codesign"
CODESIGN = "o/<slug:organisation_slug>/events/<int:event_id>/co-design/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("recruiter/co-design/", views.recruiter_codesign, name="recruiter_codesign"),
    path("recruiter/co-design/quality/", views.propose_quality, name="propose_quality"),
    path("recruiter/co-design/local-insight/", views.share_insight, name="share_insight"),
    path("recruiter/co-design/dots/", views.dots, name="dots"),
    path("recruiter/notes/", views.notes, name="notes"),
    path("recruiter/notes/<int:candidate_id>/", views.candidate_notes, name="candidate_notes"),
    path(CODESIGN, views.overview, name="overview"),
    path(CODESIGN + "add/", views.add_proposal, name="add_proposal"),
    path(CODESIGN + "merge/<str:kind>/", views.merge, name="merge"),
    path(CODESIGN + "dot-voting/", views.voting, name="voting"),
    path(CODESIGN + "criteria/", views.criteria, name="criteria"),
    path(CODESIGN + "criteria/choose/", views.choose_qualities, name="choose_qualities"),
    path(CODESIGN + "criteria/word/", views.word_criteria_view, name="word_criteria"),
    path(CODESIGN + "local-insights/", views.insights, name="insights"),
    path(CODESIGN + "local-insights.pdf", views.insights_pdf, name="insights_pdf"),
    path(CODESIGN + "mingling-notes/", views.observations, name="observations"),
]
