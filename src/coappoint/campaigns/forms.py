"""Question pages for setting up a campaign; every error says what to do and names the field."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from coappoint.campaigns.models import Campaign, Stage, Vacancy
from coappoint.campaigns.queries import (
    list_areas,
    list_vacancies,
    threshold_shown,
    too_large_threshold,
)
from coappoint.organisations.models import Area, Organisation, Programme
from coappoint.rules.errors import InvalidScale
from coappoint.rules.scales import COMMUNITY_SCALE_LABELS, Scale, community_scale

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# People score by hand; more points than 0 to 10 stops meaning anything.
MOST_SCALE_POINTS = 11
WHOLE_NUMBER_ATTRIBUTES = {"inputmode": "numeric", "spellcheck": "false"}


def _whole_number(
    *,
    label: StrOrPromise,
    lowest: int,
    highest: int,
    errors: dict[str, StrOrPromise],
    required: bool = True,
    help_text: StrOrPromise = "",
) -> forms.IntegerField:
    """A whole number typed as text (GOV.UK's advice for numbers), with errors naming it.

    `errors` holds the "required", "invalid", "min_value" and "max_value" messages.
    """
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=lowest,
        max_value=highest,
        widget=forms.TextInput(attrs=WHOLE_NUMBER_ATTRIBUTES),
        error_messages=errors,
    )


class ProgrammeForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the programme"),
        help_text=_("For example, Harbourside Local Area Coordination"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the programme"),
            "max_length": _("The name of the programme must be 200 characters or fewer"),
        },
    )
    councils_served = forms.CharField(
        label=_("Councils the programme serves"),
        help_text=_("One council on each line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter at least one council the programme serves")},
    )

    def clean_councils_served(self) -> list[str]:
        councils = [
            line.strip()
            for line in self.cleaned_data["councils_served"].splitlines()
            if line.strip()
        ]
        for council in councils:
            if len(council) > 200:
                raise forms.ValidationError(
                    _("Each council's name must be 200 characters or fewer")
                )
            if [other.casefold() for other in councils].count(council.casefold()) > 1:
                raise forms.ValidationError(
                    gettext("%(council)s is listed twice. List each council once")
                    % {"council": council}
                )
        if not councils:
            raise forms.ValidationError(_("Enter at least one council the programme serves"))
        return councils


class AreaChoiceField(forms.ModelChoiceField[Area]):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.programme.name})"


class AreaForm(forms.Form):
    programme = forms.ModelChoiceField[Programme](
        queryset=Programme.objects.none(),
        label=_("Which programme is the area in?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the programme the area is in"),
            "invalid_choice": _("Choose the programme the area is in"),
        },
    )
    name = forms.CharField(
        label=_("Name of the area"),
        help_text=_("The neighbourhood the Local Area Coordinator will serve"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the area"),
            "max_length": _("The name of the area must be 200 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.filter(organisation=organisation)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        if len(programmes) == 1 and not self.is_bound:
            self.initial.setdefault("programme", programmes[0].pk)


class VacancyForm(forms.Form):
    title = forms.CharField(
        label=_("Job title"),
        help_text=_("For example, Local Area Coordinator, Northfield"),
        max_length=200,
        error_messages={
            "required": _("Enter the job title"),
            "max_length": _("The job title must be 200 characters or fewer"),
        },
    )
    area = AreaChoiceField(
        queryset=Area.objects.none(),
        label=_("Which area will the coordinator serve?"),
        help_text=_("The vacancy belongs to the programme the area is in"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the area the coordinator will serve"),
            "invalid_choice": _("Choose the area the coordinator will serve"),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = list_areas(organisation)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if len(areas) == 1 and not self.is_bound:
            self.initial.setdefault("area", areas[0].pk)


class VacancyChoiceField(forms.ModelChoiceField[Vacancy]):
    def label_from_instance(self, obj: Vacancy) -> str:
        return obj.title_and_area


class CampaignForm(forms.Form):
    vacancy = VacancyChoiceField(
        queryset=Vacancy.objects.none(),
        label=_("Which vacancy will the campaign fill?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the vacancy the campaign will fill"),
            "invalid_choice": _("Choose the vacancy the campaign will fill"),
        },
    )
    name = forms.CharField(
        label=_("Name of the campaign"),
        help_text=_("For example, Northfield coordinator, winter 2026"),
        max_length=200,
        error_messages={
            "required": _("Enter the name of the campaign"),
            "max_length": _("The name of the campaign must be 200 characters or fewer"),
        },
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vacancies = list_vacancies(organisation)
        self.fields["vacancy"].queryset = vacancies  # type: ignore[attr-defined]
        if len(vacancies) == 1 and not self.is_bound:
            self.initial.setdefault("vacancy", vacancies[0].pk)


class StageForm(forms.Form):
    """A stage's weight, scale, minimum and the plain words for each point of its scale."""

    weight_percent = _whole_number(
        label=_("Weight, as a percentage"),
        lowest=0,
        highest=100,
        errors={
            "required": _("Enter the weight of this stage"),
            "invalid": _("Enter the weight as a whole number, like 50"),
            "min_value": _("The weight must be 0 or more"),
            "max_value": _("The weight must be 100 or less"),
        },
        help_text=_(
            "How much this stage counts towards the final score. The weights of all stages are "
            "usually chosen to add up to 100."
        ),
    )
    scale_min = _whole_number(
        label=_("Lowest score on the scale"),
        lowest=0,
        highest=99,
        errors={
            "required": _("Enter the lowest score on the scale"),
            "invalid": _("Enter the lowest score as a whole number, like 1"),
            "min_value": _("The lowest score must be 0 or more"),
            "max_value": _("The lowest score must be 99 or less"),
        },
    )
    scale_max = _whole_number(
        label=_("Highest score on the scale"),
        lowest=1,
        highest=100,
        errors={
            "required": _("Enter the highest score on the scale"),
            "invalid": _("Enter the highest score as a whole number, like 5"),
            "min_value": _("The highest score must be 1 or more"),
            "max_value": _("The highest score must be 100 or less"),
        },
    )
    minimum_percent = _whole_number(
        label=_("Minimum to be appointable, as a percentage (optional)"),
        lowest=0,
        highest=100,
        required=False,
        errors={
            "invalid": _("Enter the minimum as a whole number, like 40, or leave it empty"),
            "min_value": _("The minimum must be 0 or more"),
            "max_value": _("The minimum must be 100 or less"),
        },
        help_text=_(
            "A candidate below this share of the scale in this stage cannot be appointed, "
            "whatever their other scores. Leave it empty for no minimum."
        ),
    )
    point_labels = forms.CharField(
        label=_("Words for each point on the scale"),
        help_text=_(
            "One on each line, lowest score first, for example No evidence, A little, Some, "
            "Good, Strong. People scoring see these words beside the numbers."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, kind: Stage.Kind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Stage.Kind.COMMUNITY:
            self.fields["point_labels"].required = True
            self.fields["point_labels"].error_messages["required"] = _(
                "Enter the words for each point on the scale, one on each line"
            )
        else:
            self.fields["point_labels"].label = _("Words for each point on the scale (optional)")

    @classmethod
    def initial_for(cls, kind: Stage.Kind) -> dict[str, object]:
        """What a new stage of `kind` starts with: the community's own 1 to 5 scale."""
        if kind == Stage.Kind.COMMUNITY:
            return {
                "weight_percent": 50,
                "scale_min": 1,
                "scale_max": 5,
                "point_labels": "\n".join(COMMUNITY_SCALE_LABELS),
            }
        return {
            "weight_percent": 50 if kind == Stage.Kind.INTERVIEW else 0,
            "scale_min": 1,
            "scale_max": 5,
        }

    @classmethod
    def initial_from(cls, stage: Stage) -> dict[str, object]:
        return {
            "weight_percent": stage.weight_percent,
            "scale_min": stage.scale_min,
            "scale_max": stage.scale_max,
            "minimum_percent": stage.minimum_percent,
            "point_labels": "\n".join(stage.point_labels),
        }

    def clean_point_labels(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["point_labels"].splitlines() if line.strip()
        ]

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        assert cleaned is not None
        lowest, highest = cleaned.get("scale_min"), cleaned.get("scale_max")
        if lowest is None or highest is None:
            return cleaned
        if lowest >= highest:
            self.add_error(
                "scale_max",
                gettext("The highest score must be above the lowest score, %(lowest)s")
                % {"lowest": lowest},
            )
            return cleaned
        points = highest - lowest + 1
        if points > MOST_SCALE_POINTS:
            self.add_error(
                "scale_max",
                gettext(
                    "A scale can have at most %(most)s points, like 0 to 10. Make the highest "
                    "score %(highest)s or less"
                )
                % {"most": MOST_SCALE_POINTS, "highest": lowest + MOST_SCALE_POINTS - 1},
            )
            return cleaned
        labels = cleaned.get("point_labels")
        if labels and len(labels) != points:
            self.add_error(
                "point_labels",
                ngettext(
                    "The scale from %(lowest)s to %(highest)s has %(points)s points but you "
                    "entered %(count)s word. Enter one on each line for every point",
                    "The scale from %(lowest)s to %(highest)s has %(points)s points but you "
                    "entered %(count)s words. Enter one on each line for every point",
                    len(labels),
                )
                % {"lowest": lowest, "highest": highest, "points": points, "count": len(labels)},
            )
            return cleaned
        try:
            Scale(minimum=lowest, maximum=highest, labels=tuple(labels or ()))
        except InvalidScale as error:
            self.add_error(None, str(error))
        return cleaned


class ConsensusShiftForm(forms.Form):
    """The threshold in points of the community stage's scale ("1" is 1 point), up to its span.

    Without a community stage yet, the scale is the default 1 to 5, the one the deliberation
    would use; the lock checks the threshold again against the stage's scale.
    """

    consensus_shift_points = forms.DecimalField(
        label=_("Consensus-shift threshold, in points"),
        max_digits=7,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the consensus-shift threshold"),
            "invalid": _(
                "Enter the consensus-shift threshold as a number of points, like 1 or 1.5"
            ),
            "max_digits": _(
                "Enter the consensus-shift threshold as a number of points, like 1 or 1.5"
            ),
            "max_whole_digits": _(
                "Enter the consensus-shift threshold as a number of points, like 1 or 1.5"
            ),
            "max_decimal_places": _(
                "The consensus-shift threshold can have at most 2 decimal places, like 1.25"
            ),
        },
    )

    def __init__(self, data: Any = None, *, community_stage: Stage | None, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        default = community_scale()
        self.lowest = default.minimum if community_stage is None else community_stage.scale_min
        self.highest = default.maximum if community_stage is None else community_stage.scale_max
        self.fields["consensus_shift_points"].help_text = gettext(
            "In points on the community recruitment event's scale, which runs from %(lowest)s to "
            "%(highest)s. When the group's agreed score is this far or further from the average "
            "of its private scores, the facilitator must record why. You can use decimals, like "
            "1.5."
        ) % {"lowest": self.lowest, "highest": self.highest}

    def clean_consensus_shift_points(self) -> Decimal:
        points = self.cleaned_data["consensus_shift_points"]
        assert isinstance(points, Decimal)
        if points < 0:
            raise forms.ValidationError(gettext("The consensus-shift threshold must be 0 or more"))
        if points > self.highest - self.lowest:
            raise forms.ValidationError(
                too_large_threshold(lowest=self.lowest, highest=self.highest)
            )
        return points

    @classmethod
    def initial_from(cls, campaign: Campaign) -> dict[str, object]:
        return {"consensus_shift_points": threshold_shown(campaign.consensus_shift_points)}
