"""A proposal's attachments (upload while in preparation or open, download for readers, removal in preparation)
and a body's recommendations to another body, with what became of them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import Proposal, ProposalAttachment, Recommendation
from governance.services.attachments import attachment_add
from governance.services.bodies import body_create
from governance.services.proposals import proposal_create
from ols_platform import files
from tests.factories import BodyFactory

from .conftest import open_vote

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% une note\n"


def pdf(name="note.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def url(name, cast, *args):
    return reverse(f"governance:{name}", args=[cast.consortium_a.pk, *args])


def upload(cast, gov, file, actor="operational"):
    return cast.client(actor).post(url("attachment_upload", cast, gov.proposal.pk), {"file": file}, follow=True)


def test_the_operational_team_attaches_a_pdf_that_readers_download(cast, gov):
    response = upload(cast, gov, pdf())

    attachment = ProposalAttachment.objects.get(proposal=gov.proposal)
    assert "« note.pdf » est jointe" in response.content.decode()
    download = cast.client("reviewer").get(url("attachment", cast, attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert "note.pdf" in cast.client("viewer").get(url("proposal", cast, gov.proposal.pk)).content.decode()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), "Type de fichier refusé"),
        (SimpleUploadedFile("faux.pdf", b"<html>hello</html>"), "ne correspond pas à son extension"),
        (SimpleUploadedFile("vide.pdf", b""), "Le fichier est vide."),
    ],
)
def test_it_refuses_a_file_of_a_bad_type(cast, gov, file, message):
    response = upload(cast, gov, file)

    assert message in response.content.decode()
    assert not ProposalAttachment.objects.exists()


def test_it_refuses_a_file_over_5_mb(cast, gov):
    response = upload(cast, gov, pdf(content=PDF + b"0" * files.MAX_BYTES))

    assert "Le fichier dépasse 5 Mo." in response.content.decode()
    assert not ProposalAttachment.objects.exists()


def test_an_upload_without_a_file_is_explained(cast, gov):
    response = cast.client("coordinator").post(url("attachment_upload", cast, gov.proposal.pk), {}, follow=True)

    assert "Choisissez un fichier." in response.content.decode()


def test_a_governance_member_does_not_attach_files(cast, gov):
    response = cast.client("governance").post(url("attachment_upload", cast, gov.proposal.pk), {"file": pdf()})

    assert response.status_code == 403
    assert not ProposalAttachment.objects.exists()


def test_another_consortiums_attachment_is_not_found(cast, gov):
    theirs_body = BodyFactory(consortium=cast.consortium_b)
    theirs = proposal_create(
        actor=None, consortium=cast.consortium_b, data={"body": theirs_body, "title": "B", "domain": "other"}
    )
    attachment = attachment_add(actor=None, proposal=theirs, file=pdf())

    assert cast.client("coordinator").get(url("attachment", cast, attachment.pk)).status_code == 404
    assert cast.client("coordinator").post(url("attachment_delete", cast, attachment.pk)).status_code == 404
    assert ProposalAttachment.objects.filter(pk=attachment.pk).exists()


def test_an_attachment_is_removed_while_in_preparation_only(cast, gov):
    draft = attachment_add(actor=None, proposal=gov.proposal, file=pdf("brouillon.pdf"))
    cast.client("operational").post(url("attachment_delete", cast, draft.pk))
    assert not ProposalAttachment.objects.filter(pk=draft.pk).exists()

    kept = attachment_add(actor=None, proposal=gov.proposal, file=pdf("lue.pdf"))
    open_vote(gov.proposal, cast.users["operational"])
    response = cast.client("operational").post(url("attachment_delete", cast, kept.pk), follow=True)

    assert ProposalAttachment.objects.filter(pk=kept.pk).exists()
    assert "les pièces jointes que les membres ont lues restent" in response.content.decode()


def test_an_open_proposal_still_takes_attachments_a_closed_one_does_not(cast, gov):
    open_vote(gov.proposal, cast.users["operational"])
    upload(cast, gov, pdf())
    assert ProposalAttachment.objects.count() == 1

    Proposal.objects.filter(pk=gov.proposal.pk).update(status="closed", outcome="adopted")
    response = cast.client("operational").post(url("attachment_upload", cast, gov.proposal.pk), {"file": pdf()})
    assert response.status_code == 403
    assert ProposalAttachment.objects.count() == 1


# --- recommendations -------------------------------------------------------------------------------------------


@pytest.fixture
def working_group(cast):
    return body_create(actor=None, consortium=cast.consortium_a, data={"kind": "working_group", "name": "GT Logement"})


def test_a_working_group_recommends_and_sees_what_became_of_it(cast, gov, working_group):
    response = cast.client("operational").post(
        url("recommendation_create", cast, working_group.pk),
        {"to_body": gov.body.pk, "title": "Ouvrir un guichet", "text": "Un guichet unique.", "domain": "priorities"},
    )

    assert response.status_code == 302
    recommendation = Recommendation.objects.get(from_body=working_group)
    assert recommendation.proposal.body == gov.body and recommendation.proposal.status == "draft"
    html = cast.client("viewer").get(url("body", cast, working_group.pk)).content.decode()
    assert "Ouvrir un guichet" in html and "En préparation" in html


@pytest.mark.parametrize(
    "data",
    [
        {"title": "x", "text": "y", "domain": "priorities"},
        {"to_body": "abc", "title": "x", "text": "y", "domain": "priorities"},
        {"to_body": "SELF", "title": "x", "text": "y", "domain": "priorities"},
        {"to_body": "GOV", "title": "x", "text": " ", "domain": "priorities"},
        {"to_body": "GOV", "title": "x", "text": "y", "domain": "nowhere"},
    ],
)
def test_it_refuses_a_bad_recommendation(cast, gov, working_group, data):
    ids = {"SELF": working_group.pk, "GOV": gov.body.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}

    response = cast.client("coordinator").post(url("recommendation_create", cast, working_group.pk), data)

    assert response.status_code == 200
    assert not Recommendation.objects.exists()


def test_a_recommendation_cannot_go_to_another_consortiums_body(cast, gov, working_group):
    theirs = BodyFactory(consortium=cast.consortium_b)
    data = {"to_body": theirs.pk, "title": "x", "text": "y", "domain": "priorities"}

    response = cast.client("coordinator").post(url("recommendation_create", cast, working_group.pk), data)

    assert "Choisissez une autre instance active de ce consortium." in response.content.decode()
    assert not Recommendation.objects.exists()
