"""The login backend: Django's ModelBackend, with the user of a session read from the cache.

Every page reads its user (`request.user`): one query, a third of the database round trips of a page served from
the cache. The user row is kept in the cache for USER_SECONDS and dropped whenever it is saved or deleted (after the
commit too, so that a request reading the old row meanwhile cannot put it back). The checks stay Django's: an
inactive user is refused, and the session's hash is compared with the password hash of the row read here, so a
changed password still ends the other sessions. A write that bypasses `save()` (a queryset `update()`) would be
seen within USER_SECONDS; none does (tests/ols_platform/test_auth_backend.py checks the paths that change a user).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

USER_SECONDS = 300


def user_key(user_id) -> str:
    return f"auth-user:{user_id}"


class CachedUserBackend(ModelBackend):
    def get_user(self, user_id):
        key = user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = self._read_user(user_id)  # None when there is no such user, or it may not log in
            if user is not None:
                cache.set(key, user, USER_SECONDS)
            return user
        return user if self.user_can_authenticate(user) else None

    def _read_user(self, user_id):
        """The user row with its count of unread notifications (the header shows it on every page), in one query."""
        from .models import Notification

        unread = (
            Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        users = get_user_model()._default_manager.annotate(
            unread_notification_count=Coalesce(Subquery(unread, output_field=IntegerField()), 0)
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def forget_user(sender, instance, **kwargs) -> None:
    key = user_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def connect() -> None:
    """Called by the app's ready(): drop the cached row on every save and delete of a user."""
    user_model = get_user_model()
    post_save.connect(forget_user, sender=user_model, dispatch_uid="ols-forget-user-save")
    post_delete.connect(forget_user, sender=user_model, dispatch_uid="ols-forget-user-delete")
