"""The staff arrangements JSON API: `/api/v1/consortia/{consortium_id}/staff-arrangements/` (list, retrieve, create,
update, delete).

A staff arrangement is how the operational team is paid: `secondment` (mise à disposition), `convention`
(reimbursement without secondment) or `direct` (employment by the lead). Each belongs to one budget version and names
the personnel lines (`lines`, ids) it is paid from.

Same discipline as `budget/api.py`: serializers only check the shape; `consortium_access` is the gate (view_budget to
read, edit_budget to write; outsiders 404); every write is one call to `budget/staff/services.py`, whose `DomainError`
becomes a 400 with the rule's code (409 with `conflict` for a stale `version`). Amounts and FTE are Decimal strings.

The list shows the latest budget version by default (`?version=N` for another). An update names the `version` it
loaded (optimistic locking); a PATCH keeps the fields it does not send. A delete names it too (body or `?version=`).

The signed document is not uploaded through the API (use the web page): the API only tells whether there is one
(`has_document`, read-only) and where to download it (`document_url`, the `budget:arrangement_document` page).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from budget.api import (
    CONSORTIUM_ID,
    NUMBER_TEXT_MAX_LENGTH,
    ConsortiumScoped,
    choice_text_field,
    money_text,
    of_budget_version,
)
from budget.staff import services as staff_services
from ols_platform import api_fields
from ols_platform.api_fields import IdField

from .models import PERSON_MAX_LENGTH, StaffArrangement

VERSION = OpenApiParameter("version", OpenApiTypes.INT, description=_("Version du budget (par défaut : la dernière)."))


class StaffArrangementSerializer(api_fields.ModelSerializer):
    """Output of an arrangement; on input the service checks every value (one set of rules)."""

    kind = choice_text_field(StaffArrangement.Kind.choices, help_text=_("`secondment`, `convention` ou `direct`."))
    employer = IdField(help_text=_("Identifiant de la structure employeuse."))
    person = api_fields.CharField(max_length=PERSON_MAX_LENGTH)
    fte = api_fields.DecimalTextField(
        max_length=NUMBER_TEXT_MAX_LENGTH, help_text=_("ETP entre 0.01 et 1, en texte (« 0.50 »).")
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    monthly_cost = api_fields.DecimalTextField(
        max_length=NUMBER_TEXT_MAX_LENGTH, help_text=_("Coût mensuel en euros, en texte (« 2000.00 »).")
    )
    lines = serializers.ListField(
        child=IdField(),
        max_length=500,
        help_text=_("Identifiants des lignes de personnel de la même version du budget qui le financent."),
    )
    version = api_fields.IntegerField(required=False, help_text=_("Version chargée (obligatoire pour modifier)."))
    budget_version = api_fields.IntegerField(source="budget.version", read_only=True)
    budget_status = api_fields.CharField(source="budget.status", read_only=True)
    employer_name = api_fields.CharField(source="employer.name", read_only=True)
    has_document = api_fields.BooleanField(read_only=True, help_text=_("Un document signé est joint."))
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = StaffArrangement
        fields = [
            "id",
            "budget_version",
            "budget_status",
            "kind",
            "employer",
            "employer_name",
            "person",
            "fte",
            "start_date",
            "end_date",
            "monthly_cost",
            "lines",
            "has_document",
            "document_url",
            "version",
        ]

    def get_document_url(self, arrangement) -> str | None:
        if not arrangement.document:
            return None
        path = reverse(
            "budget:arrangement_document",
            kwargs={"consortium_id": arrangement.budget.consortium_id, "arrangement_id": arrangement.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, arrangement):
        return {
            "id": arrangement.pk,
            "budget_version": arrangement.budget.version,
            "budget_status": arrangement.budget.status,
            "kind": arrangement.kind,
            "employer": arrangement.employer_id,
            "employer_name": arrangement.employer.name,
            "person": arrangement.person,
            "fte": f"{arrangement.fte:.2f}",
            "start_date": arrangement.start_date.isoformat(),
            "end_date": arrangement.end_date.isoformat(),
            "monthly_cost": money_text(arrangement.monthly_cost),
            "lines": sorted(line.pk for line in arrangement.lines.all()),
            "has_document": bool(arrangement.document),
            "document_url": self.get_document_url(arrangement),
            "version": arrangement.version,
        }


def _current(arrangement) -> dict:
    """The arrangement's values as service input: what a PATCH keeps when it does not send a field."""
    return {
        "kind": arrangement.kind,
        "employer": arrangement.employer_id,
        "person": arrangement.person,
        "fte": arrangement.fte,
        "start_date": arrangement.start_date,
        "end_date": arrangement.end_date,
        "monthly_cost": arrangement.monthly_cost,
        "lines": [line.pk for line in arrangement.lines.all()],
    }


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID, VERSION]),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(parameters=[CONSORTIUM_ID]),
    update=extend_schema(parameters=[CONSORTIUM_ID]),
    partial_update=extend_schema(parameters=[CONSORTIUM_ID]),
    destroy=extend_schema(
        parameters=[
            CONSORTIUM_ID,
            OpenApiParameter(
                "version", OpenApiTypes.INT, description=_("Version de l'arrangement supprimé (ou dans le corps).")
            ),
        ]
    ),
)
class StaffArrangementViewSet(ConsortiumScoped, viewsets.ModelViewSet):
    """Staff arrangements (mise à disposition, convention, direct employment) of the consortium's budget.
    Writes go to the editable version (draft or changes requested); the signed document is read-only here."""

    # An update names the version it loaded (optimistic locking): the schema marks it required there.
    version_required_on = ("put", "patch")
    serializer_class = StaffArrangementSerializer
    queryset = StaffArrangement.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        consortium = self.access().consortium
        queryset = (
            StaffArrangement.objects.filter(budget__consortium=consortium)
            .select_related("budget", "employer")
            .prefetch_related("lines")
        )
        if self.action == "list":
            queryset = of_budget_version(queryset, consortium, self.request)
        return queryset.order_by("start_date", "person", "pk")

    def _data(self):
        serializer = self.get_serializer(data=self.request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request, *args, **kwargs):
        data = self._data()
        data.pop("version", None)
        arrangement = staff_services.arrangement_create(
            actor=request.user, consortium=self.access().consortium, data=data
        )
        arrangement = self.get_queryset().get(pk=arrangement.pk)
        return Response(self.get_serializer(arrangement).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        arrangement = self.get_object()
        data = self._data()
        if "version" not in data:
            raise serializers.ValidationError(
                {"version": [_("Indiquez la version de l'arrangement que vous modifiez.")]}
            )
        version = data.pop("version")
        arrangement = staff_services.arrangement_update(
            actor=request.user, arrangement=arrangement, version=version, data=_current(arrangement) | data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=arrangement.pk)).data)

    def destroy(self, request, *args, **kwargs):
        arrangement = self.get_object()
        version = request.data.get("version") if hasattr(request.data, "get") else None
        staff_services.arrangement_delete(
            actor=request.user, arrangement=arrangement, version=version or request.query_params.get("version")
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
