"""Scoring addresses: the recruiter's private score sheets and the staff scoring pages."""

from django.urls import URLPattern, URLResolver, path

from coappoint.scoring import views

app_name = "scoring"
SCORING = "o/<slug:organisation_slug>/events/<int:event_id>/scoring/"
urlpatterns: list[URLPattern | URLResolver] = [
    path("recruiter/scores/", views.recruiter_sheets, name="recruiter_sheets"),
    path("recruiter/scores/<int:candidate_id>/", views.recruiter_sheet, name="recruiter_sheet"),
    path(SCORING, views.event_scoring, name="event_scoring"),
    path(SCORING + "conversations/", views.conversations, name="conversations"),
    path(SCORING + "close/", views.close, name="close"),
    path(SCORING + "spread/", views.spread, name="spread"),
    path(SCORING + "sheets/", views.named_sheets, name="named_sheets"),
    path(SCORING + "sheets.csv", views.named_sheets_csv, name="named_sheets_csv"),
    path(
        SCORING + "sheets/<int:recruiter_id>/<int:candidate_id>/correct/",
        views.correct_sheet,
        name="correct_sheet",
    ),
    path(
        SCORING + "paper/<int:recruiter_id>/<int:candidate_id>/",
        views.paper_sheet_entry,
        name="paper_sheet_entry",
    ),
    path(SCORING + "paper-sheets.pdf", views.paper_sheets_pdf, name="paper_sheets_pdf"),
    path(
        SCORING + "paper-sheets/<int:recruiter_id>.pdf",
        views.paper_sheets_pdf,
        name="recruiter_paper_sheets_pdf",
    ),
]
