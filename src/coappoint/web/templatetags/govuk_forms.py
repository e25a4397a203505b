"""Render Django form fields and error summaries through GOV.UK Frontend's own macros.

govuk-frontend-django renders components from the maintained Jinja port of GOV.UK Frontend's
macros but leaves form fields unimplemented; this library maps a bound field onto the right
macro (input, textarea, radios, checkboxes, select) so no GOV.UK markup is hand-copied.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from coappoint.web.govuk_rendering import render_component

register = template.Library()


def render_macro(name: str, params: dict[str, Any]) -> SafeString:
    """Render the GOV.UK Frontend component `name` (e.g. "error-summary") with `params`.

    The markup comes from the maintained Jinja port of GOV.UK Frontend's own macros.
    """
    macro_name = "govuk" + "".join(part.capitalize() for part in name.split("-"))
    return render_component(
        f"govuk_frontend_jinja/components/{name}/macro.html", macro_name, params
    )


@register.simple_tag
def govuk(name: str, params: dict[str, Any]) -> SafeString:
    """Render any GOV.UK Frontend component from params built in Python (views, context)."""
    return render_macro(name, dict(params))


def error_message_params(field: forms.BoundField) -> dict[str, str] | None:
    """A field's errors for GOV.UK's error message, with the word a screen reader says before
    them in the reader's language (GOV.UK Frontend would say "Error" in English)."""
    if not field.errors:
        return None
    return {
        "text": " ".join(str(error) for error in field.errors),
        "visuallyHiddenText": pgettext("said before an error message", "Error"),
    }


def _label_or_legend(
    field: forms.BoundField, label_class: str, is_page_heading: bool
) -> dict[str, Any]:
    return {
        "text": str(field.label),
        "classes": label_class,
        "isPageHeading": is_page_heading,
    }


@register.simple_tag
def govuk_field(
    field: forms.BoundField,
    label_class: str = "govuk-label--s",
    is_page_heading: bool = False,
    input_class: str = "",
) -> SafeString:
    """Render `field` with the GOV.UK macro that fits its widget, with hint and inline error."""
    widget = field.field.widget
    common: dict[str, Any] = {
        "id": field.id_for_label or field.auto_id,
        "name": field.html_name,
        "errorMessage": error_message_params(field),
    }
    if field.help_text:
        common["hint"] = {"text": str(field.help_text)}
    attributes = {
        key: value
        for key, value in widget.attrs.items()
        if key not in {"autocomplete", "inputmode", "spellcheck", "autocapitalize"}
    }
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        selected = field.value()
        selected_values = (
            {str(value) for value in selected}
            if isinstance(selected, list | tuple)
            else {str(selected)}
        )
        items = [
            {
                "value": str(value),
                "text": str(text),
                "checked": str(value) in selected_values,
            }
            for value, text in field.field.choices  # type: ignore[attr-defined]
        ]
        params = {
            **common,
            "idPrefix": field.auto_id,
            "items": items,
            "fieldset": {
                "legend": {
                    **_label_or_legend(
                        field, label_class.replace("label", "fieldset__legend"), is_page_heading
                    )
                }
            },
        }
        params.pop("id")
        # CheckboxSelectMultiple is a subclass of RadioSelect, so ask about it first.
        macro = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        return render_macro(macro, params)
    if isinstance(widget, forms.CheckboxInput):
        params = {
            **common,
            "idPrefix": field.auto_id,
            "items": [
                {
                    "value": "on",
                    "text": str(field.label),
                    "checked": bool(field.value()),
                    "id": field.auto_id,
                }
            ],
        }
        params.pop("id")
        return render_macro("checkboxes", params)
    if isinstance(widget, forms.Select):
        params = {
            **common,
            "label": _label_or_legend(field, label_class, is_page_heading),
            "value": "" if field.value() is None else str(field.value()),
            "items": [
                {"value": str(value), "text": str(text)}
                for value, text in field.field.choices  # type: ignore[attr-defined]
            ],
        }
        return render_macro("select", params)
    value = field.value()
    params = {
        **common,
        "label": _label_or_legend(field, label_class, is_page_heading),
        "value": "" if value is None else str(value),
        "classes": input_class or None,
        "attributes": attributes or None,
        "autocomplete": widget.attrs.get("autocomplete"),
        "inputmode": widget.attrs.get("inputmode"),
        "spellcheck": widget.attrs.get("spellcheck"),
        "autocapitalize": widget.attrs.get("autocapitalize"),
    }
    if isinstance(widget, forms.Textarea):
        return render_macro("textarea", params)
    if isinstance(widget, forms.PasswordInput):
        params["value"] = ""
    params["type"] = getattr(widget, "input_type", "text")
    return render_macro("input", params)


@register.simple_tag
def govuk_error_summary(*forms_with_errors: object) -> SafeString | str:
    """An error summary linking each error to its field; empty when no form has errors.

    Anything that is not a form is skipped: a page may name forms it shows only sometimes (the
    facilitator's attendance forms exist only once there is a timetable), and the template
    language passes an empty string for a missing one.
    """
    error_list: list[dict[str, str]] = []
    for form in forms_with_errors:
        if not isinstance(form, forms.BaseForm) or not form.errors:
            continue
        for error in form.non_field_errors():
            error_list.append({"text": str(error), "href": "#main-content"})
        for field in form:
            if field.errors:
                if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                    anchor = f"{field.auto_id}"
                else:
                    anchor = field.id_for_label or field.auto_id
                error_list.append(
                    {"text": " ".join(str(e) for e in field.errors), "href": f"#{anchor}"}
                )
    if not error_list:
        return ""

    return render_macro(
        "error-summary", {"titleText": gettext("There is a problem"), "errorList": error_list}
    )
