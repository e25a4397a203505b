"""Forms for signing up, adding a recruiter at the door, agreements, conflicts and thanks."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from coappoint.campaigns.models import Candidate
from coappoint.events.models import InterpreterLanguage
from coappoint.recruiters.models import CommunityRecruiter, ThanksKind, ThanksStatus
from coappoint.recruiters.services import PLANNING_DETAILS, RecruiterDetails
from coappoint.rules.join_codes import format_join_code, normalise_join_code
from coappoint.web.templatetags.govuk_forms import error_message_params, govuk_field

OTHER_LANGUAGE = "other"
KNOWS_NOBODY = "none"
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()\-]+$")
TIME_FORMATS = ["%H:%M", "%H.%M"]


def choice_params(
    field: forms.BoundField,
    *,
    items: list[dict[str, Any]],
    legend_class: str = "govuk-fieldset__legend--m",
) -> dict[str, Any]:
    """Params for GOV.UK radios or checkboxes whose items may reveal a follow-up question.

    Without JavaScript the follow-up questions are simply shown, so the page still works.
    """
    selected = field.value()
    selected_values = (
        {str(value) for value in selected}
        if isinstance(selected, list | tuple)
        else {str(selected)}
    )
    params: dict[str, Any] = {
        "name": field.html_name,
        "idPrefix": field.auto_id,
        "errorMessage": error_message_params(field),
        "fieldset": {"legend": {"text": str(field.label), "classes": legend_class}},
        "items": [
            {**item, "checked": item.get("value") in selected_values} if "value" in item else item
            for item in items
        ],
    }
    if field.help_text:
        params["hint"] = {"text": str(field.help_text)}
    return params


class JoinCodeForm(forms.Form):
    """The code from the poster, typed however it was read: the join page finds its sign-up."""

    code = forms.CharField(
        label=_("Code from the poster"),
        help_text=_("8 letters and numbers, for example ABCD-2345"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code from the poster")},
    )

    def clean_code(self) -> str:
        code = normalise_join_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("Enter the code as it is on the poster: 8 letters and numbers, like ABCD-2345")
            )
        return format_join_code(code)


class TelephoneInput(forms.TextInput):
    input_type = "tel"


def fieldset_params(
    *,
    legend: str,
    hint: str,
    fields: list[forms.BoundField],
    input_class: str = "",
    legend_class: str = "govuk-fieldset__legend--m",
) -> dict[str, Any]:
    """Params for a GOV.UK fieldset grouping `fields` under one question, with a hint."""
    inner = format_html('<p class="govuk-hint">{}</p>', hint) + "".join(
        govuk_field(field, input_class=input_class) for field in fields
    )
    return {"legend": {"text": legend, "classes": legend_class}, "html": inner}


class RecruiterDetailsForm(forms.Form):
    """Who the recruiter is and what they need; at the door only the name is required."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name")},
    )
    neighbourhood = forms.CharField(
        label=_("Which neighbourhood do you live in?"),
        help_text=_(
            "Only the neighbourhood or estate, not your full address. For example, Northfield."
        ),
        max_length=200,
        required=False,
    )
    phone = forms.CharField(
        label=_("Phone number"),
        help_text=_("For example, 07700 900 982"),
        max_length=30,
        required=False,
        widget=TelephoneInput(attrs={"autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    preferred_language = forms.ChoiceField(
        label=_("Which language would you like to use on the day?"),
        choices=[("en", "English"), ("cy", "Cymraeg"), ("ar", "العربية"), (OTHER_LANGUAGE, "")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": _("Select the language you would like to use")},
    )
    other_language = forms.CharField(
        label=_("If you chose another language, which one?"), max_length=50, required=False
    )
    interpreter_needed = forms.ChoiceField(
        label=_("Do you need an interpreter to talk with the candidates?"),
        choices=[
            ("no", pgettext_lazy("answer to: do you need an interpreter?", "No")),
            ("yes", pgettext_lazy("answer to: do you need an interpreter?", "Yes")),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": _("Select whether you need an interpreter")},
    )
    interpreter_language = forms.ChoiceField(
        label=_("If yes, which language do you need an interpreter for?"),
        choices=[("", _("Choose a language")), *InterpreterLanguage.choices],
        required=False,
    )
    access_needs = forms.CharField(
        label=_("Do you have any access needs? (optional)"),
        help_text=_(
            "For example, step-free access, a hearing loop, large print, or regular breaks."
        ),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
    dietary_needs = forms.CharField(
        label=_("Do you have any dietary needs? (optional)"),
        help_text=_("For example, halal, vegetarian, or a food allergy."),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )
    available_from = forms.TimeField(
        label=_("From"),
        help_text=_("For example, 10:00"),
        input_formats=TIME_FORMATS,
        required=False,
        error_messages={"invalid": _("Enter the time you can arrive, like 10:00 or 14:30")},
    )
    available_until = forms.TimeField(
        label=_("Until"),
        help_text=_("For example, 16:30"),
        input_formats=TIME_FORMATS,
        required=False,
        error_messages={"invalid": _("Enter the time you need to leave, like 12:00 or 16:30")},
    )

    # At sign-up these must be answered; at the door a facilitator may leave them for later.
    required_at_sign_up = ("neighbourhood", "preferred_language", "interpreter_needed")
    contact_required = True
    contact_legend = _("How can we contact you?")
    contact_hint = _(
        "Give a phone number, an email address, or both. We only use them about this event."
    )
    availability_legend = _("When can you be there? (optional)")
    availability_hint = _("Leave these empty if you can be there all day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.contact_required:
            for name in self.required_at_sign_up:
                self.fields[name].required = True
            self.fields["neighbourhood"].error_messages["required"] = _(
                "Enter the neighbourhood where you live"
            )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        digits = sum(character.isdigit() for character in phone)
        if not PHONE_CHARACTERS.match(phone) or not 10 <= digits <= 15:
            raise forms.ValidationError(
                _("Enter a phone number, like 07700 900 982 or +44 808 157 0192")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            self.contact_required
            and not cleaned.get("phone")
            and not cleaned.get("email")
            and "phone" not in self.errors
            and "email" not in self.errors
        ):
            self.add_error("phone", _("Enter a phone number or an email address, or both"))
        if (
            cleaned.get("preferred_language") == OTHER_LANGUAGE
            and not cleaned.get("other_language", "").strip()
        ):
            self.add_error("other_language", _("Enter the language you would like to use"))
        if cleaned.get("interpreter_needed") == "yes" and not cleaned.get("interpreter_language"):
            self.add_error(
                "interpreter_language", _("Select the language you need an interpreter for")
            )
        arrive, leave = cleaned.get("available_from"), cleaned.get("available_until")
        if arrive is not None and leave is not None and leave <= arrive:
            self.add_error(
                "available_until",
                _("The time you need to leave must be after the time you can arrive"),
            )
        return cleaned

    def details(self) -> RecruiterDetails:
        data = self.cleaned_data
        language = data.get("preferred_language") or "en"
        if language == OTHER_LANGUAGE:
            language = data["other_language"].strip()
        return RecruiterDetails(
            full_name=data["full_name"].strip(),
            neighbourhood=data.get("neighbourhood", "").strip(),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            preferred_language=language,
            interpreter_language=(
                data.get("interpreter_language", "")
                if data.get("interpreter_needed") == "yes"
                else ""
            ),
            access_needs=data.get("access_needs", "").strip(),
            dietary_needs=data.get("dietary_needs", "").strip(),
            available_from=data.get("available_from"),
            available_until=data.get("available_until"),
        )

    def contact_params(self) -> dict[str, Any]:
        return fieldset_params(
            legend=str(self.contact_legend),
            hint=str(self.contact_hint),
            fields=[self["phone"], self["email"]],
        )

    def availability_params(self) -> dict[str, Any]:
        return fieldset_params(
            legend=str(self.availability_legend),
            hint=str(self.availability_hint),
            fields=[self["available_from"], self["available_until"]],
            input_class="govuk-input--width-5",
        )

    # Radios reveal no follow-up question: GOV.UK Frontend's script puts aria-expanded on the
    # radio, which ARIA does not allow (axe fails it), so the follow-up always shows after them.
    def preferred_language_params(self) -> dict[str, Any]:
        return choice_params(
            self["preferred_language"],
            items=[
                {"value": "en", "html": format_html('<span lang="{}">{}</span>', "en", "English")},
                {"value": "cy", "html": format_html('<span lang="{}">{}</span>', "cy", "Cymraeg")},
                {
                    "value": "ar",
                    "html": format_html('<span lang="{}" dir="rtl">{}</span>', "ar", "العربية"),
                },
                {"value": OTHER_LANGUAGE, "text": str(_("Another language"))},
            ],
        )

    def interpreter_needed_params(self) -> dict[str, Any]:
        return choice_params(
            self["interpreter_needed"],
            items=[
                {"value": "no", "text": pgettext("answer to: do you need an interpreter?", "No")},
                {"value": "yes", "text": pgettext("answer to: do you need an interpreter?", "Yes")},
            ],
        )


class RecruiterAtTheDoorForm(RecruiterDetailsForm):
    """A facilitator types in someone who arrived on the day: only their name is needed."""

    contact_required = False
    contact_legend = _("Contact details (optional)")
    contact_hint = _("A phone number or email address, to reach them about this event.")
    availability_legend = _("When can they be there? (optional)")
    availability_hint = _("Leave these empty if they can stay all day.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].error_messages["required"] = _("Enter the recruiter's full name")
        self.fields["neighbourhood"].label = _("Neighbourhood (optional)")
        self.fields["neighbourhood"].help_text = _("Not their full address.")
        self.fields["phone"].label = _("Phone number (optional)")
        self.fields["email"].label = _("Email address (optional)")
        self.fields["preferred_language"].label = _("Language they would like to use")
        self.fields["interpreter_needed"].label = _("Do they need an interpreter?")
        self.fields["other_language"].label = _("If another language, which one?")
        self.fields["interpreter_language"].label = _("If yes, which language?")
        self.fields["access_needs"].label = _("Access needs (optional)")
        self.fields["dietary_needs"].label = _("Dietary needs (optional)")
        self.initial.setdefault("preferred_language", "en")
        self.initial.setdefault("interpreter_needed", "no")


def details_as_initial(recruiter: CommunityRecruiter) -> dict[str, Any]:
    """The recruiter's details as the details form's answers, to correct them."""
    language = recruiter.preferred_language
    service_languages = ("en", "cy", "ar")
    return {
        "full_name": recruiter.full_name,
        "neighbourhood": recruiter.neighbourhood,
        "email": recruiter.email,
        "phone": recruiter.phone,
        "preferred_language": language if language in service_languages else OTHER_LANGUAGE,
        "other_language": "" if language in service_languages else language,
        "interpreter_needed": "yes" if recruiter.interpreter_language else "no",
        "interpreter_language": recruiter.interpreter_language,
        "access_needs": recruiter.access_needs,
        "dietary_needs": recruiter.dietary_needs,
        "available_from": recruiter.available_from,
        "available_until": recruiter.available_until,
    }


class OwnDetailsForm(RecruiterDetailsForm):
    """A recruiter corrects their own details. When they can be there and the interpreter they
    need shape the day's plan, so those they ask the team to change (`PLANNING_DETAILS`)."""

    def __init__(self, *args: Any, recruiter: CommunityRecruiter, **kwargs: Any) -> None:
        kwargs.setdefault("initial", details_as_initial(recruiter))
        super().__init__(*args, **kwargs)
        self.recruiter = recruiter
        for name in ("interpreter_needed", "interpreter_language", *PLANNING_DETAILS[1:]):
            del self.fields[name]
        # Someone added at the door may have given no neighbourhood or contact: correcting a
        # need must not oblige them to. Whoever gave a way to reach them keeps one.
        self.fields["neighbourhood"].required = False
        self.contact_required = bool(recruiter.email or recruiter.phone)

    def details(self) -> RecruiterDetails:
        kept = {name: getattr(self.recruiter, name) for name in PLANNING_DETAILS}
        return replace(super().details(), **kept)


class StaffDetailsForm(RecruiterAtTheDoorForm):
    """Staff correct a recruiter's details (audited): every detail, in staff words."""

    def __init__(self, *args: Any, recruiter: CommunityRecruiter, **kwargs: Any) -> None:
        kwargs.setdefault("initial", details_as_initial(recruiter))
        super().__init__(*args, **kwargs)


class AgreementForm(forms.Form):
    """One box to tick, saying the recruiter has read and agrees to what is above it."""

    agree = forms.BooleanField(required=True)

    def __init__(self, *args: Any, label: str, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agree"].label = label
        self.fields["agree"].error_messages["required"] = required_message


class ConflictsForm(forms.Form):
    """Which of the event's candidates the recruiter knows, and how (optional), or nobody."""

    known = forms.MultipleChoiceField(
        label=_("Which of these candidates do you know?"),
        help_text=_(
            "Select everyone you know, even a little: a neighbour, a colleague, a relative."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select the candidates you know, or select ‘I do not know any of them’"),
            "invalid_choice": _("Select only candidates from this list"),
        },
    )

    def __init__(self, *args: Any, candidates: list[tuple[Candidate, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["known"].choices = [  # type: ignore[attr-defined]
            *((str(candidate.pk), name) for candidate, name in candidates),
            (KNOWS_NOBODY, _("I do not know any of them")),
        ]
        for candidate, name in candidates:
            self.fields[f"how_{candidate.pk}"] = forms.CharField(
                label=_("How do you know %(name)s? (optional)") % {"name": name},
                max_length=300,
                required=False,
            )

    def clean_known(self) -> list[str]:
        known: list[str] = self.cleaned_data["known"]
        if KNOWS_NOBODY in known and len(known) > 1:
            raise forms.ValidationError(
                _("Select the candidates you know, or select ‘I do not know any of them’, not both")
            )
        return known

    def known_candidates(self) -> dict[int, str]:
        """Candidate id → how they know them (may be empty); empty when they know nobody."""
        return {
            int(value): self.cleaned_data.get(f"how_{value}", "").strip()
            for value in self.cleaned_data["known"]
            if value != KNOWS_NOBODY
        }

    def known_params(self) -> dict[str, Any]:
        items: list[dict[str, Any]] = [
            {
                "value": str(candidate.pk),
                "text": name,
                "conditional": {
                    "html": govuk_field(
                        self[f"how_{candidate.pk}"], input_class="govuk-!-width-full"
                    )
                },
            }
            for candidate, name in self.candidates
        ]
        items += [
            {"divider": str(_("or"))},
            {
                "value": KNOWS_NOBODY,
                "text": str(_("I do not know any of them")),
                "behaviour": "exclusive",
            },
        ]
        return choice_params(self["known"], items=items, legend_class="govuk-fieldset__legend--m")


class ThanksForm(forms.Form):
    """A payment, voucher or expenses offered to a recruiter, and whether they took it."""

    kind = forms.ChoiceField(
        label=_("What was offered?"),
        choices=ThanksKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what was offered")},
    )
    amount = forms.CharField(
        label=_("Amount in pounds (optional)"),
        help_text=_("For example, 25 or 12.50"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    status = forms.ChoiceField(
        label=_("Where does it stand?"),
        choices=ThanksStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it was offered, accepted or declined")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example, how it was paid, or why they declined."),
        max_length=500,
        required=False,
        widget=forms.Textarea,
    )

    def clean_amount(self) -> int | None:
        typed = self.cleaned_data["amount"].strip().lstrip("£").replace(",", "")
        if not typed:
            return None
        try:
            pounds = Decimal(typed)
        except InvalidOperation:
            pounds = Decimal(-1)
        if not pounds.is_finite() or pounds < 0 or pounds != pounds.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Enter the amount in pounds, like 25 or 12.50"))
        return int(pounds * 100)


class CheckInForm(forms.Form):
    """The recruiter's "I have arrived": only the submission's idempotency key travels with it."""

    # Not required: a form without its key still checks in once (the first check-in is kept).
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class DayConfirmationForm(forms.Form):
    """On the day, the recruiter confirms confidentiality and whom they know, once more."""

    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    keeps_confidential = forms.BooleanField(
        label=_("I will keep what I hear about the candidates confidential, as I agreed"),
        error_messages={
            "required": _("Select the box to say you will keep what you hear confidential")
        },
    )
    conflicts_right = forms.BooleanField(
        label=_("What I said about the candidates I know is right"),
        error_messages={
            "required": _(
                "Select the box to say what you said about the candidates you know is right,"
                " or change it first"
            )
        },
    )
