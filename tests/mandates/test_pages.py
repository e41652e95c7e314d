"""The mandate pages: the list by kind with its warnings, writing a mandate (blank or from a model), editing a
draft, proposing it, the page with its twelve parts and versions, comparing two versions, and every bad input."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mandates.models import Mandate
from mandates.services import mandate_amend, mandate_create
from mandates.templatetags.mandates_tags import markdown
from tests.factories import BodyFactory, LifeBasinFactory
from tests.perf.test_query_counts import count_queries

from .test_services import ESSENTIALS, _adopt

pytestmark = pytest.mark.django_db


def url(name, cast, **kwargs):
    return reverse(f"mandates:{name}", kwargs={"consortium_id": cast.consortium_a.pk, **kwargs})


def text(response):
    return response.content.decode()


@pytest.fixture
def team(cast):
    return BodyFactory(consortium=cast.consortium_a, kind="operational_team", name="Équipe opérationnelle")


def draft(cast, team, **data):
    return mandate_create(
        actor=None, consortium=cast.consortium_a, data={"kind": "operational_team", "body": team, **data}
    )


def form_data(**values):
    data = {
        "kind": "operational_team",
        "title": "Équipe opérationnelle",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    return data | values


def test_a_member_writes_a_mandate_from_the_operational_team_model(cast, team):
    client = cast.client("operational")
    page = text(client.get(url("create", cast) + "?model=operational_team"))
    assert "Ateliers de vision partagée" in page and "Équipe financée via le budget OLS" in page
    assert re.search(r'value="methods_tools"[^>]*checked', page)
    response = client.post(
        url("create", cast),
        form_data(
            body=team.pk,
            purpose="Soutenir les acteurs.",
            tasks_1="Ateliers de vision partagée\nSynthèses stratégiques",
            tasks_3="Préparation des décisions",
            autonomy_domains=["methods_tools", "concertation"],
            **{"members-0-profile": "Équipe financée via le budget OLS", "members-0-contribution": "funded_team"},
        ),
    )
    mandate = Mandate.objects.get(consortium=cast.consortium_a)
    assert response.status_code == 302 and response["Location"] == url("mandate", cast, mandate_id=mandate.pk)
    assert [(t.axis, t.text) for t in mandate.tasks.all()] == [
        (1, "Ateliers de vision partagée"),
        (1, "Synthèses stratégiques"),
        (3, "Préparation des décisions"),
    ]
    assert mandate.autonomy_domains == ["concertation", "methods_tools"]
    assert list(mandate.members.values_list("profile", "contribution")) == [
        ("Équipe financée via le budget OLS", "funded_team")
    ]
    page = text(client.get(url("mandate", cast, mandate_id=mandate.pk)))
    assert "Le mandat — L&#x27;essentiel" in page or "Le mandat — L'essentiel" in page
    assert "Axe 1 : Vision commune" in page and "Axe 3 : Gouvernance" in page
    assert "Modalités encore à compléter" in page and "Livrables attendus" in page


def test_the_two_titled_blanks_only_fill_the_title(cast):
    page = text(cast.client("coordinator").get(url("create", cast) + "?model=gt_1000_days"))
    assert 'value="GT 1000 jours"' in page and "Ateliers de vision" not in page


def test_the_list_groups_by_kind_and_warns_of_expiry_and_uncovered_spaces(cast, gov, team):
    mandate = draft(cast, team, **ESSENTIALS, start_date=datetime.date(2026, 1, 1))
    mandate.end_date = timezone.localdate() + datetime.timedelta(days=30)
    mandate.save()
    mandate = _adopt(cast, gov, mandate)
    draft(cast, None, kind="secretary", title="Secrétariat")
    page = text(cast.client("reviewer").get(url("list", cast)))
    assert "Équipe opérationnelle" in page and "Fonction : secrétaire" in page
    assert "expire dans 30 jours" in page
    assert "« Gouvernance temporaire » n'a pas de mandat adopté" in page
    assert "« Équipe opérationnelle » n'a pas de mandat adopté" not in page


def test_the_list_keeps_a_fixed_number_of_queries(cast, team):
    client = cast.client("governance")

    def grow(n):
        for i in range(n):
            mandate = draft(cast, None, kind="facilitator", title=f"Facilitation {i} {Mandate.objects.count()}")
            mandate.status = "adopted"
            mandate.end_date = timezone.localdate() + datetime.timedelta(days=10)
            mandate.save()
            BodyFactory(consortium=cast.consortium_a, kind="working_group", name=f"GT {Mandate.objects.count()}")

    grow(2)
    small = count_queries(client, url("list", cast))
    grow(25)
    large = count_queries(client, url("list", cast))
    assert small == large


def test_the_mandate_page_keeps_a_fixed_number_of_queries(cast, gov, team):
    mandate = draft(cast, team, **ESSENTIALS)
    client = cast.client("viewer")
    small = count_queries(client, url("mandate", cast, mandate_id=mandate.pk))
    for i in range(20):
        mandate.tasks.create(axis=(i % 5) + 1, text=f"Tâche {i}")
        mandate.members.create(profile=f"Profil {i}", contribution="member")
    large = count_queries(client, url("mandate", cast, mandate_id=mandate.pk))
    assert small == large


def test_proposing_lists_exactly_the_missing_essentials_and_changes_nothing(cast, gov, team):
    mandate = draft(cast, team, title="Équipe", purpose="Soutenir.")
    response = cast.client("operational").post(
        url("propose", cast, mandate_id=mandate.pk), {"deciding_body": gov.body.pk}
    )
    page = text(response)
    assert response.status_code == 400
    assert (
        "Complétez d&#x27;abord l&#x27;essentiel du mandat : Responsabilités et tâches, Champ d&#x27;autonomie, "
        "Périmètre d&#x27;action, Composition / profils attendus." in page
    )
    assert Mandate.objects.get(pk=mandate.pk).status == "draft" and mandate.proposal is None


def test_proposing_with_a_closing_date_opens_the_vote(cast, gov, team):
    mandate = draft(cast, team, **ESSENTIALS)
    closes = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = cast.client("coordinator").post(
        url("propose", cast, mandate_id=mandate.pk), {"deciding_body": gov.body.pk, "closes_at": closes}
    )
    mandate.refresh_from_db()
    assert response.status_code == 302 and mandate.status == "proposed" and mandate.proposal.status == "open"
    page = text(cast.client("viewer").get(url("mandate", cast, mandate_id=mandate.pk)))
    assert reverse("governance:proposal", args=[cast.consortium_a.pk, mandate.proposal.pk]) in page


def test_an_end_before_the_start_is_refused(cast, team):
    mandate = draft(cast, team, title="Équipe")
    response = cast.client("operational").post(
        url("edit", cast, mandate_id=mandate.pk),
        form_data(body=team.pk, version=mandate.version, start_date="2027-01-01", end_date="2026-01-01"),
    )
    assert response.status_code == 400 and "La fin du mandat doit suivre son début." in text(response)
    assert Mandate.objects.get(pk=mandate.pk).end_date is None


def test_an_adopted_version_offers_an_amendment_instead_of_an_edit_form(cast, gov, team):
    mandate = _adopt(cast, gov, draft(cast, team, **ESSENTIALS))
    client = cast.client("operational")
    page = text(client.get(url("edit", cast, mandate_id=mandate.pk)))
    assert "Ouvrir un avenant" in page and 'name="purpose"' not in page
    response = client.post(url("edit", cast, mandate_id=mandate.pk), form_data(title="Changé", version=mandate.version))
    assert response.status_code == 409 and Mandate.objects.get(pk=mandate.pk).title == ESSENTIALS["title"]
    assert mandate.decision.reference in text(client.get(url("mandate", cast, mandate_id=mandate.pk)))
    response = client.post(url("amend", cast, mandate_id=mandate.pk))
    amendment = Mandate.objects.get(lineage=mandate.lineage, number=2)
    assert response["Location"] == url("edit", cast, mandate_id=amendment.pk) and amendment.status == "draft"
    again = client.post(url("amend", cast, mandate_id=mandate.pk), follow=True)
    assert "Un avenant de ce mandat est déjà en préparation." in text(again)
    assert Mandate.objects.filter(lineage=mandate.lineage).count() == 2


def test_another_territorys_bassin_de_vie_is_refused(cast):
    elsewhere = LifeBasinFactory(territory=cast.consortium_b.territory, name="Ailleurs")
    response = cast.client("operational").post(
        url("create", cast),
        form_data(kind="local_concertation", title="Concertation", life_basin=elsewhere.pk),
    )
    assert response.status_code == 400 and not Mandate.objects.exists()
    assert "Sélectionnez un choix valide" in text(response)
    response = cast.client("operational").post(
        url("create", cast), form_data(title="Équipe", scope_life_basins=[elsewhere.pk])
    )
    assert response.status_code == 400 and not Mandate.objects.exists()


def test_another_consortiums_mandate_is_not_found(cast):
    other = mandate_create(actor=None, consortium=cast.consortium_b, data={"kind": "secretary", "title": "Secrétariat"})
    client = cast.client("coordinator")
    for name in ("mandate", "edit", "propose", "compare"):
        assert client.get(url(name, cast, mandate_id=other.pk)).status_code == 404
    assert client.post(url("amend", cast, mandate_id=other.pk)).status_code == 404


def test_a_double_submit_of_the_create_form_writes_one_mandate(cast):
    client = cast.client("operational")
    page = text(client.get(url("create", cast)))
    token = re.search(r'name="submission_token" value="([0-9a-f]+)"', page).group(1)
    data = form_data(kind="secretary", title="Secrétariat", submission_token=token)
    assert client.post(url("create", cast), data).status_code == 302
    again = client.post(url("create", cast), data, follow=True)
    assert "déjà été envoyé" in text(again) and Mandate.objects.count() == 1


def test_a_stale_edit_is_refused_and_shows_what_changed(cast, team):
    mandate = draft(cast, team, title="Équipe", purpose="Avant")
    client = cast.client("operational")
    stale = mandate.version
    assert (
        client.post(
            url("edit", cast, mandate_id=mandate.pk), form_data(body=team.pk, purpose="Première", version=stale)
        ).status_code
        == 302
    )
    response = client.post(
        url("edit", cast, mandate_id=mandate.pk), form_data(body=team.pk, purpose="Seconde", version=stale)
    )
    assert response.status_code == 409 and "Première" in text(response)
    assert Mandate.objects.get(pk=mandate.pk).purpose == "Première"


def test_two_versions_compare_side_by_side_with_the_changes_marked(cast, gov, team):
    mandate = _adopt(cast, gov, draft(cast, team, **ESSENTIALS))
    amendment = mandate_amend(actor=None, mandate=mandate)
    amendment.purpose = "Soutenir les acteurs <b>du territoire</b> entier."
    amendment.save()
    page = text(
        cast.client("reviewer").get(url("compare", cast, mandate_id=amendment.pk) + f"?a={mandate.pk}&b={amendment.pk}")
    )
    assert "<ins>" in page and "<del>" in page and "(modifié)" in page
    assert "&lt;b&gt;du" in page and "<b>du" not in page


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[clic](javascript:alert(1))",
        "[clic](JaVaScRiPt:alert(1))",
        "<a href='javascript:alert(1)'>x</a>",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        '<img src=x onerror="alert(1)">',
        "<div onclick=alert(1)>x</div>",
    ],
)
def test_markdown_never_lets_script_links_nor_raw_html_out(source):
    html = str(markdown(source))
    tags = re.findall(r"<\s*([a-zA-Z]+)([^>]*)>", html)
    assert {name.lower() for name, _attrs in tags} <= {"p", "a", "strong", "em", "ul", "ol", "li", "code"}
    assert all(not re.search(r"(?i)href\s*=\s*[\"']?\s*(javascript|data|vbscript):", attrs) for _n, attrs in tags)
    assert "<script" not in html.lower() and "onerror=" not in re.sub(r"&lt;.*?&gt;", "", html)


def test_markdown_renders_its_own_formatting(cast, team):
    assert (
        str(markdown("**gras**\n\n- un\n- deux"))
        == "<p><strong>gras</strong></p>\n<ul>\n<li>un</li>\n<li>deux</li>\n</ul>\n"
    )
    mandate = draft(cast, team, title="Équipe", purpose="<script>alert(1)</script> **fort**")
    page = text(cast.client("viewer").get(url("mandate", cast, mandate_id=mandate.pk)))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>fort</strong>" in page and "<script>alert" not in page


def test_printing_the_mandate_page_keeps_the_document_alone(cast, team):
    from pathlib import Path

    from django.conf import settings

    mandate = draft(cast, team, **ESSENTIALS)
    page = text(cast.client("operational").get(url("mandate", cast, mandate_id=mandate.pk)))
    assert 'class="mandate-document"' in page and "css/print.css" in page
    # what is not the document is hidden in print: the navigation (nav, .subnav), the actions and the versions
    assert 'class="actions no-print"' in page and '<section class="no-print" aria-labelledby="versions-title">' in page
    css = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()
    assert "@media print" in css and ".no-print, nav, form" in css and ".mandate-document" in css
