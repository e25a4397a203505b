"""The service's addresses: each app brings its own."""

from django.contrib import admin
from django.urls import include, path

from coappoint.signin.views import choose_language

urlpatterns = [
    path("", include("coappoint.pages.urls")),
    path("", include("coappoint.accounts.urls")),
    path("", include("coappoint.staff.urls")),
    path("", include("coappoint.signin.urls")),
    path("", include("coappoint.campaigns.urls")),
    path("", include("coappoint.candidates.urls")),
    path("", include("coappoint.events.urls")),
    path("", include("coappoint.recruiters.urls")),
    path("", include("coappoint.timetables.urls")),
    path("", include("coappoint.timetables.screen_urls")),
    path("", include("coappoint.codesign.board_urls")),
    path("", include("coappoint.codesign.urls")),
    path("", include("coappoint.scoring.urls")),
    path("", include("coappoint.facilitation.urls")),
    path("", include("coappoint.deliberation.urls")),
    path("", include("coappoint.interviews.urls")),
    path("", include("coappoint.decisions.urls")),
    path("", include("coappoint.closing.urls")),
    path("", include("coappoint.panels.urls")),
    path("", include("coappoint.audit.urls")),
    path("", include("coappoint.notify.urls")),
    path("", include("coappoint.housekeeping.urls")),
    path("", include("coappoint.retention.urls")),
    path("", include("coappoint.subject_access.urls")),
    path("", include("coappoint.forgetting.urls")),
    path("language/", choose_language, name="set_language"),
    path("support/admin/", admin.site.urls),
]
