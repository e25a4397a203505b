"""Recruiter addresses: the public sign-up link and its short address (/join/ABCD-2345), the
recruiter's own pages, and staff pages."""

from django.urls import path, re_path

from coappoint.recruiters import views

app_name = "recruiters"
EVENT = "o/<slug:organisation_slug>/events/<int:event_id>/"
urlpatterns = [
    path("sign-up/<str:slug>/", views.sign_up, name="sign_up"),
    # The short address on the poster: printed without a trailing slash, and found with one.
    path("join/", views.join_start, name="join_start"),
    re_path(r"^join/(?P<code>[^/]+)/?$", views.join, name="join"),
    path("recruiter/", views.home, name="home"),
    path("recruiter/your-sign-in-code/", views.your_code, name="your_code"),
    path("recruiter/your-details/", views.your_details, name="your_details"),
    path("recruiter/confidentiality/", views.confidentiality, name="confidentiality"),
    path("recruiter/equal-opportunities/", views.equal_opportunities, name="equal_opportunities"),
    path(
        "recruiter/candidates-you-know/",
        views.candidates_you_know,
        name="candidates_you_know",
    ),
    path("recruiter/check-in/", views.check_in_page, name="check_in"),
    path("recruiter/check-in/confirm/", views.confirm_day, name="confirm_day"),
    path("recruiter/service-worker.js", views.service_worker, name="service_worker"),
    path("recruiter/offline/", views.offline, name="offline"),
    path("recruiter/sealed/", views.sealed_submission, name="sealed_submission"),
    path(EVENT + "check-ins/", views.event_check_ins, name="event_check_ins"),
    path(
        EVENT + "check-ins/<int:recruiter_id>/",
        views.check_in_on_behalf,
        name="check_in_on_behalf",
    ),
    path(EVENT + "recruiters/", views.event_recruiters, name="event_recruiters"),
    path(EVENT + "access-and-catering/", views.access_and_catering, name="access_and_catering"),
    path(
        EVENT + "access-and-catering.pdf",
        views.access_and_catering_pdf,
        name="access_and_catering_pdf",
    ),
    path(EVENT + "recruiters/add/", views.add_at_the_door, name="add_at_the_door"),
    path(
        EVENT + "recruiters/<int:recruiter_id>/change/",
        views.recruiter_change,
        name="recruiter_change",
    ),
    path(
        EVENT + "recruiters/<int:recruiter_id>/thanks/",
        views.recruiter_thanks,
        name="recruiter_thanks",
    ),
    path(EVENT + "sign-up-link/", views.sign_up_link, name="sign_up_link"),
    path(EVENT + "sign-up-link/poster.pdf", views.sign_up_poster, name="sign_up_poster"),
    path(EVENT + "candidate-list/publish/", views.publish_candidates, name="publish_candidates"),
    path("recruiter/nudges/", views.nudges, name="nudges"),
    path("recruiter/nudges/<int:nudge_id>/seen/", views.nudge_seen, name="nudge_seen"),
]
