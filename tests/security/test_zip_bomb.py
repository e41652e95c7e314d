"""Hole 9: a zip bomb (a small .xlsx that unpacks to hundreds of MB) is refused from the archive's directory, in
well under a second, with a French message — before openpyxl inflates anything — and nothing is created."""

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from budget import importing
from budget.models import BudgetLine
from ols_platform.errors import DomainError
from ols_platform.files import JUSTIFICATION, check_upload

pytestmark = pytest.mark.django_db

BOMB_MEMBER_BYTES = 200 * 1024 * 1024
CHUNK = b" " * (1024 * 1024)
MESSAGE = "Ce fichier est trop volumineux une fois décompressé"


def _workbook_bytes(cast) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lignes"
    sheet.append(["structure", "catégorie", "année", "libellé", "montant", "fonction", "ETP"])
    sheet.append([cast.lead_a.enterprise_number, "Personnel", 1, "Coordinatrice", 1000, "Coordination", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def bomb(cast, tmp_path) -> bytes:
    """A real workbook whose sheet is padded with 200 MB of blanks (valid XML, ~200 KB compressed), written in
    1 MB chunks: what openpyxl would otherwise inflate and parse."""
    honest = zipfile.ZipFile(io.BytesIO(_workbook_bytes(cast)))
    sheet = honest.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    path = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member in honest.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(member, honest.read(member))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(BOMB_MEMBER_BYTES // len(CHUNK)):
                member.write(CHUNK)
            member.write(b"</sheetData>" + tail)
    data = path.read_bytes()
    assert len(data) < 1024 * 1024  # small on the wire
    return data


def _upload(data, name="budget.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_import_refuses_a_zip_bomb_quickly_and_creates_nothing(cast, bomb):
    client = cast.client("accountant")
    started = time.monotonic()

    response = client.post(
        reverse("budget:import", kwargs={"consortium_id": cast.consortium_a.pk}), {"file": _upload(bomb)}
    )

    assert time.monotonic() - started < 5  # the whole request, on a loaded CI machine (it took 50 s)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not BudgetLine.objects.exists()
    assert not client.session.get("budget_import", {})


def test_the_preview_service_refuses_it_in_under_a_second_with_its_code(cast, bomb):
    started = time.monotonic()
    with pytest.raises(DomainError) as refused:
        importing.build_preview(consortium=cast.consortium_a, file=_upload(bomb))

    assert time.monotonic() - started < 1
    assert refused.value.code == "archive_too_large" and refused.value.field == "file"
    assert refused.value.message.startswith(MESSAGE)


def test_one_member_compressed_a_thousand_times_is_refused_even_under_the_total(cast):
    buffer = io.BytesIO(_workbook_bytes(cast))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet2.xml", b"\0" * (5 * 1024 * 1024))

    with pytest.raises(DomainError) as refused:
        importing.build_preview(consortium=cast.consortium_a, file=_upload(buffer.getvalue()))

    assert refused.value.code == "archive_too_large"


def test_an_archive_of_thousands_of_members_is_refused(cast):
    buffer = io.BytesIO(_workbook_bytes(cast))
    with zipfile.ZipFile(buffer, "a") as archive:
        for index in range(600):
            archive.writestr(f"xl/x/{index}.xml", b"<a/>")

    with pytest.raises(DomainError) as refused:
        importing.build_preview(consortium=cast.consortium_a, file=_upload(buffer.getvalue()))

    assert refused.value.code == "archive_too_large"
    assert "trop d'éléments" in refused.value.message


def test_an_honest_workbook_still_passes(cast):
    preview = importing.build_preview(consortium=cast.consortium_a, file=_upload(_workbook_bytes(cast)))

    assert preview.importable


def test_a_zip_bomb_as_justification_is_refused_too(bomb):
    with pytest.raises(DomainError) as refused:
        check_upload(_upload(bomb, "facture.xlsx"), JUSTIFICATION, field="justification_file")

    assert refused.value.code == "archive_too_large" and refused.value.field == "justification_file"


def test_workbooks_are_parsed_with_defusedxml():
    """openpyxl switches to defusedxml (entity-expansion and external-entity safe) only when it is installed."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
