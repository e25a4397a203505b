"""Recruiter addresses."""

from django.urls import path

from coappoint.recruiters import views

app_name = "recruiters"
urlpatterns = [
    path("recruiter/", views.home, name="home"),
]
