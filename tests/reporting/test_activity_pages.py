"""The activity log's pages: the list filtered, counted and paginated at a fixed number of queries, its empty state;
create (double submit harmless), edit (a stale save shows the current values), delete; attachments; another
consortium's activity is 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortia.models import LifeBasin
from reporting.models import Activity, ActivityAttachment

from .activity_helpers import many, new

pytestmark = pytest.mark.django_db


def url(cast, name="activities", **kwargs):
    return reverse(f"reporting:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def test_the_empty_log_invites_to_add_the_first_activity(cast):
    page = cast.client("operational").get(url(cast)).content.decode()
    assert "Aucune activité enregistrée" in page
    assert url(cast, "activity_create") in page
    assert url(cast, "activity_create") not in cast.client("viewer").get(url(cast)).content.decode()


def test_the_list_shows_newest_first_grouped_by_month_with_counts(cast):
    new(cast, date=datetime.date(2026, 2, 3), title="Février")
    new(cast, date=datetime.date(2026, 5, 9), title="Mai", logic="transversal", function="learning", kind="training")
    page = cast.client("reviewer").get(url(cast)).content.decode()
    assert page.index("Mai") < page.index("Février")
    assert "Mai 2026" in page and "Février 2026" in page
    assert "09/05/2026" in page
    assert "2 activités" in page


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"start": "2026-03-01"}, "Mars", "Janvier"),
        ({"end": "01/02/2026"}, "Janvier", "Mars"),
        ({"kind": "training"}, "Mars", "Janvier"),
        ({"logic": "transversal"}, "Mars", "Janvier"),
        ({"function": "learning"}, "Mars", "Janvier"),
        ({"q": "intervision"}, "Mars", "Janvier"),
    ],
)
def test_the_filters_narrow_the_list_and_the_counts(cast, query, shown, hidden):
    new(cast, date=datetime.date(2026, 1, 10), title="Janvier")
    new(
        cast,
        date=datetime.date(2026, 3, 10),
        title="Mars",
        kind="training",
        logic="transversal",
        function="learning",
        narrative="Une intervision.",
    )
    page = cast.client("viewer").get(url(cast), query).content.decode()
    assert shown in page and f">{hidden}<" not in page
    assert "1 activité" in page


def test_the_basin_and_structure_filters(cast):
    basin = LifeBasin.objects.get(name="Trois Vallées")
    new(cast, title="Avec bassin", life_basin=basin, structures=[cast.partner_a])
    new(cast, title="Sans bassin", structures=[cast.member_a])
    client = cast.client("viewer")
    page = client.get(url(cast), {"life_basin": basin.pk}).content.decode()
    assert ">Avec bassin<" in page and ">Sans bassin<" not in page
    page = client.get(url(cast), {"structure": cast.member_a.pk}).content.decode()
    assert ">Sans bassin<" in page and ">Avec bassin<" not in page


def test_a_wrong_filter_is_reported_and_ignored(cast):
    new(cast, title="Visible")
    response = cast.client("viewer").get(url(cast), {"start": "pas une date", "structure": cast.lead_b.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Visible<" in page and 'role="alert"' in page


def test_the_list_costs_the_same_queries_at_two_sizes(cast, django_assert_num_queries):
    client = cast.client("viewer")
    many(cast, 3)
    client.get(url(cast))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(cast)).status_code == 200
    many(cast, 40, start=3, life_basin=LifeBasin.objects.first())
    with django_assert_num_queries(len(small)):
        page = client.get(url(cast)).content.decode()
    assert "43 activités" in page and "Page 1 sur 2" in page


def _form(cast, **changes):
    data = {
        "date": "2026-04-15",
        "kind": "meeting",
        "title": "GT 1000 jours",
        "logic": "vertical",
        "function": "",
        "life_basin": "",
        "structures": [cast.member_a.pk],
        "participants_count": "12",
        "participants": "ONE, sages-femmes",
        "narrative": "Réunion.",
    }
    return data | changes


def test_it_creates_an_activity_once_even_when_the_form_is_sent_twice(cast):
    client = cast.client("operational")
    data = _form(cast, submission_token="abc123")
    response = client.post(url(cast, "activity_create"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == url(cast, "activity", activity_id=activity.pk)
    assert client.post(url(cast, "activity_create"), data).status_code == 302
    assert Activity.objects.count() == 1
    assert list(activity.structures.all()) == [cast.member_a]


def test_the_create_form_shows_the_refusal_for_another_consortiums_structure(cast):
    response = cast.client("operational").post(url(cast, "activity_create"), _form(cast, structures=[cast.lead_b.pk]))
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_the_create_form_refuses_transversal_without_function(cast):
    response = cast.client("coordinator").post(url(cast, "activity_create"), _form(cast, logic="transversal"))
    assert response.status_code == 400
    assert "laquelle des cinq fonctions" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_stale_edit_shows_the_current_values_and_changes_nothing(cast):
    activity = new(cast)
    client = cast.client("operational")
    assert client.post(url(cast, "activity_edit", activity_id=activity.pk), _form(cast, version="1")).status_code == 302
    response = client.post(url(cast, "activity_edit", activity_id=activity.pk), _form(cast, title="Autre", version="1"))
    assert response.status_code == 409
    assert "Valeurs enregistrées entre-temps" in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("GT 1000 jours", 2)


def test_an_edit_without_a_readable_version_changes_nothing(cast):
    activity = new(cast)
    response = cast.client("operational").post(
        url(cast, "activity_edit", activity_id=activity.pk), _form(cast, version="²")
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.version == 1


def test_another_consortiums_activity_is_404(cast):
    other = new(cast, consortium=cast.consortium_b)
    client = cast.client("coordinator")
    for name in ("activity", "activity_edit", "activity_delete"):
        assert client.get(url(cast, name, activity_id=other.pk)).status_code == 404


def test_the_detail_page_adds_downloads_and_removes_attachments(cast):
    activity = new(cast)
    client = cast.client("operational")
    detail = url(cast, "activity", activity_id=activity.pk)
    upload = SimpleUploadedFile("pv.pdf", b"%PDF-1.4 compte rendu", content_type="application/pdf")
    assert client.post(detail, {"file": upload}).status_code == 302
    attachment = ActivityAttachment.objects.get()
    assert "pv.pdf" in client.get(detail).content.decode()
    download = cast.client("reviewer").get(
        url(cast, "activity_attachment", activity_id=activity.pk, attachment_id=attachment.pk)
    )
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(detail, {"file": SimpleUploadedFile("x.pdf", b"<script>")})
    assert bad.status_code == 400 and "ne correspond pas" in bad.content.decode()
    remove = url(cast, "activity_attachment_delete", activity_id=activity.pk, attachment_id=attachment.pk)
    assert client.post(remove, {"confirm": "on"}).status_code == 302
    assert not ActivityAttachment.objects.exists()


def test_delete_needs_confirmation(cast):
    activity = new(cast)
    client = cast.client("coordinator")
    delete = url(cast, "activity_delete", activity_id=activity.pk)
    assert client.post(delete, {}).status_code == 400
    assert Activity.objects.exists()
    assert client.post(delete, {"confirm": "on"}).status_code == 302
    assert not Activity.objects.exists()
