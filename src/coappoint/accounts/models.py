"""A staff user, identified by email address; roles come from organisation memberships."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    """Creates users by email address, as `createsuperuser` and the demo need."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("A staff user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A member of council staff. `is_staff` means support staff who may open the admin."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_demo = models.BooleanField(
        default=False,
        help_text="A made-up demo account: may sign in by link, but only when demo mode is on.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Raised to end every session this person has open (sign out everywhere, access removed,
    # second factor reset): each session holds a hash of it and is refused once it changes.
    session_generation = models.PositiveIntegerField(default=0)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["full_name"]

    class Meta:
        ordering = ("full_name",)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_session_auth_hash(self) -> str:
        return self._session_hash(None)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)

    def _session_hash(self, secret: str | None) -> str:
        # Django's own hash covers the password, so a new password ends other sessions; the
        # generation lets a session end without one. Generation 0 is Django's own hash, so the
        # sessions open when this was deployed carry on.
        if self.session_generation == 0:
            return salted_hmac(
                "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
                self.password,
                secret=secret,
                algorithm="sha256",
            ).hexdigest()
        return salted_hmac(
            "coappoint.accounts.User.session",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()
