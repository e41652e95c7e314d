"""Platform-wide records that belong to no single domain app: the action log and personal API tokens."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What each action is called on the pages that list them (the code stays the stable key).
ACTION_LABELS = {
    "role.granted": _("Rôle donné"),
    "role.revoked": _("Rôle retiré"),
    "role.operational_expenses_allowed": _("Dépenses ouvertes à l'équipe opérationnelle"),
    "role.operational_expenses_withdrawn": _("Dépenses retirées à l'équipe opérationnelle"),
    "user.invited": _("Invitation envoyée"),
    "user.global_role_changed": _("Rôle global changé"),
    "token.created": _("Jeton d'API créé"),
    "token.revoked": _("Jeton d'API révoqué"),
    "budget.submitted": _("Budget soumis"),
    "budget.approved": _("Budget approuvé"),
    "budget.changes_requested": _("Modifications du budget demandées"),
}


class ActionLog(models.Model):
    """One thing that mattered, done by someone (pretix's `log_action`): who, what, on what, when.

    Field history (django-simple-history) says how a record's values changed; this log says which acts happened
    beyond that: role grants and revocations, global roles, API tokens, admin logins, approvals. Rows are never
    edited nor deleted by the application. The consortium is kept as a plain id so that this base app depends on
    no domain app (and a log row survives the deletion of what it names).
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    actor_label = models.CharField(_("auteur (au moment de l'action)"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    consortium_id = models.BigIntegerField(_("consortium"), null=True, blank=True, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=80, blank=True)
    target_id = models.BigIntegerField(_("objet"), null=True, blank=True)
    target_label = models.CharField(_("objet (au moment de l'action)"), max_length=254, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action journalisée")
        verbose_name_plural = _("journal des actions")
        indexes = [models.Index(fields=["target_type", "target_id"], name="actionlog_target")]

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} · {self.actor_label or '—'} · {self.action}"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


class OutboxTask(models.Model):
    """A background task to send to the broker (an e-mail, a document to build), written in the transaction that
    asked for it: if Redis is down when that transaction commits, the row stays pending and `outbox_flush` (every
    minute in Celery beat, and when a worker starts) sends it later. Nothing asked for is lost, and no request
    fails because the broker is away. See `ols_platform/outbox.py`."""

    task = models.CharField(_("tâche"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tâche à transmettre")
        verbose_name_plural = _("tâches à transmettre")
        indexes = [models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="outbox_pending")]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"


class ApiToken(models.Model):
    """A personal API token (`Authorization: Token <key>`). Only a SHA-256 of the key is stored.

    The key is shown once, when it is made (`ols_platform.tokens.token_create`); the profile shows its first
    characters (`prefix`) so that its owner recognises it. A token stops working when it expires, when its owner
    changes password or loses a role, and — for accounts bound to MFA — while no TOTP authenticator is enrolled.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("compte")
    )
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, unique=True)
    prefix = models.CharField(_("début de la clé"), max_length=8)
    created_at = models.DateTimeField(_("créé le"))
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.prefix}…"


class Notification(models.Model):
    """Something a person should know (a proposal opened, a vote closing soon, an outcome): shown on the platform and
    e-mailed through the outbox (`ols_platform.notifications.notify`, the one call)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    consortium_id = models.BigIntegerField(_("consortium"), null=True, blank=True)
    kind = models.CharField(_("type"), max_length=60)
    title = models.CharField(_("titre"), max_length=250)
    body = models.TextField(_("message"), blank=True, max_length=4000)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("envoyée par e-mail le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title
