"""The facilitator's forms on the day: someone did not come, arrives late or leaves early."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coappoint.timetables.queries import Person


class AttendanceForm(forms.Form):
    """Who; and for a late arrival or early leaver, which round."""

    person = forms.ChoiceField(
        label=_("Who"),
        error_messages={"required": _("Choose who it is"), "invalid_choice": _("Choose who it is")},
    )
    round_index = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": _("Choose the round"),
            "invalid_choice": _("Choose a round that has not started yet"),
        },
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[Person],
        rounds: Sequence[tuple[int, str]] | None,
        round_label: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ChoiceField)
        person.choices = [("", _("Choose someone")), *((p.value, p.label) for p in people)]
        if rounds is None:
            del self.fields["round_index"]
        else:
            round_index = self.fields["round_index"]
            assert isinstance(round_index, forms.TypedChoiceField)
            round_index.choices = [("", _("Choose a round")), *rounds]
            round_index.label = round_label

    def person_kind_and_id(self) -> tuple[str, int]:
        kind, _dash, pk = self.cleaned_data["person"].partition("-")
        return kind, int(pk)
