"""Helpers for staff arrangement tests: write through the services, as the application does."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from budget.staff import services as staff_services

from .conftest import add_line

PDF = b"%PDF-1.4\n% signed convention\n"


def pdf(name="convention-signee.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def arrangement_data(cast, lines, **overrides):
    return {
        "kind": "secondment",
        "employer": cast.member_a.pk,
        "person": "Infirmière coordinatrice",
        "fte": "0,5",
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2026, 12, 31),
        "monthly_cost": "2 000,00",
        "lines": [getattr(line, "pk", line) for line in lines],
    } | overrides


def add_arrangement(cast, lines=None, *, file=None, actor=None, **overrides):
    """A secondment from member A for 2026 at 2,000 €/month (24,000 €), funded by a 30,000 € personnel line."""
    if lines is None:
        lines = [add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")]
    return staff_services.arrangement_create(
        actor=actor or cast.users["accountant"],
        consortium=cast.consortium_a,
        data=arrangement_data(cast, lines, **overrides),
        file=file,
    )


D = Decimal
