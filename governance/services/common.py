"""What several governance services share to tell people: the proposal's page and who sits on a body."""

from django.urls import reverse


def proposal_url(proposal) -> str:
    return reverse("governance:proposal", kwargs={"consortium_id": proposal.consortium_id, "proposal_id": proposal.pk})


def seat_holders(body):
    """The people sitting on the body's active seats (representatives and substitutes)."""
    people = []
    for seat in body.seats.filter(archived_at__isnull=True).select_related("representative", "substitute"):
        people += [person for person in (seat.representative, seat.substitute) if person is not None]
    return people
