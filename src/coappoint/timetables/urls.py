"""Timetable addresses: the page, its print views as PDF, and the facilitator's screen."""

from django.urls import path

from coappoint.timetables import views

app_name = "timetables"
prefix = "o/<slug:organisation_slug>/events/<int:event_id>/timetable/"
run = "o/<slug:organisation_slug>/events/<int:event_id>/run/"
urlpatterns = [
    path(prefix, views.timetable, name="timetable"),
    path(f"{prefix}print/timetable.pdf", views.timetable_pdf, name="timetable_pdf"),
    path(f"{prefix}print/recruiters.pdf", views.recruiter_cards_pdf, name="recruiter_cards_pdf"),
    path(
        f"{prefix}print/recruiters/<int:recruiter_id>.pdf",
        views.recruiter_cards_pdf,
        name="recruiter_card_pdf",
    ),
    path(f"{prefix}print/tables.pdf", views.table_cards_pdf, name="table_cards_pdf"),
    path(f"{prefix}print/tables/<int:table>.pdf", views.table_cards_pdf, name="table_card_pdf"),
    path(run, views.run, name="run"),
    path(f"{run}live/", views.run_live, name="run_live"),
    path(f"{run}rotation/<str:action>/", views.rotation_control, name="rotation_control"),
    path(f"{run}attendance/<str:kind>/", views.record_attendance, name="record_attendance"),
    path(f"{run}nudge/<int:recruiter_id>/", views.nudge, name="nudge"),
]
