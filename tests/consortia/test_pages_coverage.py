import pytest
from django.urls import reverse

from consortia.models import Level, Sector
from tests.factories import LifeBasinFactory, MembershipFactory, StructureFactory

pytestmark = pytest.mark.django_db

SECTORS = [value for value, _label in Sector.choices]
LEVELS = [value for value, _label in Level.choices]


def url(consortium):
    return reverse("consortia:coverage", args=[consortium.pk])


def cell(coverage, level, sector):
    return coverage.rows[LEVELS.index(level)].cells[SECTORS.index(sector)]


def test_it_counts_members_and_partners_per_level_and_sector(cast):
    a = cast.consortium_a
    MembershipFactory(consortium=a, structure=StructureFactory(level="micro", sector="SM"))
    MembershipFactory(consortium=a, structure=StructureFactory(level="micro", sector="SM"), role="partner")
    MembershipFactory(consortium=a, structure=StructureFactory(level="macro", sector="SSS"), role="partner")

    coverage = cast.client("accountant").get(url(a)).context["coverage"]

    assert (cell(coverage, "meso", "1LSS").members, cell(coverage, "meso", "1LSS").partners) == (1, 0)
    assert (cell(coverage, "meso", "SM").members, cell(coverage, "meso", "SM").partners) == (1, 0)
    assert (cell(coverage, "meso", "SH").members, cell(coverage, "meso", "SH").partners) == (0, 1)
    assert (cell(coverage, "micro", "SM").members, cell(coverage, "micro", "SM").partners) == (1, 1)
    assert cell(coverage, "macro", "SSS").partners == 1
    assert cell(coverage, "macro", "PP").total == 0
    assert coverage.rows[LEVELS.index("micro")].total.total == 2
    assert [c.total for c in coverage.totals.cells] == [1, 0, 1, 3, 1]
    assert (coverage.totals.total.members, coverage.totals.total.partners) == (3, 3)


def test_each_cell_shows_both_counts_and_an_empty_cell_stands_out(cast):
    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert "0 M · 1 P" in html  # the partner hospital, méso SH
    assert 'title="0 membre, 1 partenaire"' in html  # French: 0 and 1 take the singular
    assert "(s)" not in html
    assert "2 M · 1 P" in html  # the grand total
    assert "coverage-empty" in html


def test_it_lists_structures_per_bassin_de_vie_and_those_without_one(cast):
    a = cast.consortium_a
    ville_haute = a.territory.life_basins.get(name="Ville Haute")
    cast.member_a.life_basins.add(ville_haute)
    cast.partner_a.life_basins.add(ville_haute, a.territory.life_basins.get(name="Trois Vallées"))
    cast.lead_a.life_basins.add(LifeBasinFactory(territory=cast.consortium_b.territory, name="Bassin de B"))

    response = cast.client("viewer").get(url(a))

    coverage = response.context["coverage"]
    by_basin = {basin.name: [ref.name for ref in refs] for basin, refs in coverage.basins}
    assert by_basin == {
        "Trois Vallées": ["Hôpital Partenaire A"],
        "Ville Haute": ["ASBL Membre A", "Hôpital Partenaire A"],
    }
    assert [ref.name for ref in coverage.without_basin] == ["ASBL Porteuse A"]  # its basin is elsewhere
    html = response.content.decode()
    assert "Sans bassin de vie" in html
    assert "Bassin de B" not in html
    assert "(partenaire)" in html


def test_a_bassin_without_structure_is_named_as_not_covered(cast):
    html = cast.client("viewer").get(url(cast.consortium_a)).content.decode()

    assert html.count("aucune structure : bassin non couvert") == 2


def test_it_never_counts_another_consortium_s_structures(cast):
    MembershipFactory(consortium=cast.consortium_b, structure=StructureFactory(level="micro", sector="PP"))

    coverage = cast.client("admin").get(url(cast.consortium_a)).context["coverage"]

    assert coverage.totals.total.total == 3
