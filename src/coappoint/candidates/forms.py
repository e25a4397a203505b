"""Forms for candidates: details, the import file, invitations, adjustments, equality answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coappoint.campaigns.models import Candidate
from coappoint.candidates.importing import (
    CSV_EXTENSIONS,
    MAX_IMPORT_BYTES,
    XLSX_EXTENSIONS,
)
from coappoint.candidates.models import EQUALITY_QUESTIONS, EqualityMonitoring
from coappoint.events.models import TOLD_BY_STAFF, Event, InterpreterLanguage
from coappoint.events.services import DayPlaceRefused, refuse_if_the_day_started
from coappoint.rules.candidate_import import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    email_key,
    is_email_address,
    is_phone_number,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EMAIL_FORMAT_MESSAGE = _("Enter an email address in the correct format, like name@example.com")
PHONE_FORMAT_MESSAGE = _(
    "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
)


def _name_field(
    label: StrOrPromise, required_message: StrOrPromise, required: bool = True
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": required_message,
            "max_length": _("%(label)s must be 100 characters or fewer") % {"label": label},
        },
    )


class CandidateForm(forms.Form):
    """A candidate's name and contact details, as a programme manager types them."""

    first_name = _name_field(_("First name"), _("Enter the candidate's first name"))
    last_name = _name_field(_("Last name"), _("Enter the candidate's last name"))
    chosen_name = _name_field(_("Chosen name (optional)"), "", required=False)
    email = forms.CharField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the candidate's email address"),
            "max_length": EMAIL_FORMAT_MESSAGE,
        },
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        error_messages={"max_length": PHONE_FORMAT_MESSAGE},
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for their invitation and pages (optional)"),
        help_text=_("They can change it themselves with the language buttons once signed in."),
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, other_candidates: QuerySet[Candidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen_name"].help_text = _(
            "The name they would like to be called, if not their first name. Recruiters see "
            "only this (or the first name) and an initial."
        )
        self.other_candidates = other_candidates
        self.fields["preferred_language"].choices = [  # type: ignore[attr-defined]
            ("", _("Not chosen: English")),
            *((code, name) for code, name in settings.LANGUAGES),
        ]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if not is_email_address(email):
            raise forms.ValidationError(EMAIL_FORMAT_MESSAGE)
        if any(
            email_key(other) == email_key(email)
            for other in self.other_candidates.values_list("email", flat=True)
        ):
            raise forms.ValidationError(
                _("A candidate with this email address is already in this campaign")
            )
        return email

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if phone and not is_phone_number(phone):
            raise forms.ValidationError(PHONE_FORMAT_MESSAGE)
        return phone


class CandidateImportForm(forms.Form):
    """The file of shortlisted candidates to import."""

    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("A CSV or Excel (.xlsx) file, smaller than 2MB."),
        error_messages={
            "required": _("Select a CSV or Excel file of candidates"),
            "empty": _("The selected file is empty"),
            "invalid": _("Select a CSV or Excel file of candidates"),
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
        if not upload.size:
            raise forms.ValidationError(_("The selected file is empty"))
        return upload


class EventChoiceField(forms.ModelChoiceField[Event]):
    def label_from_instance(self, obj: Event) -> str:
        return f"{obj.name}, {obj.date:%d/%m/%Y}"


class CandidateChoiceField(forms.ModelMultipleChoiceField[Candidate]):
    def label_from_instance(self, obj: Candidate) -> str:
        return f"{obj.first_name} {obj.last_name} ({obj.email or obj.phone})"


def _planned_event(event: Event) -> Event:
    """The chosen day, refused once it has started (events.services' rule)."""
    try:
        refuse_if_the_day_started(event)
    except DayPlaceRefused as refusal:
        raise forms.ValidationError(str(refusal)) from refusal
    return event


class InvitationForm(forms.Form):
    """Which day to invite to, and whom."""

    event = EventChoiceField(
        label=_("Which day are you inviting them to?"),
        queryset=Event.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select the day you are inviting candidates to")},
    )
    candidates = CandidateChoiceField(
        label=_("Who are you inviting?"),
        help_text=_(
            "Candidates with only a phone number get a text message. Candidates with neither an "
            "email address nor a phone number are not listed."
        ),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the candidates to invite")},
    )

    def __init__(
        self,
        *args: Any,
        events: QuerySet[Event],
        candidates: QuerySet[Candidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        reachable = candidates.exclude(email="", phone="")
        self.fields["candidates"].queryset = reachable  # type: ignore[attr-defined]

    def clean_event(self) -> Event:
        return _planned_event(self.cleaned_data["event"])


class OneCandidateChoiceField(forms.ModelChoiceField[Candidate]):
    def label_from_instance(self, obj: Candidate) -> str:
        return f"{obj.first_name} {obj.last_name}"


class DayPlaceForm(forms.Form):
    """A candidate staff told about the day themselves: which day, who, how, what was said."""

    event = EventChoiceField(
        label=_("Which day are they coming to?"),
        queryset=Event.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select the day they are coming to")},
    )
    candidate = OneCandidateChoiceField(
        label=_("Who did you tell?"),
        queryset=Candidate.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Select the candidate you told")},
    )
    how_told = forms.ChoiceField(
        label=_("How did you tell them?"),
        choices=[(choice.value, choice.label) for choice in TOLD_BY_STAFF],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you told them")},
    )
    note = forms.CharField(
        label=_("What you told them (optional)"),
        help_text=_(
            "For example the time and place, and that they can ask for an interpreter or other "
            "adjustments. Do not write anything about their health."
        ),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("What you told them must be 500 characters or fewer")},
    )

    def __init__(
        self,
        *args: Any,
        events: QuerySet[Event],
        candidates: QuerySet[Candidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events  # type: ignore[attr-defined]
        self.fields["candidate"].queryset = candidates  # type: ignore[attr-defined]

    def clean_event(self) -> Event:
        return _planned_event(self.cleaned_data["event"])


class AdjustmentRequestForm(forms.Form):
    """What a candidate asks for, on the day and at the interview."""

    interpreter_language = forms.ChoiceField(
        label=_("Do you need an interpreter?"),
        help_text=_(
            "Choose the language, including British Sign Language. If yours is not listed, "
            "choose no here and tell us below."
        ),
        required=False,
        choices=[("", _("No, I do not need an interpreter")), *InterpreterLanguage.choices],
        error_messages={"invalid_choice": _("Choose a language from the list")},
    )
    needs = forms.CharField(
        label=_("Anything else we should do so you can take part fully? (optional)"),
        help_text=_(
            "For example, step-free access, a quiet room, breaks, large print or a hearing loop."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("Enter 2,000 characters or fewer")},
    )
    interview_needs = forms.CharField(
        label=_("Anything the interview panel should know for your interview? (optional)"),
        help_text=_(
            "For example, more time to answer, the questions in writing, or breaks. The "
            "interview panel reads this, so write only what you want them to know."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Enter 2,000 characters or fewer")},
    )


EQUALITY_REQUIRED_MESSAGES = {
    "age_band": _('Select your age, or "Prefer not to say"'),
    "sex": _('Select your sex, or "Prefer not to say"'),
    "gender_same_as_sex_at_birth": _(
        'Select whether your gender is the same as your sex registered at birth, or "Prefer '
        'not to say"'
    ),
    "ethnic_group": _('Select your ethnic group, or "Prefer not to say"'),
    "disability": _(
        'Select whether you have a disability or long-term health condition, or "Prefer not to say"'
    ),
    "religion": _('Select your religion, or "Prefer not to say"'),
    "sexual_orientation": _('Select your sexual orientation, or "Prefer not to say"'),
}


class EqualityMonitoringForm(forms.ModelForm):  # type: ignore[type-arg]
    """The optional equality-monitoring questions, each with "Prefer not to say"."""

    class Meta:
        model = EqualityMonitoring
        fields = (
            "age_band",
            "sex",
            "gender_same_as_sex_at_birth",
            "ethnic_group",
            "disability",
            "religion",
            "sexual_orientation",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, answers in EQUALITY_QUESTIONS.items():
            field: forms.ChoiceField = self.fields[name]  # type: ignore[assignment]
            field.widget = forms.RadioSelect()
            field.choices = answers.choices
        for name, message in EQUALITY_REQUIRED_MESSAGES.items():
            self.fields[name].error_messages["required"] = message
