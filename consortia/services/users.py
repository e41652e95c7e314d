"""Writes on accounts: invitations, names, the AVIQ reviewer flag, login addresses."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ols_platform.audit import log_action
from ols_platform.collation import french_key
from ols_platform.errors import DomainError
from ols_platform.outbox import enqueue
from ols_platform.site_links import base_url

from ..models import (
    Consortium,
    ConsortiumRole,
    User,
)
from ..tasks import send_invitation_email
from .base import bump_revision, full_clean_or_refuse, lock_consortia


def user_invite(
    *,
    actor,
    email: str,
    first_name: str = "",
    last_name: str = "",
    aviq_reviewer: bool = False,
    consortium: Consortium | None = None,
) -> User:
    """Create an account without a password and send its owner a link to choose one."""
    email = (email or "").strip().lower()
    if not email:
        raise DomainError(_("Indiquez une adresse e-mail."), code="invalid", field="email")
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise DomainError(_("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email")
        user = User(email=email, first_name=first_name[:150], last_name=last_name[:150], aviq_reviewer=aviq_reviewer)
        user.set_unusable_password()
        full_clean_or_refuse(user, exclude=["password"])
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address invited at the same instant
            raise DomainError(
                _("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email"
            ) from None
        log_action(
            "user.invited",
            actor=actor,
            target=user,
            consortium=consortium,
            data={"consortium": consortium.name} if consortium else {"global_role": user.global_role},
        )
        enqueue(send_invitation_email, user.pk, str(actor), consortium.name if consortium else None, base_url())
        return user


def user_update(*, actor, user: User, data: dict) -> User:
    """Change a person's name or AVIQ reviewer flag. The platform admin role is given with createsuperuser only."""
    with transaction.atomic():
        lock_consortia(_consortia_of(user))  # their pages name the person: locked before the user, like role_grant
        user = User.objects.select_for_update().get(pk=user.pk)
        for key in ("first_name", "last_name"):
            if key in data:
                setattr(user, key, (data[key] or "").strip())
        if "global_role" in data and data["global_role"] != user.global_role:
            if user.is_superuser or data["global_role"] == "platform_admin":
                raise DomainError(
                    _("Le rôle d'administrateur de la plateforme ne se donne ni ne se retire ici."),
                    code="platform_admin_role",
                    field="global_role",
                )
            if data["global_role"] not in (None, User.GlobalRole.AVIQ_REVIEWER):
                raise DomainError(_("Rôle global inconnu."), code="invalid", field="global_role")
            if data["global_role"] == User.GlobalRole.AVIQ_REVIEWER:
                _check_may_review(user)
            previous = user.global_role
            user.aviq_reviewer = data["global_role"] == User.GlobalRole.AVIQ_REVIEWER
            log_action(
                "user.global_role_changed",
                actor=actor,
                target=user,
                data={"global_role": user.global_role, "previous": previous},
            )
        full_clean_or_refuse(user, exclude=["password"])
        user.save()  # losing the reviewer flag revokes the user's API tokens (ols_platform.tokens)
        bump_revision(_consortia_of(user))
        return user


def _consortia_of(user: User):
    """The ids of the consortia where the person holds a role (a subquery), whose pages show their name."""
    return ConsortiumRole.objects.filter(user=user).values("consortium_id")


def _check_may_review(user: User) -> None:
    names = sorted(
        set(ConsortiumRole.objects.filter(user=user).values_list("consortium__name", flat=True)), key=french_key
    )
    if names:
        raise DomainError(
            _(
                "%(person)s a un rôle dans %(consortia)s : un·e agent·e AVIQ ne peut tenir aucun rôle dans un "
                "consortium. Retirez d'abord ces rôles."
            )
            % {"person": user.email, "consortia": ", ".join(names)},
            code="reviewer_cannot_hold_role",
            field="global_role",
        )


def user_email_confirm(*, user: User) -> None:
    """Record that `user` reads the mailbox of their login address (they used a link sent there).

    That address becomes their one verified, primary allauth address (what TOTP enrolment asks for); any other
    address on the account is dropped (people do not manage their own addresses), and so are other accounts'
    unverified claims on this one.
    """
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        EmailAddress.objects.filter(email__iexact=user.email, verified=False).exclude(user=user).delete()
        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).delete()
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is None:
            address = EmailAddress(user=user, email=user.email)
        address.email, address.verified, address.primary = user.email, True, True
        address.save()


def user_email_change(*, actor, user: User, email: str, request=None) -> User:
    """Give a person a new login address (platform admins only, people do not change their own).

    The new address replaces every other one on the account, unconfirmed until its owner follows the link allauth
    mails to it (sent after the commit, when `request` is given to build the link).
    """
    from allauth.account.models import EmailAddress

    email = (email or "").strip().lower()
    with transaction.atomic():
        lock_consortia(_consortia_of(user))
        user = User.objects.select_for_update().get(pk=user.pk)
        if email == user.email:
            return user
        previous = user.email
        user.email = email
        full_clean_or_refuse(user, exclude=["password"])
        taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
        if taken or EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=user).exists():
            raise DomainError(_("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email")
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise DomainError(
                _("Un compte existe déjà pour %s.") % email, code="duplicate_email", field="email"
            ) from None
        EmailAddress.objects.filter(user=user).delete()
        address = EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
        bump_revision(_consortia_of(user))
        log_action(
            "user.email_changed", actor=actor, target=user, data={"from": previous, "to": email}, request=request
        )
        if request is not None:
            transaction.on_commit(lambda: _send_address_confirmation(address, request))
        return user


def _send_address_confirmation(address, request) -> None:
    from allauth.core.context import request_context

    with request_context(request):  # allauth builds the link from the request it is serving
        address.send_confirmation(request)
