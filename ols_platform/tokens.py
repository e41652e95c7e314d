"""Personal API tokens: made, checked and revoked here only.

A key is 40 random hex characters handed out once; the database keeps its SHA-256 (a key this random needs no
salt nor slow hash) and its first characters. A token works until it expires (`API_TOKEN_TTL_DAYS`), and only while
its owner is active and — for accounts bound to MFA (AVIQ reviewers, staff, admins) — has a TOTP authenticator.

Tokens are revoked when their owner's access changes: the password (whatever the path — allauth change or reset,
the admin, `set_password()` then `save()`), deactivation, or the loss of a global flag are caught by one model-level
hook on the user (`connect_signals`); the loss of a consortium role by `consortia.services.roles.role_revoke`.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models.signals import post_save, pre_save
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .audit import log_action
from .errors import DomainError
from .middleware import has_totp
from .models import ApiToken

# `last_used_at` is written at most this often, so that a busy client does not write on every call.
LAST_USED_PRECISION = timedelta(minutes=1)


class RevokeReason(models.TextChoices):
    RENEWED = "renewed", gettext_lazy("remplacé par un nouveau jeton")
    BY_OWNER = "revoked_by_owner", gettext_lazy("révoqué depuis le profil")
    PASSWORD_CHANGED = "password_changed", gettext_lazy("mot de passe changé")
    ROLE_REVOKED = "role_revoked", gettext_lazy("rôle retiré dans un consortium")
    GLOBAL_ROLE_REMOVED = "global_role_removed", gettext_lazy("rôle global retiré")
    DEACTIVATED = "deactivated", gettext_lazy("compte désactivé")


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its key: the only moment the key is known."""

    token: ApiToken
    key: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_ttl() -> timedelta:
    return timedelta(days=settings.API_TOKEN_TTL_DAYS)


def token_of(user) -> ApiToken | None:
    """The user's current token (there is at most one)."""
    return ApiToken.objects.filter(user=user).select_related("user").first()


def token_create(*, actor, user, request=None) -> NewToken:
    """Give `user` a new token, replacing the previous one; returns the key, which is stored nowhere."""
    if not user.is_active:
        raise DomainError(
            _("Le compte « %s » est désactivé : il ne peut pas utiliser l'API.") % user.email, code="account_inactive"
        )
    with transaction.atomic():
        # Two creations at once for one person run one after the other, so that only one token survives.
        get_user_model().objects.select_for_update().only("pk").get(pk=user.pk)
        tokens_revoke_for_user(user=user, actor=actor, reason=RevokeReason.RENEWED, request=request)
        key = secrets.token_hex(20)
        now = timezone.now()
        token = ApiToken.objects.create(
            user=user, key_hash=hash_key(key), prefix=key[:8], created_at=now, expires_at=now + token_ttl()
        )
        log_action(
            "token.created",
            actor=actor,
            target=user,
            data={"prefix": token.prefix, "expires_at": token.expires_at.isoformat()},
            request=request,
        )
    return NewToken(token=token, key=key)


def token_revoke(*, actor, token: ApiToken, reason: str, request=None) -> None:
    with transaction.atomic():
        deleted, _rows = ApiToken.objects.filter(pk=token.pk).delete()
        if deleted:  # a double submit finds it gone: nothing more to record
            log_action(
                "token.revoked",
                actor=actor,
                target=token.user,
                data={"prefix": token.prefix, "reason": str(reason)},
                request=request,
            )


def tokens_revoke_for_user(*, user, actor=None, reason: str, request=None) -> int:
    """Revoke every token of `user` (each one logged with `reason`); returns how many there were."""
    tokens = list(ApiToken.objects.filter(user=user).select_related("user"))
    for token in tokens:
        token_revoke(actor=actor, token=token, reason=reason, request=request)
    return len(tokens)


# --- authentication of API calls --------------------------------------------------------------------------------


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, checked against the stored hash, the expiry, the account and its MFA."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Jeton d'API invalide."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Ce compte est désactivé."), code="account_inactive")
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("Jeton expiré le %s : créez-en un nouveau sur votre profil.")
                % formats.date_format(timezone.localtime(token.expires_at), "SHORT_DATE_FORMAT"),
                code="token_expired",
            )
        if user.must_use_mfa and not has_totp(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "Ce compte doit utiliser la double authentification : activez-la (TOTP) en vous connectant "
                    "à la plateforme avant d'utiliser un jeton d'API."
                ),
                code="mfa_required",
            )
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (user, token)


# --- the model-level hook: access changes on the user revoke the tokens ---------------------------------------

_WATCHED = ("password", "is_active", "aviq_reviewer", "is_staff", "is_superuser")


def _revocation_reason(before: dict, user) -> RevokeReason | None:
    if before["is_active"] and not user.is_active:
        return RevokeReason.DEACTIVATED
    if before["password"] != user.password:
        return RevokeReason.PASSWORD_CHANGED
    if any(before[flag] and not getattr(user, flag) for flag in ("aviq_reviewer", "is_staff", "is_superuser")):
        return RevokeReason.GLOBAL_ROLE_REMOVED
    return None


def _note_access_change(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(_WATCHED):
        return  # e.g. the login's `last_login` update: no extra query
    before = sender.objects.filter(pk=instance.pk).values(*_WATCHED).first()
    if before is not None:
        instance._token_revocation = _revocation_reason(before, instance)


def _revoke_on_access_change(sender, instance, raw=False, **kwargs):
    reason = instance.__dict__.pop("_token_revocation", None)
    if reason is not None:
        tokens_revoke_for_user(user=instance, reason=reason)


def connect_signals() -> None:
    user_model = get_user_model()
    pre_save.connect(_note_access_change, sender=user_model, dispatch_uid="api_tokens_note_access_change")
    post_save.connect(_revoke_on_access_change, sender=user_model, dispatch_uid="api_tokens_revoke_on_change")
