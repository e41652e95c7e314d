"""The governance demo (`make run`): a decision in the register and a vote waiting for the demo governance member."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from consortia.models import User
from governance.models import Body, Decision, Proposal
from governance.selectors import pending_votes

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_demo", allow_demo_passwords=True, stdout=out)
    call_command("load_governance_demo", allow_demo_passwords=True, stdout=out)
    return out.getvalue()


def test_the_demo_governance_member_has_a_vote_waiting_and_the_register_a_decision(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    load()
    assert Body.objects.count() == 3
    assert Decision.objects.get().outcome == "adopted"
    member = User.objects.get(email="gouvernance@demo.ols.example")
    assert [p.title for p in pending_votes(member)] == ["Retenir les trois projets prioritaires de 2027"]
    assert Proposal.objects.filter(status="open").count() == 1


def test_running_it_twice_changes_nothing():
    load()
    assert "rien à créer" in load()
    assert Body.objects.count() == 3


def test_it_refuses_outside_development_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_governance_demo", stdout=StringIO())
