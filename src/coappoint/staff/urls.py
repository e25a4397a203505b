"""Staff accounts' addresses."""

from django.urls import path

from coappoint.staff import views

app_name = "staff"
urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("invitation-password/", views.invitation_password, name="invitation_password"),
    path("o/<slug:organisation_slug>/team/", views.team, name="team"),
    path("o/<slug:organisation_slug>/team/invite/", views.invite, name="invite"),
    path("o/<slug:organisation_slug>/team/<int:user_id>/", views.member, name="member"),
    path(
        "o/<slug:organisation_slug>/team/<int:user_id>/remove/",
        views.remove_access,
        name="remove_access",
    ),
    path(
        "o/<slug:organisation_slug>/team/<int:user_id>/reset-two-factor/",
        views.reset_two_factor,
        name="reset_two_factor",
    ),
    path(
        "o/<slug:organisation_slug>/team/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("two-factor/set-up/", views.two_factor_set_up, name="two_factor_set_up"),
    path("two-factor/", views.two_factor_check, name="two_factor_check"),
    path("account/", views.account, name="account"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/keep-alive/", views.keep_alive, name="keep_alive"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("signed-out-everywhere/", views.signed_out_everywhere, name="signed_out_everywhere"),
    path("reset-password/", views.PasswordResetView.as_view(), name="password_reset"),
    path("reset-password/sent/", views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "reset-password/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset-password/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("support/organisations/new/", views.organisation_create, name="organisation_create"),
]
