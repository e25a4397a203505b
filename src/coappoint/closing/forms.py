"""Forms for closing the loop: a message's text, feedback's text, a payment's reference."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

APPROVE = "approve"
SAVE = "save"


class MessageForm(forms.Form):
    """The subject and text of a message; the button pressed says whether it is approved."""

    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={
            "required": _("Enter the subject"),
            "max_length": _("Subject must be 200 characters or fewer"),
        },
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={
            "required": _("Enter the message"),
            "max_length": _("Message must be 10,000 characters or fewer"),
        },
    )


class ThanksPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment or voucher reference (optional)"),
        help_text=_("For example the payment run number or the voucher code's last digits."),
        required=False,
        max_length=100,
        error_messages={"max_length": _("Reference must be 100 characters or fewer")},
    )
