"""Emails about accounts, sent by the worker after the transaction that asked for them commits."""

from celery import shared_task
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ols_platform.site_links import absolute_url, base_url

from .invitations import invitation_link

account_email_task = shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)


def _send(template: str, recipient: str, context: dict, base: str | None) -> None:
    """Mail `consortia/email/<template>.txt` (its subject from `<template>_subject.txt`), in French; its links on
    `base` (computed when the mail was queued, `ols_platform.site_links`)."""
    with translation.override("fr"):
        context = {**context, "site_url": base or base_url()}
        send_mail(
            subject=render_to_string(f"consortia/email/{template}_subject.txt", context).strip(),
            message=render_to_string(f"consortia/email/{template}.txt", context),
            from_email=None,
            recipient_list=[recipient],
        )


@account_email_task
def send_invitation_email(
    user_id: int, inviter_name: str, consortium_name: str | None, base: str | None = None
) -> None:
    from .models import User

    user = User.objects.filter(pk=user_id).first()
    if user is None or user.has_usable_password():
        return  # already joined: an invitation link is only for a first password
    context = {
        "user": user,
        "inviter_name": inviter_name,
        "consortium_name": consortium_name,
        "link": invitation_link(user, base),
    }
    _send("invitation", user.email, context, base)


@account_email_task
def send_role_email(user_id: int, consortium_id: int, role: str, base: str | None = None) -> None:
    from .models import Consortium, ConsortiumRole, User

    user = User.objects.filter(pk=user_id).first()
    consortium = Consortium.objects.filter(pk=consortium_id).first()
    if user is None or consortium is None:
        return
    role_label = ConsortiumRole.Role(role).label  # lazy: translated when the email renders, in French
    link = absolute_url(reverse("consortia:detail", kwargs={"consortium_id": consortium.pk}), base)
    _send("role", user.email, {"user": user, "consortium": consortium, "role_label": role_label, "link": link}, base)
