import pytest
from django.urls import reverse

from consortia.services.roles import role_grant
from tests.factories import (
    ConsortiumFactory,
    LifeBasinFactory,
    MembershipFactory,
    StructureFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def url(consortium, **params):
    base = reverse("consortia:members", args=[consortium.pk])
    if not params:
        return base
    from urllib.parse import urlencode

    return f"{base}?{urlencode(params)}"


def shown(response):
    return [m.structure.name for m in response.context["rows"]]


def test_it_lists_members_and_partners_with_their_details(cast):
    basin = cast.consortium_a.territory.life_basins.get(name="Ville Haute")
    cast.member_a.life_basins.add(basin)
    cast.member_a.is_aviq_approved = True
    cast.member_a.save()

    response = cast.client("viewer").get(url(cast.consortium_a))

    assert response.status_code == 200
    html = response.content.decode()
    assert shown(response) == ["ASBL Porteuse A", "ASBL Membre A", "Hôpital Partenaire A"]  # the lead first
    assert reverse("consortia:structure", args=[cast.consortium_a.pk, cast.member_a.pk]) in html
    assert "badge-lead" in html and "structure porteuse" in html
    assert "Partenaire" in html and "Membre" in html
    assert cast.member_a.enterprise_number in html
    assert ">SM</abbr>" in html and ">SH</abbr>" in html
    assert "Ville Haute" in html
    assert "hôpital" in html
    assert "Structures 1 à 3 : 3 structures correspondent sur 3." in html


def test_it_marks_a_member_without_conflict_of_interest_declaration(cast):
    membership = cast.consortium_a.memberships.get(structure=cast.member_a)
    membership.conflict_of_interest_declared = False
    membership.save()

    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert 'class="status-bad">manquante' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "partner"}, ["Hôpital Partenaire A"]),
        ({"role": "member"}, ["ASBL Porteuse A", "ASBL Membre A", "Micro ASBL"]),
        ({"sector": "SM"}, ["ASBL Membre A"]),
        ({"level": "micro"}, ["Micro ASBL"]),
        ({"role": "member", "level": "meso", "sector": "1LSS"}, ["ASBL Porteuse A"]),
    ],
)
def test_it_filters_by_role_level_and_sector(cast, params, expected):
    MembershipFactory(consortium=cast.consortium_a, structure=StructureFactory(name="Micro ASBL", level="micro"))

    response = cast.client("governance").get(url(cast.consortium_a, **params))

    assert response.status_code == 200
    assert shown(response) == expected
    assert response.context["filtered"] is True
    assert not response.context["ignored"]


def test_it_shows_how_many_structures_each_filter_choice_holds(cast):
    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert "Membre (2)</option>" in html
    assert "Partenaire (1)</option>" in html
    assert "Macro (0)</option>" in html
    assert "SH · Secteur hospitalier (1)</option>" in html


def test_it_reports_and_ignores_an_unknown_filter_value(cast):
    response = cast.client("viewer").get(url(cast.consortium_a, role="chef", sector="SM"))

    assert response.status_code == 200
    assert shown(response) == ["ASBL Membre A"]  # the valid filter still applies
    html = response.content.decode()
    assert "Rôle : valeur « chef » inconnue, filtre ignoré." in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(
    "query",
    [
        "role=" + "x" * 5000,
        "level=%00",
        "sector=%F0%9F%92%A5",
        "role=member&role=partner",
        "level[]=meso",
        "sector=sm",
        "role=",
        "unknown=1",
    ],
)
def test_it_never_fails_on_odd_filter_values(cast, query):
    response = cast.client("viewer").get(url(cast.consortium_a) + "?" + query)

    assert response.status_code == 200
    assert response.context["rows"] is not None


def test_it_says_when_no_structure_matches_the_filters(cast):
    response = cast.client("viewer").get(url(cast.consortium_a, level="macro"))

    assert shown(response) == []
    assert "Aucune structure ne correspond à ces filtres." in response.content.decode()


def test_it_says_when_the_consortium_has_no_structure_yet(db):
    consortium = ConsortiumFactory()
    user = UserFactory()
    role_grant(actor=None, consortium=consortium, user=user, role="viewer")
    from django.test import Client

    client = Client()
    client.force_login(user)
    html = client.get(url(consortium)).content.decode()

    assert "Ce consortium ne compte encore aucun membre ni partenaire." in html
    assert "members-table" not in html


def test_it_shows_only_the_bassins_de_vie_of_the_consortium_territory(cast):
    elsewhere = LifeBasinFactory(territory=cast.consortium_b.territory, name="Bassin d'ailleurs")
    cast.member_a.life_basins.add(elsewhere, cast.consortium_a.territory.life_basins.get(name="Trois Vallées"))

    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert "Trois Vallées" in html
    assert "Bassin d&#x27;ailleurs" not in html and "Bassin d'ailleurs" not in html


def test_it_never_shows_structures_of_another_consortium(cast):
    response = cast.client("admin").get(url(cast.consortium_a))

    assert "ASBL Porteuse B" not in response.content.decode()


def test_an_outsider_gets_404_and_an_anonymous_visitor_is_sent_to_log_in(cast):
    assert cast.client("outsider").get(url(cast.consortium_a)).status_code == 404
    response = cast.client("anonymous").get(url(cast.consortium_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_section_tabs_lead_to_every_read_page(cast):
    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    for name in ("detail", "members", "network", "coverage", "eligibility"):
        assert f'href="{reverse(f"consortia:{name}", args=[cast.consortium_a.pk])}"' in html
    assert f'href="/consortia/{cast.consortium_a.pk}/members/" aria-current="page"' in html


def test_it_shows_a_long_list_a_page_at_a_time_grouped_by_level_keeping_the_filters(cast):
    for i in range(60):
        MembershipFactory(
            consortium=cast.consortium_a,
            structure=StructureFactory(name=f"Structure {i:02}", level="meso" if i % 2 else "micro", sector="SM"),
        )
    client = cast.client("viewer")

    first = client.get(url(cast.consortium_a, sector="SM"))
    second = client.get(url(cast.consortium_a, sector="SM", page=2))

    matched = cast.consortium_a.memberships.filter(structure__sector="SM").count()  # the 60 and the cast's own
    meso = cast.consortium_a.memberships.filter(structure__sector="SM", structure__level="meso").count()
    assert first.context["page"].paginator.count == matched
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == matched - 50
    assert set(shown(first)).isdisjoint(shown(second))
    # Each group is headed by how many of the filtered structures it holds, on every page.
    assert first.context["level_counts"]["meso"] == meso
    html = first.content.decode()
    assert f"Niveau Méso · {meso} structures" in html
    total = cast.consortium_a.memberships.count()
    assert f"Structures 1 à 50 : {matched} structures correspondent sur {total}." in html
    assert "?sector=SM&amp;page=2" in html  # the next page keeps the filter


def test_it_shows_the_last_page_for_a_page_number_past_the_end(cast):
    response = cast.client("viewer").get(url(cast.consortium_a, page="999"))

    assert response.status_code == 200 and shown(response) == [
        "ASBL Porteuse A",
        "ASBL Membre A",
        "Hôpital Partenaire A",
    ]
    response = cast.client("viewer").get(url(cast.consortium_a, page="abc"))
    assert response.status_code == 200 and len(shown(response)) == 3
