"""Timetable addresses: the page and its print views as PDF."""

from django.urls import path

from coappoint.timetables import views

app_name = "timetables"
prefix = "o/<slug:organisation_slug>/events/<int:event_id>/timetable/"
urlpatterns = [
    path(
        "o/<slug:organisation_slug>/events/<int:event_id>/recruiters/<int:recruiter_id>/withdraw/",
        views.recruiter_withdraw,
        name="recruiter_withdraw",
    ),
    path(prefix, views.timetable, name="timetable"),
    path(f"{prefix}jobs/<int:job_id>/", views.timetable_job, name="timetable_job"),
    path(f"{prefix}print/timetable.pdf", views.timetable_pdf, name="timetable_pdf"),
    path(f"{prefix}print/recruiters.pdf", views.recruiter_cards_pdf, name="recruiter_cards_pdf"),
    path(
        f"{prefix}print/recruiters/<int:recruiter_id>.pdf",
        views.recruiter_cards_pdf,
        name="recruiter_card_pdf",
    ),
    path(f"{prefix}print/tables.pdf", views.table_cards_pdf, name="table_cards_pdf"),
    path(f"{prefix}print/tables/<int:table>.pdf", views.table_cards_pdf, name="table_card_pdf"),
]
