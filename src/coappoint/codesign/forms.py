"""Forms for proposing, merging, dot-voting, wording the criteria and mingling notes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coappoint.codesign.models import Criterion, Proposal, ProposalKind
from coappoint.codesign.services import CriterionWording, ObservationNote

QUALITY_MAX_CHARACTERS = Criterion._meta.get_field("name").max_length or 100
INSIGHT_MAX_CHARACTERS = 1000
MOST_DOTS_PER_RECRUITER = 20

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class IdempotencyKeyField(forms.UUIDField):
    """The hidden key of the offline contract; a fresh one is made if a browser sent none."""

    widget = forms.HiddenInput

    def __init__(self) -> None:
        super().__init__(required=False)

    def clean(self, value: Any) -> uuid.UUID:
        try:
            cleaned = super().clean(value)
        except forms.ValidationError:
            cleaned = None
        return cleaned or uuid.uuid4()


def fresh_key() -> dict[str, str]:
    """Initial data giving a form a new idempotency key, as the offline contract asks."""
    return {"idempotency_key": str(uuid.uuid4())}


def _text_field(kind: ProposalKind) -> forms.CharField:
    if kind == ProposalKind.QUALITY:
        return forms.CharField(
            label=_("What quality should the coordinator have?"),
            help_text=_("One quality at a time, in a few words. For example, “a good listener”."),
            max_length=QUALITY_MAX_CHARACTERS,
            error_messages={
                "required": _("Enter a quality"),
                "max_length": _("The quality must be %(limit_value)d characters or fewer"),
            },
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return forms.CharField(
        label=_("What should a newcomer know about this area?"),
        help_text=_(
            "For example, its history, where people meet, what has changed, "
            "or what people here care about."
        ),
        max_length=INSIGHT_MAX_CHARACTERS,
        error_messages={
            "required": _("Enter what a newcomer should know"),
            "max_length": _("The insight must be %(limit_value)d characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProposalForm(forms.Form):
    """A recruiter's quality or local insight, sent from their phone."""

    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args: Any, kind: ProposalKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["text"] = _text_field(kind)


class StaffProposalForm(forms.Form):
    """What the room says, typed by the facilitator."""

    kind = forms.ChoiceField(
        label=_("Is it a quality or a local insight?"),
        choices=ProposalKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether it is a quality or a local insight")},
    )
    text = forms.CharField(
        label=_("What did the room say?"),
        max_length=INSIGHT_MAX_CHARACTERS,
        error_messages={
            "required": _("Enter what the room said"),
            "max_length": _("What the room said must be %(limit_value)d characters or fewer"),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    idempotency_key = IdempotencyKeyField()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("text", "")
        if cleaned.get("kind") == ProposalKind.QUALITY and len(text) > QUALITY_MAX_CHARACTERS:
            self.add_error(
                "text",
                _("A quality must be %(limit)d characters or fewer")
                % {"limit": QUALITY_MAX_CHARACTERS},
            )
        return cleaned


class MergeForm(forms.Form):
    """Which proposals say the same thing, and which wording stays."""

    duplicates = forms.MultipleChoiceField(
        label=_("Which proposals say the same thing?"),
        help_text=_("Select 2 or more."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the proposals that say the same thing")},
    )
    keep = forms.ChoiceField(
        label=_("Which wording should stay?"),
        help_text=_("The others are kept on record and point to this one."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the wording that should stay")},
    )

    def __init__(self, *args: Any, proposals: Sequence[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = {str(proposal.pk): proposal for proposal in proposals}
        choices = [(str(proposal.pk), proposal.text) for proposal in proposals]
        self.fields["duplicates"].choices = choices  # type: ignore[attr-defined]
        self.fields["keep"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        duplicates = cleaned.get("duplicates") or []
        if "duplicates" in cleaned and len(duplicates) < 2:
            self.add_error("duplicates", _("Select 2 or more proposals that say the same thing"))
        keep = cleaned.get("keep")
        if keep and duplicates and keep not in duplicates:
            self.add_error("keep", _("Select a wording from the proposals you are merging"))
        return cleaned

    def chosen(self) -> tuple[Proposal, list[Proposal]]:
        keep = self.proposals[self.cleaned_data["keep"]]
        return keep, [self.proposals[pk] for pk in self.cleaned_data["duplicates"]]


class OpenVotingForm(forms.Form):
    dots_per_recruiter = forms.IntegerField(
        label=_("How many dots does each recruiter have?"),
        help_text=_("Recruiters may put more than one dot on the same quality."),
        min_value=1,
        max_value=MOST_DOTS_PER_RECRUITER,
        initial=3,
        error_messages={
            "required": _("Enter how many dots each recruiter has"),
            "invalid": _("Enter the number of dots as a whole number, like 3"),
            "min_value": _("Each recruiter needs at least 1 dot"),
            "max_value": _("Each recruiter can have %(limit_value)s dots or fewer"),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DotsForm(forms.Form):
    """A number of dots per quality; together no more than the recruiter's dots."""

    def __init__(
        self, *args: Any, qualities: Sequence[Proposal], dots_per_recruiter: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.qualities = list(qualities)
        self.dots_per_recruiter = dots_per_recruiter
        for quality in self.qualities:
            self.fields[f"dots_{quality.pk}"] = forms.IntegerField(
                label=quality.text,
                required=False,
                min_value=0,
                max_value=dots_per_recruiter,
                error_messages={
                    "invalid": _("Enter the dots for “%(quality)s” as a whole number, like 1")
                    % {"quality": quality.text},
                    "min_value": _("Dots for “%(quality)s” must be 0 or more")
                    % {"quality": quality.text},
                    "max_value": _("Dots for “%(quality)s” must be %(dots)s or fewer")
                    % {"quality": quality.text, "dots": dots_per_recruiter},
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        placed = self.placed()
        total = sum(placed.values())
        if total > self.dots_per_recruiter:
            first = next(pk for pk, count in placed.items() if count)
            self.add_error(
                f"dots_{first}",
                ngettext(
                    "You have %(dots)d dot but placed %(total)d. Take away %(over)d.",
                    "You have %(dots)d dots but placed %(total)d. Take away %(over)d.",
                    self.dots_per_recruiter,
                )
                % {
                    "dots": self.dots_per_recruiter,
                    "total": total,
                    "over": total - self.dots_per_recruiter,
                },
            )
        return cleaned

    def placed(self) -> dict[int, int]:
        """{proposal id: dots} for the fields that are valid so far."""
        return {
            quality.pk: self.cleaned_data.get(f"dots_{quality.pk}") or 0
            for quality in self.qualities
        }


class ChooseQualitiesForm(forms.Form):
    qualities = forms.MultipleChoiceField(
        label=_("Which qualities become the scoring criteria?"),
        help_text=_("Select every quality the group chose."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the qualities that become the criteria")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualities"].choices = choices  # type: ignore[attr-defined]


class WordingForm(forms.Form):
    """For each chosen quality, its name and a plain description of what good looks like."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = count
        for index in range(count):
            number = index + 1
            self.fields[f"name_{index}"] = forms.CharField(
                label=_("Name of quality %(number)d") % {"number": number},
                max_length=QUALITY_MAX_CHARACTERS,
                error_messages={
                    "required": _("Enter the name of quality %(number)d") % {"number": number},
                    "max_length": _(
                        "The name of quality %(number)d must be %(limit)d characters or fewer"
                    )
                    % {"number": number, "limit": QUALITY_MAX_CHARACTERS},
                },
            )
            self.fields[f"good_{index}"] = forms.CharField(
                label=_("What good looks like for quality %(number)d") % {"number": number},
                help_text=_(
                    "In plain words, what a recruiter would see or hear from someone who has it."
                ),
                error_messages={
                    "required": _("Describe what good looks like for quality %(number)d")
                    % {"number": number},
                },
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"name_{index}"], self[f"good_{index}"]) for index in range(self.count)]

    def wordings(self) -> list[CriterionWording]:
        return [
            CriterionWording(
                name=self.cleaned_data[f"name_{index}"],
                what_good_looks_like=self.cleaned_data[f"good_{index}"],
            )
            for index in range(self.count)
        ]


def _note_field(label: StrOrPromise, hint: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=2000,
        error_messages={"max_length": _("Keep each note to %(limit_value)d characters or fewer")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObservationForm(forms.Form):
    """A mingling note: what was seen and heard, prompt by prompt."""

    curiosity = _note_field(
        _("Were they curious about people, or about themselves?"),
        _("For example, “asked Mrs Khan about her garden”."),
    )
    manner = _note_field(
        _("Their manner and body language"),
        _("For example, “smiled and sat down next to people”."),
    )
    inclusion = _note_field(
        _("How did they include people who speak little English?"),
        _("For example, “waited for the interpreter and spoke to Ali, not to her”."),
    )
    other = _note_field(_("Anything else you noticed (optional)"), "")
    idempotency_key = IdempotencyKeyField()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(
            cleaned.get(name, "").strip() for name in ("curiosity", "manner", "inclusion", "other")
        ):
            self.add_error("curiosity", _("Write what you noticed in at least one box"))
        return cleaned

    def note(self) -> ObservationNote:
        return ObservationNote(
            curiosity=self.cleaned_data["curiosity"],
            manner=self.cleaned_data["manner"],
            inclusion=self.cleaned_data["inclusion"],
            other=self.cleaned_data["other"],
        )
