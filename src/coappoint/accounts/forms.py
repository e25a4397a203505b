"""The staff sign-in form, worded for GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class StaffSignInForm(AuthenticationForm):
    """Email and password. The field is still called `username` for django-axes."""

    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.gov.uk"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. After 5 wrong tries the account is "
            "locked for 30 minutes."
        ),
        "inactive": _("This account has been switched off. Ask your programme manager."),
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).lower()
