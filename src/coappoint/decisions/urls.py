"""Decisions addresses: the campaign's outcome, its decision and exports."""

from django.urls import URLPattern, URLResolver, path

from coappoint.decisions import views

app_name = "decisions"
OUTCOME = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/outcome/"
urlpatterns: list[URLPattern | URLResolver] = [
    path(OUTCOME, views.outcome, name="outcome"),
    path(OUTCOME + "decision/", views.decide, name="decide"),
    path(OUTCOME + "decision-record.json", views.export_json, name="export_json"),
    path(OUTCOME + "decision-record.pdf", views.export_pdf, name="export_pdf"),
    path(OUTCOME + "decision-record.xlsx", views.export_xlsx, name="export_xlsx"),
]
