"""Closing addresses: under the campaign's own address, once a decision is recorded."""

from django.urls import URLPattern, URLResolver, path

from coappoint.closing import views

app_name = "closing"
CLOSING = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/closing/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(CLOSING, views.overview, name="overview"),
    path(CLOSING + "messages/send/", views.send, name="send"),
    path(CLOSING + "messages/<str:language>/", views.message, name="message"),
    path(CLOSING + "feedback/<int:candidate_id>/", views.feedback, name="feedback"),
    path(CLOSING + "feedback/<int:candidate_id>/send/", views.feedback_send, name="feedback_send"),
    path(CLOSING + "thanks/", views.thanks, name="thanks"),
    path(CLOSING + "thanks/<int:thanks_id>/paid/", views.thanks_paid, name="thanks_paid"),
]
