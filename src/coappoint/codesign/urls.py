"""Codesign addresses."""

from django.urls import URLPattern, URLResolver

app_name = "codesign"
urlpatterns: list[URLPattern | URLResolver] = []
