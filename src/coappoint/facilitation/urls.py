"""The facilitator's screen on the day: the page, its live part, and what its buttons post to."""

from django.urls import path

from coappoint.facilitation import views

app_name = "facilitation"
run = "o/<slug:organisation_slug>/events/<int:event_id>/run/"
urlpatterns = [
    path(run, views.run, name="run"),
    path(f"{run}live/", views.run_live, name="run_live"),
    path(f"{run}lists/", views.run_lists, name="run_lists"),
    path(f"{run}rotation/<str:action>/", views.rotation_control, name="rotation_control"),
    path(f"{run}attendance/<str:kind>/", views.record_attendance, name="record_attendance"),
    path(f"{run}better-plan/<str:action>/", views.better_plan, name="better_plan"),
    path(f"{run}nudge/<int:recruiter_id>/", views.nudge, name="nudge"),
]
