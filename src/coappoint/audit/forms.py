"""The audit page's filters: a GET form that works without JavaScript."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coappoint.audit.actions import ActorKind, AuditAction
from coappoint.audit.queries import AuditFilters

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]
PERSON = re.compile(r"^([a-z_]+):(\d+)$")
RECORD = re.compile(r"^([A-Za-z_]+\.[A-Za-z_]+):([\w-]{1,64})$")


class AuditFilterForm(forms.Form):
    person = forms.ChoiceField(label=_("Who acted"), required=False)
    action = forms.ChoiceField(label=_("What happened"), required=False)
    record = forms.CharField(required=False, widget=forms.HiddenInput)
    since = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, 2026-11-27"),
        error_messages={"invalid": _("Enter the first day as a date, for example 2026-11-27")},
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("For example, 2026-11-28"),
        error_messages={"invalid": _("Enter the last day as a date, for example 2026-11-28")},
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        action = self.fields["action"]
        assert isinstance(person, forms.ChoiceField)
        assert isinstance(action, forms.ChoiceField)
        person.choices = [("", _("Anyone")), *people]
        action.choices = [("", _("Anything")), *AuditAction.choices]

    def clean_record(self) -> str:
        value = str(self.cleaned_data.get("record") or "")
        if value and not RECORD.match(value):
            raise forms.ValidationError(_("Choose a record from a row of the audit log"))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day must be the same as or after the first day"))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters (an invalid form filters by nothing it could not read)."""
        data = self.cleaned_data if self.is_valid() else {}
        person = PERSON.match(str(data.get("person") or ""))
        record = RECORD.match(str(data.get("record") or ""))
        return AuditFilters(
            person=(person[1], int(person[2]))
            if person and person[1] in ActorKind.values
            else None,
            action=str(data.get("action") or ""),
            record=(record[1], record[2]) if record else None,
            since=data.get("since"),
            until=data.get("until"),
        )
