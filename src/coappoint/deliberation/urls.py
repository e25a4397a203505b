"""Deliberation addresses."""

from django.urls import URLPattern, URLResolver

app_name = "deliberation"
urlpatterns: list[URLPattern | URLResolver] = []
