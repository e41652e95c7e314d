"""`/api/v1/consortia/{id}/documents/`: ask for a PDF (`POST` → 202 with the job), follow it (`GET …/{doc_id}/` →
`status`, `progress`, `download_url`), download it (`GET …/{doc_id}/download/`).

The same rules as the pages (reporting/views/documents.py): reading needs VIEW (a structure's activity report: the
team and that structure's reporters), asking needs MANAGE_REPORTING (a reporter: their own structure's report). Not
cached: a worker moves the job along outside any request.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from consortia.models import Structure
from mandates.models import Mandate
from ols_platform import api_fields, files
from ols_platform.api_fields import IdField

from .. import document_selectors as selectors
from ..document_access import may_request, may_request_some, visible_documents
from ..models import DocumentKind, DocumentStatus, GeneratedDocument
from ..models.reports import REPORT_YEARS
from ..permissions import VIEW, consortium_access
from ..services import documents as services


class DocumentSerializer(api_fields.Serializer):
    """A generated document: the job (status, progress) and, once done, its file."""

    id = api_fields.IntegerField(read_only=True)
    kind = api_fields.ChoiceField(choices=DocumentKind.choices)
    structure = IdField(required=False, allow_null=True, help_text=_("La structure d'un rapport d'activité."))
    year = api_fields.ChoiceField(
        choices=[(year, str(year)) for year in REPORT_YEARS],
        required=False,
        allow_null=True,
        help_text=_("L'année d'un rapport d'activité."),
    )
    mandate = IdField(required=False, allow_null=True, help_text=_("La version du mandat d'une fiche mandat."))
    version = api_fields.IntegerField(read_only=True)
    status = api_fields.ChoiceField(choices=DocumentStatus.choices, read_only=True)
    progress = api_fields.IntegerField(read_only=True, help_text=_("Avancement, de 0 à 100."))
    error = api_fields.CharField(read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    finished_at = serializers.DateTimeField(read_only=True, allow_null=True)
    duration_ms = api_fields.IntegerField(read_only=True, allow_null=True)
    pages = api_fields.IntegerField(read_only=True, allow_null=True)
    size = api_fields.IntegerField(read_only=True, allow_null=True)
    sha256 = api_fields.CharField(read_only=True)
    download_url = api_fields.CharField(read_only=True, allow_null=True)

    def to_representation(self, document):
        done = document.status == DocumentStatus.DONE
        return {
            "id": document.pk,
            "kind": document.kind,
            "structure": document.structure_id,
            "year": document.year,
            "mandate": document.mandate_id,
            "version": document.version,
            "status": document.status,
            "progress": document.progress,
            "error": document.error,
            "requested_at": document.requested_at.isoformat(),
            "finished_at": document.finished_at.isoformat() if document.finished_at else None,
            "duration_ms": document.duration_ms,
            "pages": document.pages,
            "size": document.size,
            "sha256": document.sha256,
            "download_url": self._download_url(document) if done else None,
        }

    def _download_url(self, document) -> str:
        path = reverse(
            "consortium-document-download",
            kwargs={"consortium_id": document.consortium_id, "pk": document.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


in_consortium = extend_schema(parameters=[CONSORTIUM_ID])


@extend_schema_view(
    list=in_consortium,
    retrieve=in_consortium,
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        responses={202: DocumentSerializer},
        description=_(
            "Demande un document : `kind` `evaluation_deliverable`, `activity_report` (avec `structure` et `year`) "
            "ou `mandate` (avec `mandate`). Répond 202 avec la tâche ; suivez-la avec GET jusqu'à `done`. Une "
            "demande identique encore en cours est renvoyée telle quelle."
        ),
    ),
)
class DocumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Les documents PDF produits pour le consortium, toutes versions, les plus récents d'abord."""

    serializer_class = DocumentSerializer
    queryset = GeneratedDocument.objects.none()  # for the schema; requests use get_queryset

    def access(self):
        if not hasattr(self, "_access"):
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], VIEW)
        return self._access

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        access = self.access()
        if request.method not in SAFE_METHODS and not may_request_some(access, request.user):
            raise exceptions.PermissionDenied()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return visible_documents(self.access(), self.request.user, selectors.documents_of(self.access().consortium))

    def get_object(self):
        access = self.access()
        document = selectors.document_of(access.consortium, self.kwargs["pk"])
        if document is None:
            raise Http404
        if not visible_documents(access, self.request.user, GeneratedDocument.objects.filter(pk=document.pk)).exists():
            raise PermissionDenied
        return document

    def create(self, request, *args, **kwargs):
        serializer = DocumentSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        consortium = self.access().consortium
        subject = {"structure": None, "year": None, "mandate": None}
        if data["kind"] == DocumentKind.ACTIVITY_REPORT:
            subject["structure"] = _structure(consortium, data.get("structure"))
            subject["year"] = int(data["year"]) if data.get("year") else None
        if data["kind"] == DocumentKind.MANDATE:
            subject["mandate"] = _mandate(consortium, data.get("mandate"))
        if not may_request(self.access(), request.user, data["kind"], subject["structure"]):
            raise exceptions.PermissionDenied()
        document = services.document_request(actor=request.user, consortium=consortium, kind=data["kind"], **subject)
        return Response(self.get_serializer(document).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY), 409: OpenApiResponse()},
        description=_("Le fichier PDF d'un document prêt (409, code `not_ready`, tant qu'il ne l'est pas)."),
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        document = self.get_object()
        if document.status != DocumentStatus.DONE:
            return Response(
                {"detail": str(_("Ce document n'est pas encore prêt.")), "code": "not_ready"},
                status=status.HTTP_409_CONFLICT,
            )
        return files.private_download(document.file, document.filename)


def _structure(consortium, structure_id):
    structure = (
        Structure.objects.filter(pk=structure_id, memberships__consortium=consortium).first() if structure_id else None
    )
    if structure is None:
        raise serializers.ValidationError({"structure": [_("Structure introuvable dans ce consortium.")]})
    return structure


def _mandate(consortium, mandate_id):
    mandate = Mandate.objects.filter(pk=mandate_id, consortium=consortium).first() if mandate_id else None
    if mandate is None:
        raise serializers.ValidationError({"mandate": [_("Mandat introuvable dans ce consortium.")]})
    return mandate
