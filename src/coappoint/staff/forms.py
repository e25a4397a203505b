"""Forms for staff accounts, worded for GOV.UK error messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coappoint.accounts.models import User
from coappoint.organisations.models import Organisation, Role
from coappoint.staff.services import send_password_reset_email

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.gov.uk")


def _roles_field(label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select at least one role")},
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter their email address"), "invalid": EMAIL_FORMAT},
    )
    roles = _roles_field(_("Roles"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = str(cleaned.get("email", "")).lower()
        roles = set(cleaned.get("roles", []))
        if email and roles:
            held = set(
                self.organisation.memberships.filter(user__email=email).values_list(
                    "role", flat=True
                )
            )
            if roles <= held:
                self.add_error(
                    "email",
                    _("%(email)s already holds these roles. Change their roles on the team page")
                    % {"email": email},
                )
        return cleaned


class RolesForm(forms.Form):
    roles = _roles_field(_("Roles"))


class AcceptInvitationForm(forms.Form):
    """A new account's name and password, checked by Django's validators (common passwords too)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"required": _("Enter your full name")},
    )
    password1 = forms.CharField(
        label=_("Create a password"),
        strip=False,
        help_text=_(
            "At least 12 characters. Not a common password, and not only numbers. Three or "
            "four random words work well."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a password")},
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again")},
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match. Type them again"))
        elif first:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your app"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the code")},
    )


class SignInCodeForm(CodeForm):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": _("Enter the code")},
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation")},
    )
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        help_text=_("Lower case letters, numbers and hyphens, like harbourside"),
        max_length=50,
        error_messages={
            "required": _("Enter a short name for web addresses"),
            "invalid": _("Use only lower case letters, numbers and hyphens"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what kind of organisation it is")},
    )
    manager_email = forms.EmailField(
        label=_("Email address of its first programme manager"),
        error_messages={
            "required": _("Enter the email address of its first programme manager"),
            "invalid": EMAIL_FORMAT,
        },
    )

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if Organisation.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Another organisation already uses %(slug)s. Choose a different short name")
                % {"slug": slug}
            )
        return slug


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending its link through the product's own messaging."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter your email address"), "invalid": EMAIL_FORMAT},
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        # The public address, never the request's Host header (which a sender could choose).
        url = settings.SITE_URL + reverse(
            "staff:password_reset_confirm", args=[context["uid"], context["token"]]
        )
        send_password_reset_email(user=context["user"], url=url)


_NEW_PASSWORD_ERRORS = {
    "password_mismatch": _("The two passwords do not match. Type them again"),
}


class StaffSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    error_messages = {**SetPasswordForm.error_messages, **_NEW_PASSWORD_ERRORS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. Not a common password, and not only numbers."
        )
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].label = _("Type the new password again")
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = _("Type the new password again")


class StaffPasswordChangeForm(PasswordChangeForm, StaffSetPasswordForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        **_NEW_PASSWORD_ERRORS,
        "password_incorrect": _("Your current password is not right. Type it again"),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
