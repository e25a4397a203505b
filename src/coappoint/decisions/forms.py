"""The decision form: who is appointed, why, and (when the top is tied) why the tie is broken."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

NO_ONE = "none"


class DecisionForm(forms.Form):
    appointed = forms.ChoiceField(
        label=_("Who is appointed?"),
        help_text=_("Only appointable candidates can be chosen."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who is appointed, or no one")},
    )
    rationale = forms.CharField(
        label=_("Reasons for the decision"),
        help_text=_("Say how the outcome and the evidence led to this decision."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter the reasons for the decision")},
    )
    tie_break_justification = forms.CharField(
        label=_("Why the tie is broken this way"),
        help_text=_(
            "The top candidates are tied on exactly the same combined percent. Say why you "
            "choose between them, for example positive action between equally qualified "
            "candidates under the Equality Act 2010, section 159."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    shown_digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]], tied: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tied = tied
        appointed = self.fields["appointed"]
        assert isinstance(appointed, forms.ChoiceField)
        appointed.choices = [*choices, (NO_ONE, _("No one is appointed"))]
        if not tied:
            del self.fields["tie_break_justification"]

    def clean_rationale(self) -> str:
        rationale: str = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError(_("Enter the reasons for the decision"))
        return rationale

    def clean_tie_break_justification(self) -> str:
        justification: str = self.cleaned_data.get("tie_break_justification", "").strip()
        if self.tied and not justification:
            raise forms.ValidationError(_("Enter why the tie at the top is broken this way"))
        return justification
