"""Subject-access addresses: an organisation's requests for staff, and a candidate's own
equality answers behind the link sent to them."""

from django.urls import path

from coappoint.subject_access import views

app_name = "subject_access"
_base = "o/<slug:organisation_slug>/subject-access/"
_one = _base + "<int:request_id>/"
urlpatterns = [
    path(_base, views.request_list, name="list"),
    path(_base + "start/", views.request_start, name="start"),
    path(_one, views.request_detail, name="detail"),
    path(_one + "identity/", views.identity_check, name="identity_check"),
    path(_one + "bundle.zip", views.bundle, name="bundle"),
    path(_one + "equality-link/", views.equality_link, name="equality_link"),
    path(_one + "correct/", views.rectify, name="rectify"),
    path(_one + "erase/", views.erase, name="erase"),
    path(_one + "close/", views.close, name="close"),
    path(
        "subject-access/your-equality-answers/<str:token>/",
        views.equality_answers,
        name="equality_answers",
    ),
]
