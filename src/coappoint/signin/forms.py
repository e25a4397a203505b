"""The access-code form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coappoint.signin.services import ACCESS_CODE_LENGTH, normalise_access_code


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        help_text=_(
            "8 letters and numbers, for example ABCD 2345. Your facilitator can give you one."
        ),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Enter your access code")},
    )

    def clean_code(self) -> str:
        code = normalise_access_code(self.cleaned_data["code"])
        if len(code) != ACCESS_CODE_LENGTH:
            raise forms.ValidationError(
                _("Enter the 8 letters and numbers of your access code, for example ABCD 2345")
            )
        return code
