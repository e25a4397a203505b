"""The forms of the retention periods page: every category's period, and the privacy contact."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coappoint.retention.models import COUNTED_FROM_WORDS, RetentionCategory
from coappoint.retention.queries import period_in_words
from coappoint.rules.retention import RULES, Category, Period


def in_months(category: Category) -> bool:
    """Whether `category` is kept in months (its default is); otherwise in days."""
    return bool(RULES[category].default.months)


def refusal_for(category: Category, refusal: str) -> str:
    """The service's refusal (what is allowed), naming the field it is about."""
    return gettext("%(refusal)s for “%(category)s”") % {
        "refusal": refusal,
        "category": RetentionCategory(category.value).label,
    }


class RetentionPeriodsForm(forms.Form):
    """One whole number per category, in months or days as its default is, starting from the
    organisation's periods. Whether a number is within bounds is the service's to say."""

    def __init__(self, *args: Any, periods: dict[Category, Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in Category:
            rule = RULES[category]
            label = RetentionCategory(category.value).label
            words = {
                "shortest": period_in_words(rule.shortest),
                "longest": period_in_words(rule.longest),
                "counted_from": COUNTED_FROM_WORDS[rule.counted_from],
            }
            if in_months(category):
                hint = gettext(
                    "A number of months, from %(shortest)s to %(longest)s, "
                    "counted %(counted_from)s."
                )
                whole_number = gettext("Enter a whole number of months for “%(category)s”")
                value = periods[category].months
            else:
                hint = gettext(
                    "A number of days, from %(shortest)s to %(longest)s, counted %(counted_from)s."
                )
                whole_number = gettext("Enter a whole number of days for “%(category)s”")
                value = periods[category].days
            message = whole_number % {"category": label}
            self.fields[category.value] = forms.IntegerField(
                label=label,
                help_text=hint % words,
                initial=value,
                min_value=0,
                max_value=32767,
                error_messages={
                    "required": message,
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            )

    def periods(self) -> dict[Category, Period]:
        """The periods asked for (after `is_valid`)."""
        return {
            category: (
                Period(months=self.cleaned_data[category.value])
                if in_months(category)
                else Period(days=self.cleaned_data[category.value])
            )
            for category in Category
        }


class PrivacyContactForm(forms.Form):
    """Where people ask about their data: an email address, or empty for "contact the council"."""

    email = forms.EmailField(
        required=False,
        max_length=254,
        label=_("Email address for questions about people's data"),
        help_text=_(
            "The privacy notice tells people to write here to see, correct or delete their "
            "information. Leave it empty and it tells them to contact the council."
        ),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like dpo@example.gov.uk")
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
