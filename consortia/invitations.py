"""The link an invitation email carries: the account's "choose your password" page, on the public site.

Its own module so that the service that invites (`consortia.services.users`) and the task that mails the link
(`consortia.tasks`) both use it without importing each other.
"""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from ols_platform.site_links import absolute_url


def invitation_link(user, base: str | None = None) -> str:
    """The link on `base` (`ols_platform.site_links.base_url()` when the mail was asked for)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return absolute_url(path, base)
