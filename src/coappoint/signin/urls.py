"""Sign-in addresses for recruiters and candidates."""

from django.urls import path

from coappoint.signin import views

app_name = "signin"
urlpatterns = [
    path("sign-in/link/<str:token>/", views.link, name="link"),
    path("sign-in/code/", views.code, name="code"),
]

from coappoint.signin.staff_urls import urlpatterns as staff_urlpatterns  # noqa: E402

urlpatterns += staff_urlpatterns
