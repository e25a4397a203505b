"""Every change to staff accounts: starting an organisation, invitations, roles, access, the
second factor and passwords. Each writes its audit row in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from coappoint.accounts.models import User
from coappoint.audit import services as audit
from coappoint.audit.actions import AuditAction
from coappoint.audit.services import Actor
from coappoint.notify.services import send_email
from coappoint.organisations.models import Membership, Organisation, Role
from coappoint.rules.team import leaves_no_programme_manager
from coappoint.staff.models import Invitation

RECOVERY_CODE_COUNT = 10
# Whoever runs `coappoint organisation create` is not a staff member: the row says the service.
COMMAND_LINE = audit.SYSTEM


class InvitationRefusal(Enum):
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    REVOKED = "revoked"


class InvitationRefused(Exception):
    """The invitation cannot be used, and why (shown to the person in plain words)."""

    def __init__(self, reason: InvitationRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class TeamChangeRefused(Exception):
    """A change to the team that would break a rule; the message says which, for the page."""


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    url: str


def hash_secret(secret: str) -> str:
    """What is stored of an invitation link: its SHA-256, never the link."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _roles_after(roles: Iterable[Role]) -> list[str]:
    return sorted(Role(role).value for role in roles)


def _organisations_of(user: User) -> list[Organisation]:
    return list(Organisation.objects.filter(memberships__user=user).distinct())


def _record_for_person(
    *,
    user: User,
    actor: User | Actor,
    action: AuditAction,
    now: datetime,
    after: dict[str, object] | None = None,
) -> None:
    """A change to one person's own sign-in: recorded for each organisation they work in, so
    each organisation's auditors see it."""
    organisations: Sequence[Organisation | None] = _organisations_of(user) or [None]
    for organisation in organisations:
        audit.record(
            organisation=organisation,
            actor=actor,
            action=action,
            target=user,
            after=after,
            now=now,
        )


# Starting an organisation and inviting staff


@transaction.atomic
def create_organisation(
    *,
    name: str,
    slug: str,
    kind: Organisation.Kind,
    manager_email: str,
    actor: User | Actor,
    now: datetime | None = None,
) -> SentInvitation:
    """A new organisation and the invitation of its first programme manager, sent by email."""
    now = _now(now)
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind)
    audit.record(
        now=now,
        organisation=organisation,
        actor=actor,
        action=AuditAction.ORGANISATION_CREATED,
        target=organisation,
        after={"name": name, "slug": slug, "kind": str(kind)},
    )
    return _send_invitation(
        organisation=organisation,
        email=manager_email,
        roles=[Role.PROGRAMME_MANAGER],
        actor=actor,
        now=now,
    )


@transaction.atomic
def invite_staff(
    *,
    organisation: Organisation,
    email: str,
    roles: Iterable[Role],
    actor: User,
    now: datetime | None = None,
) -> SentInvitation:
    """Invite `email` to hold `roles`; an open invitation to the same address is replaced."""
    now = _now(now)
    email = email.strip().lower()
    for older in Invitation.objects.select_for_update().filter(
        organisation=organisation,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ):
        _revoke(older, actor=actor, now=now, reason="replaced")
    return _send_invitation(
        organisation=organisation, email=email, roles=list(roles), actor=actor, now=now
    )


def _send_invitation(
    *,
    organisation: Organisation,
    email: str,
    roles: Sequence[Role],
    actor: User | Actor,
    now: datetime,
) -> SentInvitation:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip().lower(),
        roles=_roles_after(roles),
        secret_hash=hash_secret(token),
        invited_by=actor if isinstance(actor, User) else None,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_DAYS),
    )
    url = settings.SITE_URL + reverse("staff:invitation", args=[token])
    body = render_to_string(
        "staff/invitation_email.txt",
        {
            "organisation": organisation,
            "roles": invitation.role_labels(),
            "url": url,
            "expires_at": invitation.expires_at,
            "invited_by": actor if isinstance(actor, User) else None,
        },
    )
    send_email(
        to=invitation.email,
        subject=_("You are invited to join %(organisation)s on community recruitment")
        % {"organisation": organisation.name},
        body=body,
        organisation=organisation,
        withheld=[url],
    )
    audit.record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.INVITATION_SENT,
        now=now,
        target=invitation,
        after={"roles": invitation.roles},
    )
    return SentInvitation(invitation=invitation, url=url)


def _revoke(invitation: Invitation, *, actor: User | Actor, now: datetime, reason: str) -> None:
    invitation.revoked_at = now
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        organisation=invitation.organisation,
        actor=actor,
        action=AuditAction.INVITATION_REVOKED,
        now=now,
        target=invitation,
        after={"reason": reason},
    )


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, actor: User, now: datetime | None = None) -> None:
    """Stop an open invitation from working."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is None and locked.revoked_at is None:
        _revoke(locked, actor=actor, now=_now(now), reason="revoked")


def find_invitation(*, token: str, now: datetime | None = None, lock: bool = False) -> Invitation:
    """The usable invitation behind `token`, or InvitationRefused saying why not."""
    invitations = Invitation.objects.select_related("organisation")
    if lock:
        invitations = invitations.select_for_update()
    invitation = invitations.filter(secret_hash=hash_secret(token)).first()
    if invitation is None:
        raise InvitationRefused(InvitationRefusal.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationRefused(InvitationRefusal.USED)
    if invitation.revoked_at is not None:
        raise InvitationRefused(InvitationRefusal.REVOKED)
    if invitation.expires_at <= _now(now):
        raise InvitationRefused(InvitationRefusal.EXPIRED)
    return invitation


def _accept(invitation: Invitation, *, user: User, now: datetime) -> None:
    for role in invitation.roles:
        Membership.objects.get_or_create(organisation=invitation.organisation, user=user, role=role)
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        organisation=invitation.organisation,
        actor=user,
        action=AuditAction.INVITATION_ACCEPTED,
        now=now,
        target=invitation,
        after={"roles": invitation.roles},
    )


@transaction.atomic
def accept_invitation_as_new_user(
    *, token: str, full_name: str, password: str, now: datetime | None = None
) -> User:
    """Use the invitation up: a new account with this password, holding the invited roles.

    The caller has checked the password against the validators (the form does).
    """
    now = _now(now)
    invitation = find_invitation(token=token, now=now, lock=True)
    if User.objects.filter(email=invitation.email).exists():
        # Someone made the account since the page was shown: join them to it instead.
        return accept_invitation_for_existing_user(token=token, now=now)
    user = User.objects.create_user(invitation.email, password, full_name=full_name)
    _accept(invitation, user=user, now=now)
    return user


@transaction.atomic
def accept_invitation_for_existing_user(*, token: str, now: datetime | None = None) -> User:
    """Use the invitation up: the account with its email gains the invited roles."""
    now = _now(now)
    invitation = find_invitation(token=token, now=now, lock=True)
    user = User.objects.get(email=invitation.email)
    _accept(invitation, user=user, now=now)
    return user


# The team: roles and access


def _programme_managers(organisation: Organisation) -> list[int]:
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.PROGRAMME_MANAGER)
        .values_list("user_id", flat=True)
    )


def _refuse_if_no_programme_manager_left(organisation: Organisation, person: User) -> None:
    if leaves_no_programme_manager(
        programme_managers=_programme_managers(organisation), losing_the_role=person.pk
    ):
        raise TeamChangeRefused(
            _(
                "%(name)s is the only programme manager. Make someone else a programme manager "
                "first: the organisation always needs one."
            )
            % {"name": person}
        )


@transaction.atomic
def change_roles(
    *,
    organisation: Organisation,
    person: User,
    roles: Iterable[Role],
    actor: User,
    now: datetime | None = None,
) -> None:
    """Give `person` exactly `roles` in `organisation` (one or more)."""
    now = _now(now)
    wanted = {Role(role) for role in roles}
    if not wanted:
        raise TeamChangeRefused(_("Select at least one role, or remove their access instead"))
    held = {
        Role(role)
        for role in Membership.objects.select_for_update()
        .filter(organisation=organisation, user=person)
        .values_list("role", flat=True)
    }
    if not held:
        raise TeamChangeRefused(_("%(name)s is not in this team") % {"name": person})
    if Role.PROGRAMME_MANAGER in held and Role.PROGRAMME_MANAGER not in wanted:
        _refuse_if_no_programme_manager_left(organisation, person)
    before = {"roles": _roles_after(held)}
    after = {"roles": _roles_after(wanted)}
    for role in sorted(wanted - held):
        Membership.objects.create(organisation=organisation, user=person, role=role)
        audit.record(
            organisation=organisation,
            actor=actor,
            action=AuditAction.ROLE_ADDED,
            now=now,
            target=person,
            before=before,
            after={**after, "role": role.value},
        )
    for role in sorted(held - wanted):
        Membership.objects.filter(organisation=organisation, user=person, role=role).delete()
        audit.record(
            organisation=organisation,
            actor=actor,
            action=AuditAction.ROLE_REMOVED,
            now=now,
            target=person,
            before=before,
            after={**after, "role": role.value},
        )


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_generation=user.session_generation + 1)
    user.session_generation += 1


@transaction.atomic
def remove_access(
    *, organisation: Organisation, person: User, actor: User, now: datetime | None = None
) -> None:
    """Take every role `person` holds in `organisation`, revoke their open invitations to it,
    and end every session they have open."""
    now = _now(now)
    _refuse_if_no_programme_manager_left(organisation, person)
    held = _roles_after(
        Role(role)
        for role in Membership.objects.filter(organisation=organisation, user=person).values_list(
            "role", flat=True
        )
    )
    if not held:
        raise TeamChangeRefused(_("%(name)s is not in this team") % {"name": person})
    Membership.objects.filter(organisation=organisation, user=person).delete()
    for invitation in Invitation.objects.select_for_update().filter(
        organisation=organisation,
        email=person.email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ):
        _revoke(invitation, actor=actor, now=now, reason="access removed")
    _end_sessions(person)
    audit.record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ACCESS_REMOVED,
        now=now,
        target=person,
        before={"roles": held},
        after={"roles": []},
    )


# Sessions and passwords


@transaction.atomic
def sign_out_everywhere(*, user: User) -> None:
    """End every session `user` has open, this one included. Like signing out, this is the
    person's own sign-in, not a change to the organisation's records: no audit row."""
    _end_sessions(user)


@transaction.atomic
def record_password_changed(*, user: User, now: datetime | None = None) -> None:
    """Django's view has changed the password (and kept only this session)."""
    _record_for_person(user=user, actor=user, action=AuditAction.PASSWORD_CHANGED, now=_now(now))


@transaction.atomic
def record_password_reset(*, user: User, now: datetime | None = None) -> None:
    """Django's view has set a new password from an emailed link: every session has ended,
    because each holds a hash of the old password."""
    _record_for_person(user=user, actor=user, action=AuditAction.PASSWORD_RESET, now=_now(now))


def send_password_reset_email(*, user: User, url: str) -> None:
    """The reset link, through the product's messaging; the outbox withholds it from staff."""
    body = render_to_string(
        "staff/password_reset_email.txt",
        {"user": user, "url": url, "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )
    organisations = _organisations_of(user)
    send_email(
        to=user.email,
        subject=_("Reset your password for community recruitment"),
        body=body,
        organisation=organisations[0] if organisations else None,
        withheld=[url],
    )


# The second factor


def start_authenticator_set_up(*, user: User) -> TOTPDevice:
    """The authenticator app not yet confirmed: the same secret until it is, so reloading the
    page does not change the QR code the person is scanning."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Recovery codes"), confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_authenticator(
    *, user: User, device: TOTPDevice, code: str, now: datetime | None = None
) -> list[str] | None:
    """Confirm the authenticator app with a code it shows; return ten new recovery codes, or
    None when the code is wrong. Any older authenticator is replaced."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not locked.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _record_for_person(user=user, actor=user, action=AuditAction.TWO_FACTOR_SET_UP, now=_now(now))
    return codes


@transaction.atomic
def regenerate_recovery_codes(*, user: User, now: datetime | None = None) -> list[str]:
    """Ten new recovery codes; the old ones stop working."""
    codes = _new_recovery_codes(user)
    _record_for_person(
        user=user, actor=user, action=AuditAction.RECOVERY_CODES_REGENERATED, now=_now(now)
    )
    return codes


@transaction.atomic
def reset_two_factor(
    *, organisation: Organisation, person: User, actor: User, now: datetime | None = None
) -> None:
    """For a lost device: another programme manager removes `person`'s second factor, so they
    set one up again at their next sign-in. Their sessions end."""
    if person.pk == actor.pk:
        raise TeamChangeRefused(
            _(
                "You cannot reset your own two-factor sign-in: use a recovery code, or ask another "
                "programme manager"
            )
        )
    if not Membership.objects.filter(organisation=organisation, user=person).exists():
        raise TeamChangeRefused(_("%(name)s is not in this team") % {"name": person})
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    _end_sessions(person)
    audit.record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.TWO_FACTOR_RESET,
        target=person,
        now=_now(now),
    )
