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
