"""Addresses of the day's screens: the projector's big screen and the recruiter's now and next."""

from django.urls import path

from coappoint.timetables import screens, views

app_name = "screens"
EVENT = "o/<slug:organisation_slug>/events/<int:event_id>/"
urlpatterns = [
    path(f"{EVENT}big-screen/", screens.big_screen, name="big_screen"),
    path(f"{EVENT}big-screen/live/", screens.big_screen_live, name="big_screen_live"),
    path("recruiter/conversations/", views.recruiter_conversations, name="recruiter_conversations"),
    path("recruiter/now-next/", views.now_next, name="now_next"),
    path("recruiter/withdraw/", views.withdraw, name="withdraw"),
]
