"""The mandates demo (`make run`): the team's and the gouvernance temporaire's mandates in force, the GT's about to
end, the concertation without one — the matrix and the home page's flags have something to show."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from consortia.models import Consortium, User
from governance.models import Body
from governance.selectors import pending_votes
from mandates.models import Mandate
from mandates.selectors import dashboard_flags
from mandates.who_decides import who_decides

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    for command in ("load_demo", "load_governance_demo", "load_mandates_demo"):
        call_command(command, allow_demo_passwords=True, stdout=out)
    return out.getvalue()


def test_the_demo_has_mandates_in_force_one_ending_and_a_space_without_one(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    load()
    assert Mandate.objects.filter(status="adopted").count() == 3
    team = Body.objects.get(kind="operational_team")
    assert team.mandate_domains == ["concertation", "methods_tools", "operational_budget"]
    consortium = Consortium.objects.get(bodies=team)
    flags = dashboard_flags([consortium.pk], timezone.localdate())[consortium.pk]
    assert [m.title for m in flags["expiring"]] == ["GT 1000 jours"]
    assert [b.name for b in flags["uncovered"]] == ["Concertation locale Ville Haute"]
    matrix = who_decides(consortium, timezone.localdate())
    assert [column.label for column in matrix.without_mandate] == ["Concertation locale Ville Haute"]
    # The governance member's waiting vote is still the one the governance demo left.
    member = User.objects.get(email="gouvernance@demo.ols.example")
    assert [p.title for p in pending_votes(member)] == ["Retenir les trois projets prioritaires de 2027"]


def test_running_it_twice_changes_nothing():
    load()
    assert "rien à créer" in load()
    assert Mandate.objects.count() == 3


def test_it_refuses_outside_development_without_the_flag_and_before_the_governance_demo(settings):
    with pytest.raises(CommandError):
        call_command("load_mandates_demo", allow_demo_passwords=True, stdout=StringIO())
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_mandates_demo", stdout=StringIO())
    assert not Mandate.objects.exists()
