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
from rest_framework import serializers

from budget.api import (
    NUMBER_TEXT_MAX_LENGTH,
    VersionedViewSet,
    budget_row,
    choice_text_field,
    money_text,
    versioned_schema,
)
from budget.staff import services as staff_services
from ols_platform import api_fields
from ols_platform.api_fields import IdField
from ols_platform.collation import french

from .models import PERSON_MAX_LENGTH, StaffArrangement


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
        return budget_row(arrangement) | {
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


@versioned_schema(deleted_version=_("Version de l'arrangement supprimé (ou dans le corps)."))
class StaffArrangementViewSet(VersionedViewSet):
    """Staff arrangements (mise à disposition, convention, direct employment) of the consortium's budget.
    Writes go to the editable version (draft or changes requested); the signed document is read-only here."""

    missing_version_message = _("Indiquez la version de l'arrangement que vous modifiez.")
    serializer_class = StaffArrangementSerializer
    queryset = StaffArrangement.objects.none()  # for the schema; requests use get_queryset

    ordering = ("start_date", french("person").asc(), "pk")

    def rows(self, consortium):
        return (
            StaffArrangement.objects.filter(budget__consortium=consortium)
            .select_related("budget", "employer")
            .prefetch_related("lines")
        )

    def write_create(self, data):
        return staff_services.arrangement_create(
            actor=self.request.user, consortium=self.access().consortium, data=data
        )

    def write_update(self, instance, *, version, data):
        # a PATCH keeps the fields it does not send
        return staff_services.arrangement_update(
            actor=self.request.user, arrangement=instance, version=version, data=_current(instance) | data
        )

    def write_delete(self, instance, *, version):
        staff_services.arrangement_delete(actor=self.request.user, arrangement=instance, version=version)
