"""Forms for recording the group's consensus and how the event records it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coappoint.campaigns.queries import plural_count, threshold_shown
from coappoint.deliberation.queries import display_points
from coappoint.rules.consensus import (
    ConsensusRecord,
    ConsensusShift,
    ShiftRule,
    ShiftThreshold,
    consensus_shift,
)
from coappoint.rules.errors import InvalidDecisionRecord, InvalidScore
from coappoint.rules.scales import Scale
from coappoint.scoring.queries import labelled_points


class DeliberationSettingsForm(forms.Form):
    consensus_per_quality = forms.BooleanField(
        label=_("Agree a score for each quality as well as the overall score"),
        help_text=_(
            "Choose this if the campaign asks for a consensus on every quality. You cannot "
            "change it once the first consensus is recorded."
        ),
        required=False,
    )


def shift_refusal(shift: ConsensusShift, threshold: ShiftThreshold) -> str:
    """'The group's score is 1 point above the average of private scores, at or above the
    1-point threshold: explain why in the rationale': the error for an unexplained shift, in
    the words of the rule that applies ('more than the 1-point threshold' for campaigns locked
    before at-or-above). The threshold is shown exactly, the shift rounded for display."""
    size = abs(shift.shift_points)
    count = plural_count(display_points(size))
    above = shift.shift_points > 0
    if threshold.rule is ShiftRule.MORE_THAN and above:
        text = ngettext(
            "The group's score is %(points)s point above the average of private scores, more "
            "than the %(threshold)s-point threshold: explain why in the rationale",
            "The group's score is %(points)s points above the average of private scores, more "
            "than the %(threshold)s-point threshold: explain why in the rationale",
            count,
        )
    elif threshold.rule is ShiftRule.MORE_THAN:
        text = ngettext(
            "The group's score is %(points)s point below the average of private scores, more "
            "than the %(threshold)s-point threshold: explain why in the rationale",
            "The group's score is %(points)s points below the average of private scores, more "
            "than the %(threshold)s-point threshold: explain why in the rationale",
            count,
        )
    elif above:
        text = ngettext(
            "The group's score is %(points)s point above the average of private scores, at or "
            "above the %(threshold)s-point threshold: explain why in the rationale",
            "The group's score is %(points)s points above the average of private scores, at or "
            "above the %(threshold)s-point threshold: explain why in the rationale",
            count,
        )
    else:
        text = ngettext(
            "The group's score is %(points)s point below the average of private scores, at or "
            "above the %(threshold)s-point threshold: explain why in the rationale",
            "The group's score is %(points)s points below the average of private scores, at or "
            "above the %(threshold)s-point threshold: explain why in the rationale",
            count,
        )
    return text % {
        "points": display_points(size),
        "threshold": threshold_shown(threshold.points),
    }


class ConsensusForm(forms.Form):
    """The group's agreed score with its rationale, any dissent, and (when changing) why."""

    consensus_score = forms.TypedChoiceField(
        label=_("The score the group agreed"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the score the group agreed")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        help_text=_("Why the group agreed this score, in a few sentences."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("The rationale must be 5000 characters or fewer")},
    )
    dissent = forms.CharField(
        label=_("Dissent (optional)"),
        help_text=_(
            "If someone disagrees with the group's score and asks for it to be recorded: what "
            "they think, for example “would have given 2”. No names are needed."
        ),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The dissent must be 3000 characters or fewer")},
    )
    dissent_reason = forms.CharField(
        label=_("Reason for the dissent"),
        help_text=_("Needed when a dissent is recorded."),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The reason must be 3000 characters or fewer")},
    )
    change_reason = forms.CharField(
        label=_("Why is the group changing its consensus?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The reason must be 3000 characters or fewer")},
    )

    def __init__(
        self,
        data: Any = None,
        *,
        scale: Scale,
        private_values: tuple[int, ...],
        threshold: ShiftThreshold,
        changing: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, **kwargs)
        self.scale = scale
        self.private_values = private_values
        self.threshold = threshold
        self.changing = changing
        score = self.fields["consensus_score"]
        assert isinstance(score, forms.TypedChoiceField)
        score.choices = [(str(point), text) for point, text in labelled_points(scale)]
        if not changing:
            del self.fields["change_reason"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None
        score = cleaned.get("consensus_score")
        if score is not None:
            try:
                shift = consensus_shift(
                    ConsensusRecord(
                        candidate="",
                        quality=None,
                        consensus_score=score,
                        private_scores=self.private_values,
                    ),
                    scale=self.scale,
                    threshold=self.threshold,
                )
            except (InvalidScore, InvalidDecisionRecord) as refused:
                self.add_error("consensus_score", str(refused))
            else:
                if shift.needs_explanation and not cleaned.get("rationale", "").strip():
                    self.add_error(
                        "rationale",
                        shift_refusal(shift, self.threshold),
                    )
        if cleaned.get("dissent", "").strip() and not cleaned.get("dissent_reason", "").strip():
            self.add_error("dissent_reason", gettext("Enter the reason for the dissent"))
        if self.changing and not cleaned.get("change_reason", "").strip():
            self.add_error(
                "change_reason", gettext("Enter why the group is changing its consensus")
            )
        return cleaned
