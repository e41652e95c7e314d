"""Justification files: an allow-list of types checked by extension AND content, at most 5 MB."""

from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

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
ACCEPT = ",".join(SIGNATURES)


def check_justification_file(file) -> None:
    """Refuse a file that is too large, of a type not allowed, or whose content does not match its extension."""
    suffix = Path(file.name or "").suffix.lower()
    if suffix not in SIGNATURES:
        raise DomainError(
            _(
                "Type de fichier refusé : joignez un PDF, une image PNG ou JPG, un fichier Excel (.xlsx) ou Word (.docx)."
            ),
            code="invalid_file_type",
            field="justification_file",
        )
    if file.size is None or file.size > MAX_BYTES:
        raise DomainError(
            _("Le fichier dépasse 5 Mo."),
            code="file_too_large",
            field="justification_file",
            params={"max_bytes": MAX_BYTES},
        )
    if file.size == 0:
        raise DomainError(_("Le fichier est vide."), code="invalid_file_type", field="justification_file")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[suffix]):
        raise DomainError(
            _("Le contenu du fichier ne correspond pas à son extension %s.") % suffix,
            code="invalid_file_type",
            field="justification_file",
        )


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
