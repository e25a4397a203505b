"""Staff addresses for issuing sign-in links and codes."""

from django.urls import path

from coappoint.signin import staff_views

urlpatterns = [
    path(
        "o/<slug:organisation_slug>/events/<int:event_id>/recruiters/<int:recruiter_id>/sign-in/",
        staff_views.recruiter_credentials,
        name="recruiter_credentials",
    ),
    path(
        "o/<slug:organisation_slug>/messages/not-delivered/",
        staff_views.failed_messages,
        name="failed_messages",
    ),
    path(
        "o/<slug:organisation_slug>/messages/<int:message_id>/resend/",
        staff_views.resend,
        name="resend_message",
    ),
]
