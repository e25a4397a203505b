"""Forms for interview questions, the panel, conflicts, a panel sheet and the agreed scores."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from coappoint.accounts.models import User
from coappoint.campaigns.models import Candidate
from coappoint.interviews.models import InterviewQuestion
from coappoint.interviews.queries import labelled_points, question_name
from coappoint.interviews.services import Answer
from coappoint.rules.errors import InvalidScore
from coappoint.rules.scales import Scale, validate_score


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Question"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the question")},
    )
    guidance = forms.CharField(
        label=_("What a good answer covers (optional)"),
        help_text=_("The panel sees this beside the question when scoring."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PanelForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Who sits on the interview panel?"),
        help_text=_("Only staff who hold the interview panel role are listed."),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least one member of the interview panel"),
            "invalid_choice": _("Select only people who hold the interview panel role"),
        },
    )

    def __init__(self, data: Any = None, *, holders: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["members"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = holders


class ConflictForm(forms.Form):
    """For every candidate: do you know them? If so, how."""

    def __init__(self, data: Any = None, *, candidates: list[Candidate], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.candidates = candidates
        for candidate in candidates:
            name = candidate.full_name
            self.fields[f"knows_{candidate.pk}"] = forms.ChoiceField(
                label=gettext("Do you know %(name)s?") % {"name": name},
                choices=(
                    ("no", pgettext("answer to: do you know this candidate?", "No")),
                    ("yes", pgettext("answer to: do you know this candidate?", "Yes")),
                ),
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Select yes if you know %(name)s, or no") % {"name": name}
                },
            )
            self.fields[f"how_{candidate.pk}"] = forms.CharField(
                label=gettext("If you know %(name)s, how do you know them?") % {"name": name},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for candidate in self.candidates:
            how = (cleaned.get(f"how_{candidate.pk}") or "").strip()
            if cleaned.get(f"knows_{candidate.pk}") == "yes" and not how:
                self.add_error(
                    f"how_{candidate.pk}",
                    gettext("Enter how you know %(name)s") % {"name": candidate.full_name},
                )
        return cleaned

    def known(self) -> dict[int, str]:
        return {
            candidate.pk: self.cleaned_data[f"how_{candidate.pk}"].strip()
            for candidate in self.candidates
            if self.cleaned_data[f"knows_{candidate.pk}"] == "yes"
        }


class ScoreChoiceField(forms.ChoiceField):
    """Radios for the points of a scale; the form checks the value with rules.scales, so a
    wrong value gets a message naming the question and the value rather than Django's own."""

    def valid_value(self, value: Any) -> bool:
        return True


class QuestionScoresForm(forms.Form):
    """A score and a note for every question: a member's private sheet, or the agreed scores."""

    def __init__(
        self,
        data: Any = None,
        *,
        questions: list[InterviewQuestion],
        scale: Scale,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.questions = questions
        self.scale = scale
        choices = [(str(point), text) for point, text in labelled_points(scale)]
        own = dict(self.fields)
        self.fields = {}
        for question in questions:
            name = question_name(question)
            self.fields[f"score_{question.pk}"] = ScoreChoiceField(
                label=self.score_label(question),
                help_text=question.guidance,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Select a score for %(question)s") % {"question": name}
                },
            )
            self.fields[f"note_{question.pk}"] = forms.CharField(
                label=self.note_label(question),
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": gettext("The notes must be 3000 characters or fewer")
                },
            )
        self.fields.update(own)

    def score_label(self, question: InterviewQuestion) -> str:
        return gettext("Question %(number)s: %(text)s") % {
            "number": question.position,
            "text": question.text,
        }

    def note_label(self, question: InterviewQuestion) -> str:
        return gettext("Notes on question %(number)s (optional)") % {"number": question.position}

    def question_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"score_{q.pk}"], self[f"note_{q.pk}"]) for q in self.questions]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            field = f"score_{question.pk}"
            raw = cleaned.get(field)
            if raw in (None, ""):
                continue
            try:
                number: object = int(str(raw).strip())
            except ValueError:
                number = raw
            try:
                cleaned[field] = validate_score(
                    number, scale=self.scale, quality=question_name(question)
                )
            except InvalidScore:
                self.add_error(
                    field,
                    gettext(
                        "%(value)s is not a score for %(question)s. Select a score from "
                        "%(lowest)s to %(highest)s"
                    )
                    % {
                        "value": raw,
                        "question": question_name(question),
                        "lowest": self.scale.minimum,
                        "highest": self.scale.maximum,
                    },
                )
        return cleaned

    def answers(self) -> dict[int, Answer]:
        return {
            question.pk: Answer(
                value=self.cleaned_data[f"score_{question.pk}"],
                note=self.cleaned_data[f"note_{question.pk}"].strip(),
            )
            for question in self.questions
        }


class PanelSheetForm(QuestionScoresForm):
    """A panel member's private sheet, with the key that makes a repeat the same submission."""

    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = str(uuid.uuid4())

    def clean_idempotency_key(self) -> uuid.UUID:
        """The client's key; a missing or malformed one is replaced so nothing typed is lost."""
        try:
            return uuid.UUID(str(self.cleaned_data.get("idempotency_key") or ""))
        except ValueError:
            return uuid.uuid4()


class AgreedScoresForm(QuestionScoresForm):
    """The panel's agreed score per question; a reason is needed to change recorded ones."""

    def score_label(self, question: InterviewQuestion) -> str:
        return gettext("The panel's agreed score for question %(number)s") % {
            "number": question.position
        }

    def note_label(self, question: InterviewQuestion) -> str:
        return gettext("The panel's reasons for question %(number)s (optional)") % {
            "number": question.position
        }

    reason = forms.CharField(
        label=_("Why are the agreed scores changing? (needed only to change them)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClosePanelScoringForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you closing panel scoring?"),
        help_text=_(
            "For example, a panel member is ill and cannot send their sheets. Everyone who may "
            "see interview scores will see the sheets sent so far, with names."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why you are closing panel scoring")},
    )
