"""The facilitator's forms on the day: someone did not come, arrives late or leaves early."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coappoint.timetables.queries import Person


class AttendanceForm(forms.Form):
    """Who; for a late arrival or early leaver, which round; for an early leaver during a round,
    whether their conversation in it happened."""

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

    current_not_held = forms.BooleanField(
        required=False,
        label=_("Their conversation in the round under way did not happen"),
        help_text=_("Leave this unticked if they had it before they left."),
    )

    def __init__(
        self,
        *args: Any,
        people: Sequence[Person],
        rounds: Sequence[tuple[int, str]] | None,
        round_label: str = "",
        asks_about_the_round_under_way: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not asks_about_the_round_under_way:
            del self.fields["current_not_held"]
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
