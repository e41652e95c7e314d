"""What the activity log's tests share: a valid activity's data and a way to write many."""

import datetime

from reporting.services.activity import activity_create

VALID = {
    "date": datetime.date(2026, 3, 12),
    "kind": "concertation",
    "title": "Concertation locale — Ville Haute",
    "logic": "horizontal",
    "function": "",
    "participants_count": 18,
    "participants": "médecins généralistes, CPAS",
    "narrative": "Trois situations discutées.",
}


def new(cast, consortium=None, **changes):
    return activity_create(actor=None, consortium=consortium or cast.consortium_a, data=VALID | changes)


def many(cast, n, start=0, **changes):
    return [
        new(
            cast,
            date=datetime.date(2026, 1 + (i % 12), 1 + (i % 27)),
            title=f"Activité {start + i}",
            structures=[cast.member_a, cast.partner_a],
            **changes,
        )
        for i in range(n)
    ]
