"""Addresses of the general pages."""

from django.urls import path

from coappoint.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("o/<slug:organisation_slug>/", views.organisation_home, name="organisation_home"),
    path("o/<slug:organisation_slug>/translations/", views.translations, name="translations"),
    path(
        "o/<slug:organisation_slug>/translations/<str:language>/",
        views.translation_review,
        name="translation_review",
    ),
    path(
        "o/<slug:organisation_slug>/privacy/",
        views.organisation_privacy,
        name="organisation_privacy",
    ),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
