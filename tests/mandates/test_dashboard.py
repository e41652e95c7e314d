"""The home page flags, for each consortium the user sees, the adopted mandates ending within 60 days and the spaces
(bodies in use) without an adopted mandate; read in a fixed number of queries, whatever the data."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from governance.services.bodies import body_archive
from mandates.models import Mandate, MandateReview
from mandates.review import mandate_review_ask, mandate_review_submit
from mandates.selectors import dashboard_flags
from mandates.services import mandate_create
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def _mandate(consortium, title, *, end_date=None, body=None, status=Mandate.Status.ADOPTED):
    kind = body.kind if body else "facilitator"
    mandate = mandate_create(
        actor=None,
        consortium=consortium,
        data={
            "kind": kind,
            "body": body,
            "title": title,
            "start_date": datetime.date(2024, 1, 1),
            "end_date": end_date,
        },
    )
    Mandate.objects.filter(pk=mandate.pk).update(status=status)
    return mandate


def test_the_flags_keep_adopted_mandates_ending_within_60_days(cast):
    today = datetime.date(2026, 6, 1)
    _mandate(cast.consortium_a, "Dans 60 jours", end_date=today + datetime.timedelta(days=60))
    _mandate(cast.consortium_a, "Aujourd'hui", end_date=today)
    _mandate(cast.consortium_a, "Dans 61 jours", end_date=today + datetime.timedelta(days=61))
    _mandate(cast.consortium_a, "Hier", end_date=today - datetime.timedelta(days=1))
    _mandate(cast.consortium_a, "Projet", end_date=today, status=Mandate.Status.DRAFT)
    _mandate(cast.consortium_b, "Autre consortium", end_date=today)
    flags = dashboard_flags([cast.consortium_a.pk], today)
    expiring = flags[cast.consortium_a.pk]["expiring"]
    assert [(m.title, m.days_left) for m in expiring] == [("Aujourd'hui", 0), ("Dans 60 jours", 60)]
    assert cast.consortium_b.pk not in flags


def test_the_flags_list_spaces_in_use_without_an_adopted_mandate(cast):
    covered = BodyFactory(consortium=cast.consortium_a, kind="working_group", name="GT couvert")
    _mandate(cast.consortium_a, "Mandat du GT", body=covered, end_date=datetime.date(2030, 1, 1))
    drafted = BodyFactory(consortium=cast.consortium_a, kind="working_group", name="GT en projet")
    _mandate(cast.consortium_a, "Projet du GT", body=drafted, status=Mandate.Status.DRAFT)
    archived = BodyFactory(consortium=cast.consortium_a, kind="working_group", name="GT archivé")
    body_archive(actor=None, body=archived)
    flags = dashboard_flags([cast.consortium_a.pk], datetime.date(2026, 6, 1))
    assert [b.name for b in flags[cast.consortium_a.pk]["uncovered"]] == ["GT en projet"]


def test_the_dashboard_shows_the_flags_of_the_users_consortia(cast):
    today = timezone.localdate()
    _mandate(cast.consortium_a, "Facilitation 2026", end_date=today + datetime.timedelta(days=10))
    bare = BodyFactory(consortium=cast.consortium_a, kind="working_group", name="GT Logement")
    BodyFactory(consortium=cast.consortium_b, kind="working_group", name="GT Ailleurs")
    page = cast.client("operational").get(reverse("dashboard")).content.decode()
    assert 'id="mandate-flags"' in page
    assert "Facilitation 2026 (version 1) : fin le" in page and "dans 10 jours" in page
    assert reverse("governance:body", args=[cast.consortium_a.pk, bare.pk]) in page
    assert "GT Ailleurs" not in page


def test_the_dashboard_shows_no_flags_section_when_all_is_in_order(cast):
    page = cast.client("coordinator").get(reverse("dashboard")).content.decode()
    assert 'id="mandate-flags"' not in page


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def _grow(cast, total):
    today = timezone.localdate()
    for i in range(Mandate.objects.count(), total):
        consortium = cast.consortium_a if i % 2 else cast.consortium_b
        mandate = _mandate(consortium, f"Fonction {i:03d}", end_date=today + datetime.timedelta(days=i % 50))
        if i % 3 == 0:  # AVIQ asked for a third of them
            MandateReview.objects.create(
                consortium=consortium, lineage=mandate.pk, mandate=mandate, reason="Voir", requested_at=timezone.now()
            )
        BodyFactory(consortium=consortium, kind="working_group", name=f"GT {i:03d}")


@pytest.mark.parametrize("actor", ["coordinator", "reviewer"])
def test_the_flags_take_the_same_queries_with_few_or_many_mandates(cast, actor):
    client = cast.client(actor)
    client.get(reverse("dashboard"))  # warm the session and content types
    _grow(cast, 2)  # each write moves the consortium's revision: the body is built again below
    small = _queries(client)
    _grow(cast, 40)
    large = _queries(client)
    assert small == large


def test_the_mandates_aviq_waits_for_are_flagged_on_the_home_page_until_transmitted(cast):
    mandate = _mandate(cast.consortium_a, "Secrétariat", end_date=datetime.date(2027, 12, 31))
    mandate_review_ask(actor=cast.users["reviewer"], mandate=mandate, reason="Voir le secrétariat.")
    page = html.unescape(cast.client("coordinator").get(reverse("dashboard")).content.decode())
    assert "Mandats que l'AVIQ attend" in page and "Secrétariat — Demandé par l'AVIQ" in page
    mandate_review_submit(actor=cast.users["coordinator"], mandate=mandate)
    page = html.unescape(cast.client("coordinator").get(reverse("dashboard")).content.decode())
    assert "Mandats que l'AVIQ attend" not in page
