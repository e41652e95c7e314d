"""What the mandate pages share: the mandate of the URL (inside the consortium, else 404), its URLs, and the one-time
token that makes a double submit of the create form harmless."""

from django.core.cache import cache
from django.http import Http404
from django.urls import reverse

from .. import selectors

SECTION = "mandates"
SUBMISSION_TOKEN_SECONDS = 3600


def mandate_of(consortium, mandate_id):
    mandate = selectors.mandate_of(consortium, mandate_id)
    if mandate is None:
        raise Http404
    return mandate


def mandate_url(mandate, name="mandate") -> str:
    return reverse(f"mandates:{name}", kwargs={"consortium_id": mandate.consortium_id, "mandate_id": mandate.pk})


def list_url(consortium) -> str:
    return reverse("mandates:list", kwargs={"consortium_id": consortium.pk})


def claim_submission(request) -> bool:
    """False when this form's one-time token was already used (a second post of the same form)."""
    token = str(request.POST.get("submission_token", ""))[:64]
    if not token:
        return True
    return cache.add(f"mandates:submission:{request.user.pk}:{token}", 1, timeout=SUBMISSION_TOKEN_SECONDS)


def release_submission(request) -> None:
    """The form was refused: its token may be sent again once corrected."""
    token = str(request.POST.get("submission_token", ""))[:64]
    if token:
        cache.delete(f"mandates:submission:{request.user.pk}:{token}")
