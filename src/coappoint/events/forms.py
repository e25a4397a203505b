"""The event plan, agenda and facilitators forms, with errors that name the line or the block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from coappoint.accounts.models import User
from coappoint.campaigns.models import Campaign
from coappoint.events.models import (
    AgendaBlock,
    AgendaBlockKind,
    Event,
    InterpreterLanguage,
    Meetings,
    interpreter_language_name,
)
from coappoint.events.services import (
    AgendaBlockPlan,
    EventPlan,
    agenda_start_times,
    rounds_in_block,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H %M"]
MOST_TABLES = 50
MOST_INTERPRETERS = 20
LONGEST_BLOCK_MINUTES = 480
# GOV.UK asks for text inputs with a numeric keyboard, not type=number (its spinner and scroll).
WHOLE_NUMBER_INPUT = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})


def _known_language_names() -> dict[str, str]:
    """Every way of writing a language we accept (its code, its name here and in English)."""
    names: dict[str, str] = {}
    for language in InterpreterLanguage:
        names[language.value.casefold()] = language.value
        names[str(language.label).casefold()] = language.value
        with translation.override("en"):
            names[str(language.label).casefold()] = language.value
    return names


def format_interpreters(interpreters: dict[str, int]) -> str:
    """The interpreters as the form shows them: one line per language, "Arabic: 1"."""
    return "\n".join(
        f"{interpreter_language_name(code)}: {count}" for code, count in interpreters.items()
    )


def parse_interpreters(text: str) -> dict[str, int]:
    """Read "Arabic: 1" lines into {"ar": 1}; ValidationError naming each bad line."""
    known = _known_language_names()
    interpreters: dict[str, int] = {}
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, count_text = line.partition(":")
        if not colon:
            errors.append(
                gettext(
                    "Line %(number)s: write the language, a colon and the number of "
                    "interpreters, for example Arabic: 1"
                )
                % {"number": number}
            )
            continue
        code = known.get(name.strip().casefold())
        if code is None:
            errors.append(
                gettext(
                    'Line %(number)s: "%(name)s" is not a language we know. Write its name, '
                    "for example Arabic or British Sign Language"
                )
                % {"number": number, "name": name.strip()}
            )
            continue
        count_text = count_text.strip()
        if not count_text.isdigit() or int(count_text) > MOST_INTERPRETERS:
            errors.append(
                gettext(
                    "Line %(number)s: enter the number of %(language)s interpreters as a whole "
                    "number from 0 to %(most)s"
                )
                % {
                    "number": number,
                    "language": interpreter_language_name(code),
                    "most": MOST_INTERPRETERS,
                }
            )
            continue
        if code in interpreters:
            errors.append(
                gettext("Line %(number)s: %(language)s is given twice. Give each language once")
                % {"number": number, "language": interpreter_language_name(code)}
            )
            continue
        interpreters[code] = int(count_text)
    if errors:
        raise forms.ValidationError(errors)
    return {code: count for code, count in interpreters.items() if count > 0}


MOST_ROUNDS = 100


def _whole_number_messages(message: StrOrPromise) -> dict[str, StrOrPromise]:
    return dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)


class EventPlanForm(forms.Form):
    """The day's plan: where, when, tables, interpreters and how the conversations run."""

    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the campaign"),
            "invalid_choice": _("Choose the campaign"),
        },
    )
    name = forms.CharField(
        label=_("Name of the day"),
        help_text=_("For example, Northfield community recruitment day"),
        max_length=200,
        error_messages={"required": _("Enter the name of the day")},
    )
    date = forms.DateField(
        label=_("Date"),
        help_text=_("For example, 12/12/2026"),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the date of the day"),
            "invalid": _("Enter the date as day, month and year, for example 12/12/2026"),
        },
    )
    venue_name = forms.CharField(
        label=_("Venue"),
        help_text=_("For example, Northfield Community Centre"),
        max_length=200,
        error_messages={"required": _("Enter the name of the venue")},
    )
    venue_address = forms.CharField(
        label=_("Venue address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the address of the venue")},
    )
    access_information = forms.CharField(
        label=_("Access information (optional)"),
        help_text=_(
            "For example, step-free entrance, hearing loop, accessible toilet, parking, "
            "nearest bus stop"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    tables = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Number of tables"),
        help_text=_("The most conversations that can happen at the same time"),
        min_value=1,
        max_value=MOST_TABLES,
        error_messages=_whole_number_messages(
            _("Enter the number of tables as a whole number from 1 to 50")
        ),
    )
    interpreters = forms.CharField(
        label=_("Interpreters on the day (optional)"),
        help_text=_(
            "One line for each language with how many interpreters will be there, for "
            "example Arabic: 1 or British Sign Language: 2"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    conversation_minutes = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Length of each conversation, in minutes"),
        min_value=1,
        max_value=60,
        error_messages=_whole_number_messages(
            _("Enter the length of each conversation as a whole number of minutes from 1 to 60")
        ),
    )
    rounds = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Number of rounds (optional)"),
        help_text=_(
            "How many conversations each table has in turn. Changing it makes the one-to-one "
            "conversations block of the agenda that many conversations long"
        ),
        min_value=1,
        max_value=MOST_ROUNDS,
        required=False,
        error_messages=_whole_number_messages(
            _("Enter the number of rounds as a whole number from 1 to 100")
        ),
    )
    most_conversations_in_a_row = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Most conversations in a row before a rest"),
        help_text=_("Recruiters and candidates then rest for one conversation"),
        min_value=1,
        max_value=20,
        error_messages=_whole_number_messages(
            _("Enter the most conversations in a row as a whole number from 1 to 20")
        ),
    )
    meetings = forms.ChoiceField(
        label=_("Who meets whom"),
        choices=Meetings.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who meets whom")},
    )
    recruiters_per_candidate = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("If each candidate meets a set number: how many recruiters (optional)"),
        min_value=1,
        max_value=100,
        required=False,
        error_messages=_whole_number_messages(
            _("Enter how many recruiters each candidate meets as a whole number, 1 or more")
        ),
    )

    def __init__(
        self,
        *args: Any,
        campaigns: QuerySet[Campaign] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if campaigns is None:
            del self.fields["campaign"]
        else:
            # A new day gets the usual agenda; its rounds are set once it has one.
            del self.fields["rounds"]
            campaign_field = self.fields["campaign"]
            assert isinstance(campaign_field, forms.ModelChoiceField)
            campaign_field.queryset = campaigns

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        return {
            "name": event.name,
            "date": event.date.strftime("%d/%m/%Y"),
            "venue_name": event.venue_name,
            "venue_address": event.venue_address,
            "access_information": event.access_information,
            "tables": event.tables,
            "interpreters": format_interpreters(event.interpreters),
            "conversation_minutes": event.conversation_minutes,
            "most_conversations_in_a_row": event.most_conversations_in_a_row,
            "meetings": event.meetings,
            "recruiters_per_candidate": event.recruiters_per_candidate,
            "rounds": rounds_in_block(event),
        }

    def clean_interpreters(self) -> dict[str, int]:
        return parse_interpreters(self.cleaned_data.get("interpreters") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("meetings") == Meetings.PER_CANDIDATE
            and cleaned.get("recruiters_per_candidate") is None
            and "recruiters_per_candidate" not in self.errors
        ):
            self.add_error(
                "recruiters_per_candidate",
                gettext("Enter how many recruiters each candidate meets"),
            )
        return cleaned

    def plan(self) -> EventPlan:
        data = self.cleaned_data
        per_candidate = data["meetings"] == Meetings.PER_CANDIDATE
        return EventPlan(
            name=data["name"],
            date=data["date"],
            venue_name=data["venue_name"],
            venue_address=data["venue_address"],
            access_information=data["access_information"],
            tables=data["tables"],
            interpreters=data["interpreters"],
            conversation_minutes=data["conversation_minutes"],
            most_conversations_in_a_row=data["most_conversations_in_a_row"],
            meetings=data["meetings"],
            recruiters_per_candidate=data["recruiters_per_candidate"] if per_candidate else None,
        )


@dataclass(frozen=True)
class AgendaRow:
    """One block's fields, as the agenda page lays them out."""

    number: int
    block: AgendaBlock | None
    title: forms.BoundField
    minutes: forms.BoundField
    order: forms.BoundField
    remove: forms.BoundField | None


class AgendaForm(forms.Form):
    """The whole agenda on one page: the day's start, each block's title, minutes and order.

    Start times are not typed: each block starts when the one before it ends.
    """

    day_starts_at = forms.TimeField(
        label=_("The day starts at"),
        help_text=_("Use the 24-hour clock, for example 10:00"),
        input_formats=TIME_INPUT_FORMATS,
        error_messages={
            "required": _("Enter the time the day starts, for example 10:00"),
            "invalid": _("Enter the time the day starts as hours and minutes, for example 10:00"),
        },
    )
    new_title = forms.CharField(
        label=pgettext_lazy("name of an agenda block", "Title"), max_length=200, required=False
    )
    new_minutes = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Minutes"),
        min_value=1,
        max_value=LONGEST_BLOCK_MINUTES,
        required=False,
        error_messages=_whole_number_messages(
            _("Enter the minutes for the new block as a whole number from 1 to 480")
        ),
    )
    new_order = forms.IntegerField(
        widget=WHOLE_NUMBER_INPUT,
        label=_("Order"),
        min_value=1,
        max_value=99,
        required=False,
        error_messages=_whole_number_messages(
            _("Enter the order of the new block as a whole number, for example 3")
        ),
    )

    def __init__(
        self, *args: Any, blocks: Sequence[AgendaBlock], conversation_minutes: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agenda_blocks = list(blocks)
        self.conversation_minutes = conversation_minutes
        for number, block in enumerate(self.agenda_blocks, start=1):
            names = {"number": number, "title": block.title}
            self.fields[f"block_{block.pk}_title"] = forms.CharField(
                label=pgettext_lazy("name of an agenda block", "Title"),
                max_length=200,
                initial=block.title,
                error_messages={
                    "required": gettext("Enter a title for block %(number)s") % names,
                    "max_length": gettext(
                        "The title of block %(number)s must be 200 characters or fewer"
                    )
                    % names,
                },
            )
            self.fields[f"block_{block.pk}_minutes"] = forms.IntegerField(
                widget=WHOLE_NUMBER_INPUT,
                label=_("Minutes"),
                min_value=1,
                max_value=LONGEST_BLOCK_MINUTES,
                initial=block.duration_minutes,
                error_messages=_whole_number_messages(
                    gettext(
                        "Enter the minutes for block %(number)s (%(title)s) as a whole number "
                        "from 1 to 480"
                    )
                    % names
                ),
            )
            self.fields[f"block_{block.pk}_order"] = forms.IntegerField(
                widget=WHOLE_NUMBER_INPUT,
                label=_("Order"),
                min_value=1,
                max_value=99,
                initial=number,
                error_messages=_whole_number_messages(
                    gettext(
                        "Enter the order of block %(number)s (%(title)s) as a whole number, "
                        "for example %(number)s"
                    )
                    % names
                ),
            )
            if block.kind != AgendaBlockKind.CONVERSATIONS:
                self.fields[f"block_{block.pk}_remove"] = forms.BooleanField(
                    label=_("Remove this block"), required=False
                )
        self.fields["new_order"].initial = len(self.agenda_blocks) + 1

    def rows(self) -> list[AgendaRow]:
        rows = [
            AgendaRow(
                number=number,
                block=block,
                title=self[f"block_{block.pk}_title"],
                minutes=self[f"block_{block.pk}_minutes"],
                order=self[f"block_{block.pk}_order"],
                remove=(
                    self[f"block_{block.pk}_remove"]
                    if f"block_{block.pk}_remove" in self.fields
                    else None
                ),
            )
            for number, block in enumerate(self.agenda_blocks, start=1)
        ]
        rows.append(
            AgendaRow(
                number=len(rows) + 1,
                block=None,
                title=self["new_title"],
                minutes=self["new_minutes"],
                order=self["new_order"],
                remove=None,
            )
        )
        return rows

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for number, block in enumerate(self.agenda_blocks, start=1):
            minutes = cleaned.get(f"block_{block.pk}_minutes")
            if (
                block.kind == AgendaBlockKind.CONVERSATIONS
                and minutes is not None
                and minutes < self.conversation_minutes
            ):
                self.add_error(
                    f"block_{block.pk}_minutes",
                    gettext(
                        "Block %(number)s (%(title)s) must last at least %(minutes)s minutes, "
                        "the length of one conversation"
                    )
                    % {
                        "number": number,
                        "title": block.title,
                        "minutes": self.conversation_minutes,
                    },
                )
        new_title = (cleaned.get("new_title") or "").strip()
        new_minutes = cleaned.get("new_minutes")
        if new_title and new_minutes is None and "new_minutes" not in self.errors:
            self.add_error("new_minutes", gettext("Enter the minutes for the new block"))
        if new_minutes is not None and not new_title:
            self.add_error("new_title", gettext("Enter a title for the new block"))
        if not self.errors:
            try:
                agenda_start_times(
                    cleaned["day_starts_at"], [plan.duration_minutes for plan in self.blocks()]
                )
            except ValueError:
                self.add_error(
                    "day_starts_at",
                    gettext(
                        "The agenda ends after midnight: start the day earlier or shorten a block"
                    ),
                )
        return cleaned

    def blocks(self) -> list[AgendaBlockPlan]:
        """The blocks kept and added, in their new order (ties keep the old order)."""
        data = self.cleaned_data
        ordered: list[tuple[int, int, AgendaBlockPlan]] = []
        for index, block in enumerate(self.agenda_blocks):
            if data.get(f"block_{block.pk}_remove"):
                continue
            ordered.append(
                (
                    data[f"block_{block.pk}_order"],
                    index,
                    AgendaBlockPlan(
                        title=data[f"block_{block.pk}_title"].strip(),
                        duration_minutes=data[f"block_{block.pk}_minutes"],
                        block_id=block.pk,
                    ),
                )
            )
        new_title = (data.get("new_title") or "").strip()
        if new_title:
            ordered.append(
                (
                    data.get("new_order") or len(self.agenda_blocks) + 1,
                    len(self.agenda_blocks),
                    AgendaBlockPlan(title=new_title, duration_minutes=data["new_minutes"]),
                )
            )
        return [plan for _order, _index, plan in sorted(ordered, key=lambda row: row[:2])]


class EventFacilitatorsForm(forms.Form):
    """Who facilitates the event, from the staff holding the facilitator role; none for all."""

    facilitators = forms.ModelMultipleChoiceField(
        label=_("Who facilitates this event?"),
        help_text=_(
            "Only staff who hold the facilitator role are listed. If you choose nobody, every "
            "one of them counts as facilitating it."
        ),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Select only people who hold the facilitator role"),
        },
    )

    def __init__(self, data: Any = None, *, holders: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        field = self.fields["facilitators"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = holders
