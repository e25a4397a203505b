"""The form staff send a recruiter their own sign-in with (never shown to staff themselves)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SendSignInForm(forms.Form):
    """Send a recruiter their own sign-in by email; a reason is needed once they have signed in.

    Whoever holds a new sign-in can act as the recruiter, so a reissue says why; the reason is
    shown beside the recruiter on the staff list and kept in the audit log.
    """

    reason = forms.CharField(
        label=_("Why do they need a new sign-in?"),
        help_text=_(
            "They have signed in before. For example: they lost their phone, or the email did "
            "not arrive. The reason is shown on the list of recruiters and kept in the audit log."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why they need a new sign-in"),
            "max_length": _("The reason must be 500 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not reason_required:
            del self.fields["reason"]

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(self.fields["reason"].error_messages["required"])
        return reason

    def given_reason(self) -> str:
        """The reason typed (empty when none was asked for)."""
        return str(self.cleaned_data.get("reason", ""))


class CorrectAddressForm(forms.Form):
    """Where a message that did not arrive should go instead: an email address or a phone."""

    def __init__(self, *args: Any, channel: str, initial_address: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.channel = channel
        if channel == "sms":
            self.fields["address"] = forms.CharField(
                label=_("Mobile phone number"),
                help_text=_("For example, 07700 900 982 or +44 7700 900 982"),
                max_length=30,
                initial=initial_address,
                error_messages={"required": _("Enter a mobile phone number")},
            )
        else:
            self.fields["address"] = forms.EmailField(
                label=_("Email address"),
                help_text=_("For example, name@example.com"),
                max_length=254,
                initial=initial_address,
                error_messages={
                    "required": _("Enter an email address"),
                    "invalid": _(
                        "Enter an email address in the correct format, like name@example.com"
                    ),
                },
            )

    def clean_address(self) -> str:
        address = str(self.cleaned_data["address"]).strip()
        if self.channel == "sms":
            digits = "".join(character for character in address if character.isdigit())
            allowed = set("0123456789+ ()-")
            if not set(address) <= allowed or not 10 <= len(digits) <= 15:
                raise forms.ValidationError(
                    _("Enter a mobile phone number, like 07700 900 982 or +44 7700 900 982")
                )
        return address
