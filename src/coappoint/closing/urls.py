"""Closing addresses."""

from django.urls import URLPattern, URLResolver

app_name = "closing"
urlpatterns: list[URLPattern | URLResolver] = []
