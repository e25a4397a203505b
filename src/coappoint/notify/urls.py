"""Notify addresses."""

from django.urls import path

from coappoint.notify import views

app_name = "notify"
urlpatterns = [
    path("o/<slug:organisation_slug>/outbox/", views.outbox, name="outbox"),
    path("notify/delivery-receipts/", views.delivery_receipt, name="delivery_receipt"),
]
