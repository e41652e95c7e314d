"""Emails about accounts, sent by the worker after the transaction that asked for them commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)
def send_invitation_email(user_id: int, inviter_name: str, consortium_name: str | None) -> None:
    from .models import User
    from .services import invitation_link

    user = User.objects.filter(pk=user_id).first()
    if user is None or user.has_usable_password():
        return  # already joined: an invitation link is only for a first password
    with translation.override("fr"):
        context = {
            "user": user,
            "inviter_name": inviter_name,
            "consortium_name": consortium_name,
            "link": invitation_link(user),
            "site_url": settings.SITE_URL,
        }
        send_mail(
            subject=render_to_string("consortia/email/invitation_subject.txt", context).strip(),
            message=render_to_string("consortia/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50
)
def send_role_email(user_id: int, consortium_id: int, role: str) -> None:
    from .models import Consortium, ConsortiumRole, User

    user = User.objects.filter(pk=user_id).first()
    consortium = Consortium.objects.filter(pk=consortium_id).first()
    if user is None or consortium is None:
        return
    with translation.override("fr"):
        context = {
            "user": user,
            "consortium": consortium,
            "role_label": ConsortiumRole.Role(role).label,
            "site_url": settings.SITE_URL,
        }
        send_mail(
            subject=render_to_string("consortia/email/role_subject.txt", context).strip(),
            message=render_to_string("consortia/email/role.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
