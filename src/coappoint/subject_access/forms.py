"""The forms of a subject-access request: finding the person, the identity check, notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coappoint.subject_access.models import IdentityCheck, PersonKind

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class FindPersonForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email address of the person"),
        help_text=_("Searches this organisation's candidates and community recruiters"),
        max_length=200,
        error_messages={"required": _("Enter a name or an email address to search for")},
    )


class StartRequestForm(forms.Form):
    person = forms.ChoiceField(
        label=_("Who is the request from?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the person the request is from"),
            "invalid_choice": _("Choose the person the request is from"),
        },
    )
    received_on = forms.DateField(
        label=_("Date the request reached us"),
        help_text=_("For example, 12/12/2026. The month to answer it is counted from this day."),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the date the request reached us"),
            "invalid": _("Enter the date as day, month and year, for example 12/12/2026"),
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> tuple[PersonKind, int]:
        kind, _sep, pk = self.cleaned_data["person"].partition("-")
        return PersonKind(kind), int(pk)


def person_choice(kind: str, pk: int) -> str:
    return f"{kind}-{pk}"


class IdentityCheckForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you check who they are?"),
        choices=IdentityCheck.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you checked who they are")},
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What you saw or asked, without copying any document number"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("method") == IdentityCheck.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Say how you checked who they are"))
        return cleaned


class RectificationForm(forms.Form):
    note = forms.CharField(
        label=_("What did you correct?"),
        help_text=_("For example, their phone number, at their request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter what you corrected")},
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you erasing their personal data?"),
        help_text=_("For example, they asked us to, in their request"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why you are erasing their personal data")},
    )
    confirm = forms.BooleanField(
        label=_("I understand this cannot be undone"),
        error_messages={"required": _("Confirm that you understand this cannot be undone")},
    )
