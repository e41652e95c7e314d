"""The model mandates are the seed's text: each line of each part is in the seed's lines it cites, the tasks of
the operational team sit on the axis whose block lists them, and the excerpt kept in tests/mandates/data is the
seed's (checked against the seed itself when it is on this machine)."""

import re
from pathlib import Path

import pytest

from governance.models import DecisionDomain
from mandates import models_library
from mandates.models import MandateKind

EXCERPT = Path(__file__).parent / "data" / "seed_000_mandates.txt"
SEED = Path("/work/shared/seeds/000_3fb2774c8a87f19c.txt")


def seed_lines() -> dict[int, str]:
    lines = {}
    for row in EXCERPT.read_text(encoding="utf-8").splitlines():
        number, _bar, text = row.partition("|")
        lines[int(number)] = text
    return lines


def normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_text(first: int, last: int) -> str:
    lines = seed_lines()
    return normalized(" ".join(lines[n] for n in range(first, last + 1) if n in lines))


def bits(text: str) -> list[str]:
    """The lines of a part without their list markers."""
    return [normalized(re.sub(r"^\s*- ", "", line)) for line in text.splitlines() if line.strip()]


@pytest.mark.skipif(not SEED.exists(), reason="the seed is not on this machine")
def test_the_excerpt_is_the_seeds_text():
    seed = SEED.read_text(encoding="utf-8").splitlines()
    for number, text in seed_lines().items():
        assert seed[number - 1] == text, number


@pytest.mark.parametrize("key", ["operational_team", "temporary_governance"])
def test_each_part_of_a_model_is_the_seeds_text(key):
    model, sources = models_library.MODELS[key], models_library.SOURCES[key]
    for part in ("purpose", "responsibilities", "autonomy", "scope", "composition"):
        text = seed_text(*sources[part])
        for line in bits(model[part]):
            assert line in text, (key, part, line)
    tasks_text = seed_text(*sources["tasks"]) if "tasks" in sources else ""
    for _axis, task in model.get("tasks", ()):
        assert normalized(task) in tasks_text or normalized(task) + "," in tasks_text, (key, task)


def test_the_operational_teams_tasks_sit_on_the_axis_of_their_block():
    lines = seed_lines()
    blocks, current = [], []
    for number in range(502, 614):
        line = lines.get(number, "")
        if line.startswith("- ") and not line.startswith("- Axe"):
            current.append(line[2:])
        elif line.startswith("↔") and current:
            current[-1] = f"{current[-1]} {line}"
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    expected = [(axis, task) for axis, block in enumerate(blocks, start=1) for task in block]
    assert list(models_library.OPERATIONAL_TEAM["tasks"]) == expected


def test_the_models_autonomy_domains_and_members_are_the_seeds():
    team, governance = models_library.OPERATIONAL_TEAM, models_library.TEMPORARY_GOVERNANCE
    assert team["autonomy_domains"] == ["methods_tools", "concertation", "operational_budget"]
    assert set(governance["autonomy_domains"]) == {
        "urgent_strategic",
        "profiles_commitments",
        "strategic_orientation",
        "priorities",
        "meso_competences",
        "prepare_permanent_governance",
    }
    assert "permanent_governance" not in governance["autonomy_domains"]
    assert all(domain in DecisionDomain.values for domain in team["autonomy_domains"] + governance["autonomy_domains"])
    assert "ne pas définir la gouvernance pérenne" in governance["autonomy"]
    assert team["members"][0] == ("Équipe financée via le budget OLS", "funded_team")
    assert all(profile.startswith("Acteurs méso souhaitant contribuer") for profile, _c in team["members"][1:])
    assert governance["members"][0][0].startswith("Structures méso souhaitant contribuer — un représentant par")


def test_the_temporary_governance_model_writes_its_three_responsibilities_once():
    data = models_library.as_data("temporary_governance")
    assert data["tasks"] == []
    assert data["responsibilities"].count("définit les orientations") == 1


def test_the_two_models_named_by_title_only_are_titled_blanks_with_no_modalites():
    assert models_library.as_data("gt_1000_days") == {
        "kind": MandateKind.WORKING_GROUP,
        "title": "GT 1000 jours",
        "tasks": [],
        "members": [],
    }
    assert models_library.as_data("local_concertation_ville_haute")["title"] == "Concertation locale Ville Haute"
    for key in models_library.MODELS:
        data = models_library.as_data(key)
        assert not {"articulation", "working_methods", "deliverables", "commitments", "resources"} & set(data)
