"""Django form fields rendered through GOV.UK Frontend's macros pick the right component."""

from __future__ import annotations

from django import forms

from coappoint.web.templatetags.govuk_forms import govuk_error_summary, govuk_field


class _Form(forms.Form):
    days = forms.MultipleChoiceField(
        label="Which days?",
        choices=[("sat", "Saturday"), ("sun", "Sunday")],
        widget=forms.CheckboxSelectMultiple,
    )
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    name = forms.CharField(label="Name", help_text="As you like to be called")


def test_several_choices_render_as_checkboxes_that_keep_every_choice_made() -> None:
    html = govuk_field(_Form({"days": ["sat", "sun"]})["days"])
    assert 'class="govuk-checkboxes__input"' in html
    assert 'type="checkbox"' in html
    assert html.count("checked") == 2


def test_one_choice_renders_as_radios() -> None:
    html = govuk_field(_Form({"colour": "blue"})["colour"])
    assert 'type="radio"' in html
    assert html.count("checked") == 1


def test_an_error_is_shown_inline_and_in_the_summary_linked_to_its_field() -> None:
    form = _Form({"name": ""})
    form.is_valid()
    assert "govuk-error-message" in govuk_field(form["name"])
    summary = govuk_error_summary(form)
    assert 'href="#id_name"' in summary
    assert 'href="#id_days"' in summary


def test_hints_and_values_are_escaped() -> None:
    html = govuk_field(_Form({"name": "<script>x</script>"})["name"])
    assert "<script>x" not in html
    assert "As you like to be called" in html
