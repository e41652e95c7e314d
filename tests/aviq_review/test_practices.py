"""Practice sheets: written by a consortium (blank or from its learning cycle), published on purpose, read by every
consortium; a draft or withdrawn sheet, and everything else of the consortium, stays behind the wall."""

import html

import pytest
from django.urls import reverse

from aviq.models import PracticeSheet
from aviq.support import practices
from ols_platform.errors import DomainError
from reporting.services_deliverable import cycle_create

pytestmark = pytest.mark.django_db
SHEET = {"title": "Accueil des jeunes parents", "context": "Question", "practice": "Permanences", "lessons": "Leçons"}


def test_a_published_sheet_is_read_by_another_consortium_and_a_withdrawn_one_is_not(cast):
    sheet = practices.sheet_save(actor=None, consortium=cast.consortium_a, data=SHEET)
    url = reverse("support:library_sheet", kwargs={"sheet_id": sheet.pk})
    b = cast.client("outsider")  # consortium B's coordinator
    assert b.get(url).status_code == 404  # a draft stays home
    practices.sheet_publish(actor=None, sheet=sheet, published=True)
    page = html.unescape(b.get(url).content.decode())
    assert "Permanences" in page and cast.consortium_a.name in page
    assert "Accueil des jeunes parents" in html.unescape(b.get(reverse("support:library")).content.decode())
    practices.sheet_publish(actor=None, sheet=sheet, published=False)
    assert b.get(url).status_code == 404


def test_a_published_sheet_does_not_change_until_withdrawn(cast):
    sheet = practices.sheet_save(actor=None, consortium=cast.consortium_a, data=SHEET)
    practices.sheet_publish(actor=None, sheet=sheet, published=True)
    with pytest.raises(DomainError) as refused:
        practices.sheet_save(actor=None, consortium=cast.consortium_a, data=SHEET | {"title": "Autre"}, sheet=sheet)
    assert refused.value.code == "published"


def test_a_sheet_is_prefilled_from_the_consortiums_own_cycle_only(cast):
    cycle = cycle_create(
        actor=None,
        consortium=cast.consortium_a,
        data={"title": "Cycle 1000 jours", "status": "running", "plan": "Plan"},
    )
    page = cast.client("coordinator").get(
        reverse("support:practices", kwargs={"consortium_id": cast.consortium_a.pk}), {"cycle": cycle.pk}
    )
    assert "Cycle 1000 jours" in html.unescape(page.content.decode())
    with pytest.raises(DomainError):
        practices.sheet_save(actor=None, consortium=cast.consortium_b, data=SHEET | {"learning_cycle": str(cycle.pk)})
    assert not PracticeSheet.objects.exists()


@pytest.mark.parametrize("field", ["title", "context", "practice", "lessons"])
def test_it_refuses_a_sheet_with_an_empty_part(cast, field):
    with pytest.raises(DomainError) as refused:
        practices.sheet_save(actor=None, consortium=cast.consortium_a, data=SHEET | {field: "  "})
    assert refused.value.field == field


def test_publishing_needs_the_confirmation(cast):
    sheet = practices.sheet_save(actor=None, consortium=cast.consortium_a, data=SHEET)
    url = reverse("support:practice_publish", kwargs={"consortium_id": cast.consortium_a.pk, "sheet_id": sheet.pk})
    cast.client("coordinator").post(url, {})
    assert PracticeSheet.objects.get().status == "draft"
    cast.client("coordinator").post(url, {"confirm": "1"})
    assert PracticeSheet.objects.get().status == "published"


def test_someone_with_no_consortium_reads_no_sheet(cast):
    from django.test import Client  # noqa: PLC0415

    from tests.factories import UserFactory  # noqa: PLC0415

    client = Client()
    client.force_login(UserFactory(email="nobody@x.test"))
    assert client.get(reverse("support:library")).status_code == 404
