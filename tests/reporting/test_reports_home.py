"""The structure reporter's home page: a card « Votre rapport d'activité 2026 » with its status and sections filled,
and the shared paragraphs waiting for their approval; the page's query count does not grow with the data."""

import pytest
from django.urls import reverse

from reporting.services import reports as services
from tests.factories import MembershipFactory, StructureFactory
from tests.perf.test_query_counts import count_queries


@pytest.fixture(autouse=True)
def _in_2026(settings, monkeypatch):
    import datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 23))


def test_the_reporter_sees_their_report_card_with_progress_and_waiting_paragraphs(cast):
    report, _ = services.report_start(actor=None, consortium=cast.consortium_a, structure=cast.member_a, year=2026)
    first = report.sections.first()
    services.section_update(actor=None, section=first, body="Présentation.", expected_version=1)
    services.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "year": 2026,
            "title": "Fonction de liaison",
            "body": "Texte.",
            "structures": [cast.lead_a, cast.member_a],
        },
    )
    page = cast.client("structure_reporter").get(reverse("dashboard")).content.decode()
    assert "Votre rapport d&#x27;activité 2026" in page or "Votre rapport d'activité 2026" in page
    assert "1/6 sections rédigées" in page
    assert "1 paragraphe commun attend votre accord" in page
    assert "Fonction de liaison" in page
    assert reverse("reporting:report", kwargs={"consortium_id": cast.consortium_a.pk, "report_id": report.pk}) in page


def test_an_approved_paragraph_no_longer_waits(cast):
    paragraph = services.shared_paragraph_create(
        actor=None,
        consortium=cast.consortium_a,
        data={
            "year": 2026,
            "title": "Fonction de liaison",
            "body": "Texte.",
            "structures": [cast.lead_a, cast.member_a],
        },
    )
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    page = cast.client("structure_reporter").get(reverse("dashboard")).content.decode()
    assert "attend votre accord" not in page
    assert "Pas encore commencé" in page


def test_other_roles_get_no_report_card(cast):
    page = cast.client("coordinator").get(reverse("dashboard")).content.decode()
    assert "Votre rapport d" not in page


def _grow(cast, n):
    for i in range(n):
        structure = StructureFactory(name=f"Structure {i} {StructureFactory._meta.model.objects.count()}")
        MembershipFactory(consortium=cast.consortium_a, structure=structure)
        services.shared_paragraph_create(
            actor=None,
            consortium=cast.consortium_a,
            data={
                "year": 2026,
                "title": f"P{structure.pk}",
                "body": "Texte.",
                "structures": [structure, cast.member_a],
            },
        )


def test_the_reporters_home_keeps_a_fixed_number_of_queries(cast):
    services.report_start(actor=None, consortium=cast.consortium_a, structure=cast.member_a, year=2026)
    client = cast.client("structure_reporter")
    _grow(cast, 2)
    small = count_queries(client, reverse("dashboard"))
    _grow(cast, 15)
    large = count_queries(client, reverse("dashboard"))
    assert small == large
