"""Staff sign-in with email and password, and sign-out for everyone."""

from __future__ import annotations

from django.contrib.auth import logout
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coappoint.accounts.forms import StaffSignInForm


class StaffSignInView(LoginView):
    form_class = StaffSignInForm
    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: StaffSignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        response.status_code = 400
        return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out staff and participants alike: the whole session is ended."""
    logout(request)
    if request.POST.get("timed_out"):
        # The timeout warning's own sign-out, when the idle time ran out.
        return redirect("staff:signed_out")
    return redirect("pages:home")
