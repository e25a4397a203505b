"""The service's addresses and `bench/trivial/`: the same middleware, no work in the view."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from coappoint.urls import urlpatterns as service_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/trivial/", trivial),
    *service_urlpatterns,
]
