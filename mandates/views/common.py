"""What the mandate pages share: the mandate of the URL (inside the consortium, else 404), its URLs, and the one-time
token that makes a double submit of the create form harmless."""

import functools

from django.http import Http404
from django.urls import reverse

from ols_platform import fragments

from .. import selectors

SECTION = "mandates"


def mandate_of(consortium, mandate_id):
    mandate = selectors.mandate_of(consortium, mandate_id)
    if mandate is None:
        raise Http404
    return mandate


def mandate_url(mandate, name="mandate") -> str:
    return reverse(f"mandates:{name}", kwargs={"consortium_id": mandate.consortium_id, "mandate_id": mandate.pk})


def list_url(consortium) -> str:
    return reverse("mandates:list", kwargs={"consortium_id": consortium.pk})


claim_submission = functools.partial(fragments.claim_submission, scope="mandates")
release_submission = functools.partial(fragments.release_submission, scope="mandates")
