"""Writing the activity log: every wrong input is refused with a French message naming its field, and changes
nothing; two people saving at once (optimistic locking); attachments checked by type, content and size."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.models import LifeBasin
from ols_platform.errors import ConflictError, DomainError
from ols_platform.models import ActionLog
from reporting.models import Activity, ActivityAttachment
from reporting.services.activity import (
    activity_create,
    activity_delete,
    activity_update,
    attachment_add,
    attachment_remove,
)

from .activity_helpers import VALID, new

pytestmark = pytest.mark.django_db


def _state():
    return (
        sorted(Activity.objects.values_list("pk", "title", "version", "date", "logic", "function")),
        sorted(Activity.structures.through.objects.values_list("activity_id", "structure_id")),
    )


def test_it_creates_an_activity_with_its_structures_and_an_audit_entry(cast):
    activity = new(cast, structures=[cast.member_a, cast.partner_a.pk], title="  Concertation  ")
    assert activity.title == "Concertation"
    assert set(activity.structures.values_list("pk", flat=True)) == {cast.member_a.pk, cast.partner_a.pk}
    assert ActionLog.objects.filter(action="activity.created", target_id=activity.pk).exists()
    assert activity.version == 1


BAD = [
    ({"title": ""}, "title", "Indiquez l'intitulé"),
    ({"title": "x" * 201}, "title", "au plus 200"),
    ({"narrative": "x" * 5001}, "narrative", "au plus 5000"),
    ({"participants_count": -1}, "participants_count", "négatif"),
    ({"participants_count": 100_001}, "participants_count", "vérifiez"),
    ({"participants_count": "12"}, "participants_count", "nombre entier"),
    ({"participants_count": True}, "participants_count", "nombre entier"),
    ({"date": None}, "date", "Indiquez la date"),
    ({"date": "2026-03-12"}, "date", "Indiquez la date"),
    ({"date": datetime.date(1999, 1, 1)}, "date", "comprise entre"),
    ({"date": datetime.date(9999, 12, 31)}, "date", "comprise entre"),
    ({"kind": "party"}, "kind", "type d'activité"),
    ({"logic": ""}, "logic", "logique d'action"),
    ({"logic": "transversal", "function": ""}, "function", "laquelle des cinq"),
    ({"logic": "horizontal", "function": "learning"}, "function", "Seule une activité"),
    ({"logic": "transversal", "function": "nope"}, "function", "fonction transversale"),
    ({"title": "a\x00b"}, "title", "caractère invalide"),
    ({"structures": "12"}, "structures", "dans la liste"),
    ({"structures": ["abc"]}, "structures", "dans la liste"),
    ({"life_basin": "abc"}, "life_basin", "territoire du consortium"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD)
def test_it_refuses_a_wrong_input_on_create_and_changes_nothing(cast, changes, field, message):
    before = _state()
    with pytest.raises(DomainError) as refused:
        new(cast, **changes)
    assert refused.value.field == field
    assert message in refused.value.message
    assert _state() == before


def test_it_refuses_another_consortiums_structure_and_changes_nothing(cast):
    activity = new(cast, structures=[cast.member_a])
    before = _state()
    with pytest.raises(DomainError, match="ni membre ni partenaire") as refused:
        activity_update(
            actor=None,
            activity=activity,
            data=VALID | {"title": "Autre", "structures": [cast.member_a, cast.lead_b]},
            expected_version=1,
        )
    assert refused.value.field == "structures"
    assert _state() == before


def test_it_refuses_a_bassin_de_vie_outside_the_territory(cast):
    elsewhere = LifeBasin.objects.create(territory=cast.consortium_b.territory, name="Ailleurs", population=10)
    with pytest.raises(DomainError, match="territoire du consortium"):
        new(cast, life_basin=elsewhere)
    assert not Activity.objects.exists()
    basin = LifeBasin.objects.get(name="Ville Haute")
    assert new(cast, life_basin=basin.pk).life_basin == basin


def test_it_refuses_the_second_of_two_people_saving_at_once(cast):
    activity = new(cast)
    activity_update(actor=None, activity=activity, data=VALID | {"title": "Première"}, expected_version=1)
    with pytest.raises(ConflictError):
        activity_update(actor=None, activity=activity, data=VALID | {"title": "Seconde"}, expected_version=1)
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Première", 2)


def test_it_updates_and_keeps_the_structures_when_not_given(cast):
    activity = new(cast, structures=[cast.member_a])
    activity = activity_update(
        actor=None, activity=activity, data=VALID | {"logic": "transversal", "function": "learning"}, expected_version=1
    )
    assert (activity.function, activity.version) == ("learning", 2)
    assert list(activity.structures.values_list("pk", flat=True)) == [cast.member_a.pk]


def test_it_deletes_an_activity_with_an_audit_entry(cast):
    activity = new(cast)
    activity_delete(actor=None, activity=activity)
    assert not Activity.objects.exists()
    assert ActionLog.objects.filter(action="activity.deleted").exists()
    with pytest.raises(DomainError, match="déjà été supprimée"):
        activity_delete(actor=None, activity=activity)


def _pdf(name="pv.pdf", content=b"%PDF-1.4 compte rendu"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_it_adds_and_removes_an_attachment(cast):
    activity = new(cast)
    attachment = attachment_add(actor=None, activity=activity, file=_pdf("PV réunion.pdf"))
    assert attachment.filename.endswith(".pdf") and attachment.size == len(b"%PDF-1.4 compte rendu")
    attachment_remove(actor=None, attachment=attachment)
    assert not ActivityAttachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Choisissez un fichier"),
        (SimpleUploadedFile("virus.exe", b"MZ..."), "Type de fichier refusé"),
        (SimpleUploadedFile("faux.pdf", b"<html>"), "ne correspond pas"),
        (SimpleUploadedFile("vide.pdf", b""), "vide"),
        (SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)), "5 Mo"),
    ],
)
def test_it_refuses_a_wrong_attachment_and_keeps_nothing(cast, upload, message):
    activity = new(cast)
    with pytest.raises(DomainError, match=message):
        attachment_add(actor=None, activity=activity, file=upload)
    assert not ActivityAttachment.objects.exists()


def test_it_refuses_create_with_an_unknown_consortium_structure_id(cast):
    with pytest.raises(DomainError):
        activity_create(actor=None, consortium=cast.consortium_a, data=VALID | {"structures": [10**12]})
    assert not Activity.objects.exists()
