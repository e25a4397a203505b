"""Housekeeping's address: /health/ for load balancers."""

from django.urls import path

from coappoint.housekeeping import views

app_name = "housekeeping"
urlpatterns = [
    path("health/", views.health, name="health"),
]
