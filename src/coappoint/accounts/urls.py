"""Staff sign-in addresses."""

from django.urls import path

from coappoint.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.StaffSignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
