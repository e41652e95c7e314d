"""Shared paragraphs: approved by every concerned structure's reporter, reset by an edit, shown in the reports only
once fully approved, with the « approuvé par n/N » count."""

import pytest
from django.urls import reverse

from consortia.models import ConsortiumRole
from consortia.services.roles import role_grant
from ols_platform.errors import ConflictError, DomainError
from ols_platform.models import Notification
from reporting import report_selectors as selectors
from reporting.models import SharedParagraph, SharedParagraphApproval
from reporting.services import reports as services
from tests.factories import UserFactory

TEXT = "Les structures **contribuent ensemble** à la fonction de liaison du territoire."


@pytest.fixture
def lead_reporter(cast):
    user = UserFactory(email="reporter-lead@a.test")
    role_grant(
        actor=None,
        consortium=cast.consortium_a,
        user=user,
        role=ConsortiumRole.Role.STRUCTURE_REPORTER,
        structure=cast.lead_a,
    )
    return user


@pytest.fixture
def paragraph(cast):
    return services.shared_paragraph_create(
        actor=cast.user("operational"),
        consortium=cast.consortium_a,
        data={"year": 2026, "title": "Fonction de liaison", "body": TEXT, "structures": [cast.lead_a, cast.member_a]},
    )


def _state(paragraph):
    return selectors.paragraph_states(SharedParagraph.objects.filter(pk=paragraph.pk), paragraph.consortium)[0]


def test_it_notifies_the_reporters_of_the_concerned_structures_when_a_paragraph_is_written(cast, lead_reporter):
    services.shared_paragraph_create(
        actor=cast.user("operational"),
        consortium=cast.consortium_a,
        data={"year": 2026, "title": "Liaison", "body": TEXT, "structures": [cast.lead_a, cast.member_a]},
    )
    notified = set(
        Notification.objects.filter(kind="shared_paragraph.to_approve").values_list("user__email", flat=True)
    )
    assert notified == {"structure_reporter@a.test", "reporter-lead@a.test"}


def test_it_counts_approvals_and_is_approved_only_when_every_structure_agreed(cast, paragraph, lead_reporter):
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    state = _state(paragraph)
    assert (state.approved_count, state.total, state.is_approved) == (1, 2, False)
    assert state.missing == [cast.lead_a]
    services.shared_paragraph_approve(actor=lead_reporter, paragraph=paragraph, structure=cast.lead_a, revision=1)
    state = _state(paragraph)
    assert (state.approved_count, state.total, state.is_approved) == (2, 2, True)


def test_editing_the_text_resets_every_approval_and_notifies_again(cast, paragraph, lead_reporter):
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    services.shared_paragraph_approve(actor=lead_reporter, paragraph=paragraph, structure=cast.lead_a, revision=1)
    Notification.objects.all().delete()
    paragraph = services.shared_paragraph_update(
        actor=cast.user("operational"), paragraph=paragraph, data={"body": TEXT + " Modifié."}, expected_version=1
    )
    assert paragraph.revision == 2
    state = _state(paragraph)
    assert (state.approved_count, state.is_approved) == (0, False)
    assert Notification.objects.filter(kind="shared_paragraph.to_approve").count() == 2
    # The old approvals are kept, for the record, but count for nothing.
    assert SharedParagraphApproval.objects.filter(paragraph=paragraph, revision=1).count() == 2


def test_changing_only_the_placement_keeps_the_approvals(cast, paragraph):
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    paragraph = services.shared_paragraph_update(
        actor=cast.user("operational"), paragraph=paragraph, data={"section_title": "Partenariats"}, expected_version=1
    )
    assert paragraph.revision == 1
    assert _state(paragraph).approved_count == 1


def test_it_refuses_an_approval_of_a_revision_that_is_no_longer_current(cast, paragraph):
    services.shared_paragraph_update(
        actor=cast.user("operational"), paragraph=paragraph, data={"body": "Autre texte."}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.shared_paragraph_approve(
            actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
        )
    assert not SharedParagraphApproval.objects.exists()


def test_it_refuses_an_approval_by_someone_who_does_not_report_for_the_structure(cast, paragraph):
    with pytest.raises(DomainError) as refused:
        services.shared_paragraph_approve(
            actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.lead_a, revision=1
        )
    assert refused.value.code == "not_reporter"
    assert not SharedParagraphApproval.objects.exists()


def test_approving_twice_is_harmless(cast, paragraph):
    for _ in range(2):
        services.shared_paragraph_approve(
            actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
        )
    assert SharedParagraphApproval.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"title": "", "body": TEXT}, "required"),
        ({"title": "x" * 201, "body": TEXT}, "too_long"),
        ({"title": "Liaison", "body": "x" * 20_001}, "too_long"),
        ({"title": "Liaison", "body": TEXT, "year": 2031}, "invalid_year"),
        ({"title": "Liaison", "body": TEXT, "structures": "one"}, "too_few"),
    ],
)
def test_it_refuses_a_malformed_paragraph_and_writes_nothing(cast, data, code):
    data = {"year": 2026, "structures": [cast.lead_a, cast.member_a]} | data
    if data["structures"] == "one":
        data["structures"] = [cast.member_a]
    with pytest.raises(DomainError) as refused:
        services.shared_paragraph_create(actor=cast.user("operational"), consortium=cast.consortium_a, data=data)
    assert refused.value.code == code
    assert not SharedParagraph.objects.exists()


def test_it_refuses_a_partner_or_another_consortiums_structure(cast):
    for other in (cast.partner_a, cast.lead_b):
        with pytest.raises(DomainError) as refused:
            services.shared_paragraph_create(
                actor=cast.user("operational"),
                consortium=cast.consortium_a,
                data={"year": 2026, "title": "Liaison", "body": TEXT, "structures": [cast.member_a, other]},
            )
        assert refused.value.code == "not_a_member"
    assert not SharedParagraph.objects.exists()


def test_a_stale_edit_is_refused(cast, paragraph):
    services.shared_paragraph_update(
        actor=cast.user("operational"), paragraph=paragraph, data={"body": "Première."}, expected_version=1
    )
    with pytest.raises(ConflictError):
        services.shared_paragraph_update(
            actor=cast.user("coordinator"), paragraph=paragraph, data={"body": "Seconde."}, expected_version=1
        )
    assert SharedParagraph.objects.get().body == "Première."


def test_the_report_shows_the_paragraph_only_once_fully_approved(cast, paragraph, lead_reporter):
    report, _created = services.report_start(
        actor=cast.user("structure_reporter"), consortium=cast.consortium_a, structure=cast.member_a, year=2026
    )
    client = cast.client("structure_reporter")
    url = reverse("reporting:report", kwargs={"consortium_id": cast.consortium_a.pk, "report_id": report.pk})
    services.shared_paragraph_approve(
        actor=cast.user("structure_reporter"), paragraph=paragraph, structure=cast.member_a, revision=1
    )
    page = client.get(url).content.decode()
    assert "contribuent ensemble" not in page
    assert "approuvé par 1/2" in page
    assert "ASBL Porteuse A" in page  # who is missing
    services.shared_paragraph_approve(actor=lead_reporter, paragraph=paragraph, structure=cast.lead_a, revision=1)
    page = client.get(url).content.decode()
    assert "<strong>contribuent ensemble</strong>" in page
    assert "approuvé par 2/2" in page


def test_a_reporter_approves_from_the_list_and_a_structure_without_reporter_is_shown(cast, paragraph):
    client = cast.client("structure_reporter")
    url = reverse("reporting:shared_paragraphs", kwargs={"consortium_id": cast.consortium_a.pk})
    page = client.get(url + "?year=2026").content.decode()
    assert "aucun rapporteur désigné" in page  # the lead structure has none
    approve = reverse(
        "reporting:shared_paragraph_approve",
        kwargs={"consortium_id": cast.consortium_a.pk, "paragraph_id": paragraph.pk},
    )
    response = client.post(approve, {"structure": cast.member_a.pk, "revision": 1})
    assert response.status_code == 302
    assert SharedParagraphApproval.objects.filter(structure=cast.member_a).count() == 1


def test_a_reporter_cannot_approve_for_another_structure_through_the_form(cast, paragraph):
    approve = reverse(
        "reporting:shared_paragraph_approve",
        kwargs={"consortium_id": cast.consortium_a.pk, "paragraph_id": paragraph.pk},
    )
    response = cast.client("structure_reporter").post(approve, {"structure": cast.lead_a.pk, "revision": 1})
    assert response.status_code == 403
    assert not SharedParagraphApproval.objects.exists()
