"""Timetable addresses."""

from django.urls import URLPattern, URLResolver

app_name = "timetables"
urlpatterns: list[URLPattern | URLResolver] = []
