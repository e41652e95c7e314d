"""Reading generated documents: a consortium's list, one document, one batch. A fixed number of queries each."""

from .models import DocumentKind, GeneratedDocument


def documents_of(consortium, *, kind: str | None = None):
    rows = GeneratedDocument.objects.filter(consortium=consortium).select_related(
        "requested_by", "structure", "mandate"
    )
    if kind in DocumentKind.values:
        rows = rows.filter(kind=kind)
    return rows.order_by("-requested_at", "-pk")


def document_of(consortium, document_id) -> GeneratedDocument | None:
    return (
        GeneratedDocument.objects.filter(consortium=consortium, pk=document_id)
        .select_related("requested_by", "structure", "mandate")
        .first()
    )


def batch_of(consortium, batch):
    return GeneratedDocument.objects.filter(consortium=consortium, batch=batch).select_related(
        "requested_by", "structure", "mandate"
    )
