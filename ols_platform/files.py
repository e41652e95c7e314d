"""Uploaded files (expense justifications, signed arrangement documents, proposal attachments): an allow-list of
types checked by extension AND content, at most 5 MB, one check for all; and the archive check that every zip-based upload (.xlsx, .docx) passes before anything opens it."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ols_platform.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
ZIP = b"PK\x03\x04"
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".xlsx": (ZIP,),
    ".docx": (ZIP,),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

# A zip bomb is a small upload that unpacks to gigabytes: 789 KB of .xlsx became 232 MB and 50 s of parsing. A
# zip's central directory states each member's sizes, and Python's zipfile never inflates a member past its
# stated size, so checking them before parsing is enough. An honest budget workbook (5,000 rows at most) unpacks
# to a few MB, its members compress a few dozen times at most, and it holds a few dozen members.
ARCHIVE_MAX_UNCOMPRESSED = 30 * 1024 * 1024
ARCHIVE_MAX_MEMBERS = 500
ARCHIVE_MAX_RATIO = 100
ARCHIVE_RATIO_FROM = 1024 * 1024  # smaller members cannot hurt, whatever their ratio


def check_archive(data: bytes, *, field: str) -> None:
    """Refuse a zip archive that is damaged, has too many members or unpacks too large (in total or for one
    member, by its compression ratio) — from its directory alone, in milliseconds, before any parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise DomainError(
            _("Ce fichier est une archive endommagée : enregistrez-le à nouveau, puis réessayez."),
            code="damaged_archive",
            field=field,
        ) from None
    if len(members) > ARCHIVE_MAX_MEMBERS:
        raise DomainError(
            _("Ce fichier contient trop d'éléments (%(count)d, au plus %(max)d) : ce n'est pas un document ordinaire.")
            % {"count": len(members), "max": ARCHIVE_MAX_MEMBERS},
            code="archive_too_large",
            field=field,
            params={"max_members": ARCHIVE_MAX_MEMBERS},
        )
    total = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > ARCHIVE_RATIO_FROM and member.file_size > ARCHIVE_MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > ARCHIVE_MAX_UNCOMPRESSED or bomb:
        raise DomainError(
            _(
                "Ce fichier est trop volumineux une fois décompressé (au plus %d Mo) : "
                "enregistrez-le à nouveau ou découpez-le."
            )
            % (ARCHIVE_MAX_UNCOMPRESSED // (1024 * 1024)),
            code="archive_too_large",
            field=field,
            params={"max_uncompressed_bytes": ARCHIVE_MAX_UNCOMPRESSED},
        )


@dataclass(frozen=True)
class Allowed:
    """What an upload field accepts: its extensions (each checked against its content) and the refusal naming them."""

    suffixes: tuple[str, ...]
    refusal: str

    @property
    def accept(self) -> str:
        """The `accept` attribute of the file input."""
        return ",".join(self.suffixes)


JUSTIFICATION = Allowed(
    tuple(SIGNATURES),
    gettext_lazy(
        "Type de fichier refusé : joignez un PDF, une image PNG ou JPG, un fichier Excel (.xlsx) ou Word (.docx)."
    ),
)
SIGNED_DOCUMENT = Allowed(
    (".pdf", ".png", ".jpg", ".jpeg", ".docx"),
    gettext_lazy("Type de fichier refusé : joignez le document signé en PDF, PNG, JPG ou Word (.docx)."),
)
ACCEPT = JUSTIFICATION.accept


def check_upload(file, allowed: Allowed, *, field: str) -> None:
    """Refuse a file that is too large, of a type not allowed, or whose content does not match its extension; a
    zip-based file (.xlsx, .docx) also passes the archive check."""
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in allowed.suffixes:
        raise DomainError(str(allowed.refusal), code="invalid_file_type", field=field)
    if file.size is None or file.size > MAX_BYTES:
        raise DomainError(
            _("Le fichier dépasse 5 Mo."), code="file_too_large", field=field, params={"max_bytes": MAX_BYTES}
        )
    if file.size == 0:
        raise DomainError(_("Le fichier est vide."), code="invalid_file_type", field=field)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise DomainError(
            _("Le contenu du fichier ne correspond pas à son extension %s.") % suffix,
            code="invalid_file_type",
            field=field,
        )
    if head.startswith(ZIP):
        # Nothing here unpacks an upload, but the people who download it do.
        check_archive(file.read(), field=field)
        file.seek(0)


def safe_name(name: str) -> str:
    base = Path(name or "piece").name
    try:
        cleaned = get_valid_filename(base)
    except SuspiciousFileOperation:
        cleaned = "piece" + Path(base).suffix.lower()
    return cleaned[:200]


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def private_download(field_file, filename: str):
    """Serve a privately stored upload as an attachment (the caller has checked access); 404 when it is missing."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type_for(field_file.name)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
