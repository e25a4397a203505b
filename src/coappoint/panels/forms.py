"""Forms for a panel: a recruiter's equality answers, the area's figures, and the draw."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from coappoint.candidates.forms import EqualityMonitoringForm
from coappoint.candidates.importing import CSV_EXTENSIONS, MAX_IMPORT_BYTES, XLSX_EXTENSIONS
from coappoint.candidates.models import EQUALITY_QUESTIONS
from coappoint.candidates.queries import question_text
from coappoint.panels.models import PreferNotToSayChoice, RecruiterEqualityMonitoring
from coappoint.rules.area_figures import MOST_PEOPLE

MOST_PLACES = 200


class RecruiterEqualityMonitoringForm(EqualityMonitoringForm):
    """The candidates' equality questions, the same answers, asked of a recruiter."""

    class Meta(EqualityMonitoringForm.Meta):
        # The same fields on the recruiters' model (both are `EqualityAnswers`).
        model = RecruiterEqualityMonitoring  # type: ignore[assignment]


class PeopleField(forms.IntegerField):
    """A count of people as census tables print it: "5,200" is 5200."""

    def to_python(self, value: Any) -> int | None:
        return super().to_python(
            value.replace(",", "").strip() if isinstance(value, str) else value
        )


def figure_field_name(question: str, answer: str) -> str:
    return f"{question}__{answer}"


class AreaFiguresForm(forms.Form):
    """How many people of the area gave each answer: blank for a question the draw should not
    balance. Every figure of a question left blank removes that question's quotas."""

    def __init__(self, *args: Any, figures: dict[tuple[str, str], int], **kwargs: Any) -> None:
        initial = {figure_field_name(q, a): people for (q, a), people in figures.items()}
        super().__init__(*args, **{**kwargs, "initial": initial})
        for question, answers in EQUALITY_QUESTIONS.items():
            for value, label in answers.choices:
                self.fields[figure_field_name(question, value)] = PeopleField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=MOST_PEOPLE,
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                    error_messages={
                        "invalid": _("Enter the number of people as a whole number"),
                        "min_value": _("Enter the number of people as 0 or more"),
                        "max_value": _("Enter a number of people under 100 million"),
                    },
                )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields by question, in the form's order, for one fieldset each."""
        return [
            (
                question_text(question),
                [self[figure_field_name(question, value)] for value in answers.values],
            )
            for question, answers in EQUALITY_QUESTIONS.items()
        ]

    def figures(self) -> dict[tuple[str, str], int]:
        return {
            (question, value): self.cleaned_data[figure_field_name(question, value)]
            for question, answers in EQUALITY_QUESTIONS.items()
            for value in answers.values
            if self.cleaned_data.get(figure_field_name(question, value)) is not None
        }


class AreaFiguresImportForm(forms.Form):
    """A file of the area's figures: columns question, answer, people."""

    file = forms.FileField(
        label=_("Upload a file of the area's figures"),
        help_text=_("A CSV or Excel (.xlsx) file, smaller than 2MB."),
        error_messages={
            "required": _("Select a CSV or Excel file of the area's figures"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a CSV or Excel file of the area's figures"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = (upload.name or "").casefold()
        if not name.endswith(CSV_EXTENSIONS + XLSX_EXTENSIONS):
            raise forms.ValidationError(
                _("The selected file must be a CSV or an Excel file (.xlsx)")
            )
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The selected file must be smaller than 2MB"))
        return upload


class DrawForm(forms.Form):
    """How many places, how "Prefer not to say" counts, and how far a quota may stretch."""

    places = forms.IntegerField(
        label=_("How many places are there on the panel?"),
        min_value=1,
        max_value=MOST_PLACES,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many places there are on the panel"),
            "invalid": _("Enter the places as a whole number, like 12"),
            "min_value": _("Enter 1 or more places"),
            "max_value": _("Enter 200 places or fewer"),
        },
    )
    prefer_not_to_say = forms.ChoiceField(
        label=_("How should “Prefer not to say” count?"),
        choices=PreferNotToSayChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how “Prefer not to say” should count")},
    )
    tolerance = forms.TypedChoiceField(
        label=_("How far may the panel be from each quota?"),
        choices=(
            (0, _("Exactly the quota")),
            (1, _("One place either side")),
            (2, _("Two places either side")),
        ),
        coerce=int,
        initial=0,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how far the panel may be from each quota")},
    )
