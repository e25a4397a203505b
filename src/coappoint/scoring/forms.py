"""Forms for a score sheet (on the phone, on paper, corrected), missed conversations, closing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from coappoint.codesign.models import Criterion
from coappoint.rules.errors import InvalidScore
from coappoint.rules.scales import Scale, validate_score
from coappoint.scoring.models import Comfortable
from coappoint.scoring.queries import labelled_points
from coappoint.scoring.services import SheetAnswers

COMFORTABLE_QUESTION = gettext_lazy(
    "Would you feel comfortable introducing this candidate to a friend or neighbour who wanted "
    "support?"
)


class ScoreChoiceField(forms.ChoiceField):
    """Radios for the points of a scale; the form checks the value with rules.scales, so a
    wrong value gets a message naming the quality and the value rather than Django's own."""

    def valid_value(self, value: Any) -> bool:
        return True


class ScoreSheetForm(forms.Form):
    """A score per criterion, the comfortable question and a comment, with the offline key."""

    comfortable = forms.ChoiceField(
        label=COMFORTABLE_QUESTION,
        choices=Comfortable.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Select yes, not sure or no: would you feel comfortable introducing this "
                "candidate to a friend or neighbour?"
            ),
            "invalid_choice": _("Select yes, not sure or no"),
        },
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        help_text=_("What you saw and heard that led to your scores."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The comment must be 3000 characters or fewer")},
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, data: Any = None, *, criteria: list[Criterion], scale: Scale, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        self.criteria = criteria
        self.scale = scale
        choices = [(str(point), text) for point, text in labelled_points(scale)]
        scored: dict[str, forms.Field] = {}
        for criterion in criteria:
            scored[self.score_field_name(criterion)] = ScoreChoiceField(
                label=criterion.name,
                help_text=criterion.what_good_looks_like,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Select a score for %(quality)s")
                    % {"quality": criterion.name}
                },
            )
        # The criteria come first, in their order, then the question and the comment.
        self.fields = {**scored, **self.fields}
        if not self.is_bound and not self.initial.get("idempotency_key"):
            self.initial["idempotency_key"] = str(uuid.uuid4())

    @staticmethod
    def score_field_name(criterion: Criterion) -> str:
        return f"criterion_{criterion.pk}"

    def score_fields(self) -> list[forms.BoundField]:
        return [self[self.score_field_name(criterion)] for criterion in self.criteria]

    def other_fields(self) -> list[forms.BoundField]:
        return [self["comfortable"], self["comment"]]

    def clean_idempotency_key(self) -> uuid.UUID:
        """The client's key; a missing or malformed one is replaced so nothing typed is lost."""
        try:
            return uuid.UUID(str(self.cleaned_data.get("idempotency_key") or ""))
        except ValueError:
            return uuid.uuid4()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for criterion in self.criteria:
            name = self.score_field_name(criterion)
            raw = cleaned.get(name)
            if raw in (None, ""):
                continue
            try:
                number: object = int(str(raw).strip())
            except ValueError:
                number = raw
            try:
                cleaned[name] = validate_score(number, scale=self.scale, quality=criterion.name)
            except InvalidScore:
                self.add_error(
                    name,
                    gettext(
                        "%(value)s is not a score for %(quality)s. Select a score from "
                        "%(lowest)s to %(highest)s"
                    )
                    % {
                        "value": raw,
                        "quality": criterion.name,
                        "lowest": self.scale.minimum,
                        "highest": self.scale.maximum,
                    },
                )
        return cleaned

    def answers(self) -> SheetAnswers:
        return SheetAnswers(
            scores={
                criterion.pk: self.cleaned_data[self.score_field_name(criterion)]
                for criterion in self.criteria
            },
            comfortable=Comfortable(self.cleaned_data["comfortable"]),
            comment=self.cleaned_data["comment"].strip(),
        )


class CorrectionForm(ScoreSheetForm):
    """The whole corrected sheet, typed afresh (never shown pre-filled), and the reason."""

    reason = forms.CharField(
        label=_("Why is this sheet being corrected?"),
        help_text=_(
            "For example, the recruiter says they selected the wrong score by mistake. "
            "Do not write any scores here."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why this sheet is being corrected")},
    )

    def other_fields(self) -> list[forms.BoundField]:
        return [self["comfortable"], self["comment"], self["reason"]]


class CloseScoringForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you closing scoring?"),
        help_text=_(
            "For example, one recruiter had to leave and cannot send their sheets. Everyone "
            "will see the scores sent so far once scoring is closed."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why you are closing scoring")},
    )
