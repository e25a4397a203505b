"""Campaign set-up addresses, including the programme and area pages it starts from."""

from django.urls import path

from coappoint.campaigns import views

app_name = "campaigns"

CAMPAIGN = "o/<slug:organisation_slug>/campaigns/<int:campaign_id>/"

urlpatterns = [
    path("o/<slug:organisation_slug>/campaigns/", views.campaign_list, name="list"),
    path(
        "o/<slug:organisation_slug>/programmes/new/",
        views.programme_create,
        name="programme_create",
    ),
    path("o/<slug:organisation_slug>/areas/new/", views.area_create, name="area_create"),
    path("o/<slug:organisation_slug>/vacancies/new/", views.vacancy_create, name="vacancy_create"),
    path("o/<slug:organisation_slug>/campaigns/new/", views.campaign_create, name="create"),
    path(CAMPAIGN, views.campaign_detail, name="detail"),
    path(CAMPAIGN + "stages/", views.stage_list, name="stages"),
    path(CAMPAIGN + "stages/new/<slug:kind>/", views.stage_add, name="stage_add"),
    path(CAMPAIGN + "stages/<int:stage_id>/", views.stage_change, name="stage_change"),
    path(CAMPAIGN + "stages/<int:stage_id>/remove/", views.stage_remove, name="stage_remove"),
    path(CAMPAIGN + "consensus-shift/", views.consensus_shift, name="consensus_shift"),
    path(CAMPAIGN + "rules/", views.rules_check, name="rules"),
    path(CAMPAIGN + "rules/locked/", views.rules_locked, name="rules_locked"),
]
