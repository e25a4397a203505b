"""Panel addresses: a day's panel and the area's figures, the equality report, and a recruiter's
own equality answers."""

from django.urls import path

from coappoint.panels import views

app_name = "panels"
EVENT = "o/<slug:organisation_slug>/events/<int:event_id>/panel/"
CAMPAIGN = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/"
PROGRAMME = "o/<slug:organisation_slug>/programmes/<int:programme_id>/"
urlpatterns = [
    path(EVENT, views.panel, name="panel"),
    path(EVENT + "draw/", views.draw, name="draw"),
    path(
        EVENT + "draws/<int:draw_id>/replace/<int:recruiter_id>/",
        views.replace,
        name="replace",
    ),
    path(EVENT + "figures/", views.figures, name="figures"),
    path(EVENT + "figures/import/", views.figures_import, name="figures_import"),
    path(EVENT + "figures/example.csv", views.figures_example, name="figures_example"),
    path(CAMPAIGN + "equality-report/", views.campaign_report, name="campaign_report"),
    path(CAMPAIGN + "equality-report.csv", views.campaign_report_csv, name="campaign_report_csv"),
    path(PROGRAMME + "equality-report/", views.programme_report, name="programme_report"),
    path(
        PROGRAMME + "equality-report.csv", views.programme_report_csv, name="programme_report_csv"
    ),
    path(
        "recruiter/equality-monitoring/",
        views.my_equality_monitoring,
        name="my_equality_monitoring",
    ),
]
