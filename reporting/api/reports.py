"""`/api/v1/consortia/{id}/reports/`: the structures' activity reports — list (`?year=`), read (with their sections and
the state of the shared paragraphs that concern them), `PATCH …/{rid}/sections/{sid}/` (a section's `body`, with the
`version` read: 409 `conflict` when stale, 409 `report_submitted` once handed in) and `POST …/{rid}/submit/`.

The same rules as the pages (reporting/report_access.py): a draft is read and written by the operational team, the
coordination and the structure's reporters; a submitted report is read by everyone who sees the consortium. A list
holds only the reports the caller may read; another structure's draft asked by id is 403.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from consortia.permissions import is_aviq_staff
from ols_platform import api_fields
from ols_platform.concurrency import VERSION_MAX

from .. import report_selectors as selectors
from ..models.reports import BODY_MAX, HANDED_IN, ActivityReport, ReportSection, ReportStatus, SharedParagraph
from ..permissions import VIEW, consortium_access
from ..report_access import report_rights
from ..services import report_review
from ..services import reports as services


def _paragraph(state) -> dict:
    paragraph = state.paragraph
    return {
        "id": paragraph.pk,
        "title": paragraph.title,
        "revision": paragraph.revision,
        "section_title": paragraph.section_title,
        "approved": state.is_approved,
        "approved_count": state.approved_count,
        "total": state.total,
        "approved_by_structures": [s.pk for s in state.structures if s.pk in state.approved],
        "missing_structures": [s.pk for s in state.missing],
        # One source: the text is in a report only once every concerned structure approved this revision.
        "body": paragraph.body if state.is_approved else None,
    }


class ReportSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    structure = api_fields.IntegerField(read_only=True)
    structure_name = api_fields.CharField(read_only=True)
    year = api_fields.IntegerField(read_only=True)
    status = api_fields.ChoiceField(choices=ReportStatus.choices, read_only=True)
    specific_template = api_fields.CharField(
        read_only=True, help_text=_("Le canevas spécifique d'un financeur ; vide pour le rapport harmonisé.")
    )
    version = api_fields.IntegerField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    sections = serializers.ListField(child=serializers.DictField(), read_only=True)
    shared_paragraphs = serializers.ListField(child=serializers.DictField(), read_only=True)

    def to_representation(self, report):
        states = self.context.get("states", [])
        return {
            "id": report.pk,
            "structure": report.structure_id,
            "structure_name": report.structure.name,
            "year": report.year,
            "status": report.status,
            "specific_template": report.specific_template,
            "version": report.version,
            "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
            "sections": [
                {
                    "id": section.pk,
                    "position": section.position,
                    "title": section.title,
                    "body": section.body,
                    "version": section.version,
                }
                for section in report.sections.all()
            ],
            "shared_paragraphs": [
                _paragraph(state)
                for state in states
                if state.paragraph.year == report.year and any(s.pk == report.structure_id for s in state.structures)
            ],
        }


class ReviewDecisionSerializer(api_fields.Serializer):
    comment = api_fields.CharField(required=False, allow_blank=True, max_length=4000)


class SectionSerializer(api_fields.Serializer):
    body = api_fields.CharField(allow_blank=True, max_length=BODY_MAX, trim_whitespace=False)
    version = api_fields.IntegerField(
        min_value=0,
        max_value=VERSION_MAX,
        help_text=_("La version de la section lue : si quelqu'un a enregistré entre-temps, 409 (code `conflict`)."),
    )


class SubmitSerializer(api_fields.Serializer):
    version = api_fields.IntegerField(required=False, min_value=0, max_value=VERSION_MAX)


in_consortium = extend_schema(parameters=[CONSORTIUM_ID])


@extend_schema_view(list=in_consortium, retrieve=in_consortium)
class ActivityReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Les rapports d'activité des structures membres."""

    serializer_class = ReportSerializer
    queryset = ActivityReport.objects.none()

    def access(self):
        if not hasattr(self, "_access"):
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], VIEW)
            self._rights = report_rights(self._access, self.request.user)
        return self._access

    def rights(self):
        self.access()
        return self._rights

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        rows = (
            ActivityReport.objects.filter(consortium=self.access().consortium)
            .select_related("structure")
            .prefetch_related("sections")
            .order_by("-year", "structure__name", "pk")
        )
        if self.action == "list":
            rights = self.rights()
            if not rights.manages:
                rows = rows.filter(Q(status__in=HANDED_IN) | Q(structure_id__in=rights.reporter_of))
            year = self.request.query_params.get("year")
            if year:
                rows = rows.filter(year=selectors.year_of(year))
        return rows

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "states" not in context:
            consortium = self.access().consortium
            context["states"] = selectors.paragraph_states(
                SharedParagraph.objects.filter(consortium=consortium), consortium
            )
        return context

    def get_object(self):
        try:
            report = self.get_queryset().get(pk=int(self.kwargs["pk"]))
        except (ActivityReport.DoesNotExist, ValueError):
            raise Http404 from None
        self.rights().require_read(report)
        return report

    def _writable(self):
        report = self.get_object()
        self.rights().require_write(report.structure_id)
        return report

    def _shown(self, report):
        report = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(report).data)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=SectionSerializer,
        responses=ReportSerializer,
        description=_("Modifie le texte d'une section (Markdown, 20 000 caractères au plus) ; `version` obligatoire."),
    )
    @action(detail=True, methods=["patch"], url_path=r"sections/(?P<section_id>[0-9]{1,10})")
    def section(self, request, *args, section_id=None, **kwargs):
        report = self._writable()
        section = ReportSection.objects.filter(report=report, pk=int(section_id)).first()
        if section is None:
            raise Http404
        serializer = SectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.section_update(
            actor=request.user,
            section=section,
            body=serializer.validated_data["body"],
            expected_version=serializer.validated_data["version"],
        )
        return self._shown(report)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=SubmitSerializer,
        responses=ReportSerializer,
        description=_(
            "Remet le rapport (toutes ses sections rédigées, sinon 400 `report_incomplete`) ; il est verrouillé."
        ),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self._writable()
        serializer = SubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report_submit(
            actor=request.user, report=report, expected_version=serializer.validated_data.get("version")
        )
        return self._shown(report)

    def _reviewed(self, request, decide):
        if not is_aviq_staff(request.user):
            raise PermissionDenied(_("Seule l'AVIQ examine les rapports d'activité."), code="not_reviewer")
        report = self.get_object()
        serializer = ReviewDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decide(actor=request.user, report=report, comment=serializer.validated_data.get("comment", ""))
        return self._shown(report)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=ReviewDecisionSerializer,
        responses=ReportSerializer,
        description=_("AVIQ : approuve le rapport remis (il est verrouillé) ; 400 `not_submitted` sinon."),
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        return self._reviewed(request, report_review.report_approve)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=ReviewDecisionSerializer,
        responses=ReportSerializer,
        description=_("AVIQ : rend le rapport remis à la structure avec les modifications demandées (`comment`)."),
    )
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, *args, **kwargs):
        return self._reviewed(request, report_review.report_request_changes)


__all__ = ["ActivityReportViewSet"]
