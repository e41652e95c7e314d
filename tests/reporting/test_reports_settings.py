"""How each structure reports, set by the team: AVIQ funding and a funder's template; malformed input refused with
a French message and nothing written; shared paragraphs written once even when the form is posted twice."""

import pytest
from django.urls import reverse

from reporting.models import SharedParagraph, StructureReporting


def _edit(cast, structure):
    return reverse(
        "reporting:report_settings_edit", kwargs={"consortium_id": cast.consortium_a.pk, "structure_id": structure.pk}
    )


def test_the_team_binds_a_structure_to_a_funders_template(cast):
    response = cast.client("operational").post(
        _edit(cast, cast.member_a),
        {
            "aviq_funded": "on",
            "specific_template": "Canevas FSE+",
            "template_sections": "Objectifs\nRésultats\n",
            "version": 0,
        },
    )
    assert response.status_code == 302
    setting = StructureReporting.objects.get()
    assert setting.section_titles == ["Objectifs", "Résultats"]
    page = cast.client("operational").get(
        reverse("reporting:report_settings", kwargs={"consortium_id": cast.consortium_a.pk})
    )
    assert "Canevas FSE+" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"specific_template": "Canevas FSE+", "template_sections": ""}, "Indiquez les sections du canevas"),
        ({"specific_template": "", "template_sections": "Objectifs"}, "Nommez le canevas spécifique"),
        ({"specific_template": "C", "template_sections": "A\nA"}, "même titre"),
        ({"specific_template": "C", "template_sections": "x" * 201}, "200 caractères au plus"),
    ],
)
def test_it_refuses_a_malformed_template_and_writes_nothing(cast, data, message):
    response = cast.client("coordinator").post(_edit(cast, cast.member_a), data | {"aviq_funded": "on", "version": 0})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StructureReporting.objects.exists()


def test_a_partner_or_another_consortiums_structure_has_no_settings_page(cast):
    client = cast.client("coordinator")
    assert client.get(_edit(cast, cast.partner_a)).status_code == 404
    assert client.get(_edit(cast, cast.lead_b)).status_code == 404


def test_two_people_saving_the_settings_at_once_the_second_is_told(cast):
    client = cast.client("coordinator")
    assert client.post(_edit(cast, cast.member_a), {"aviq_funded": "on", "version": 0}).status_code == 302
    response = client.post(_edit(cast, cast.member_a), {"version": 0})
    assert response.status_code == 409
    assert StructureReporting.objects.get().aviq_funded is True


def test_a_shared_paragraph_posted_twice_is_written_once(cast):
    url = reverse("reporting:shared_paragraph_create", kwargs={"consortium_id": cast.consortium_a.pk})
    data = {
        "year": 2026,
        "title": "Liaison",
        "body": "Texte commun.",
        "structures": [cast.lead_a.pk, cast.member_a.pk],
        "submission_token": "token-1",
    }
    client = cast.client("operational")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert SharedParagraph.objects.count() == 1


def test_a_shared_paragraph_with_another_consortiums_structure_is_refused(cast):
    url = reverse("reporting:shared_paragraph_create", kwargs={"consortium_id": cast.consortium_a.pk})
    data = {"year": 2026, "title": "Liaison", "body": "Texte.", "structures": [cast.lead_b.pk, cast.member_a.pk]}
    response = cast.client("operational").post(url, data)
    assert response.status_code == 400
    assert not SharedParagraph.objects.exists()
