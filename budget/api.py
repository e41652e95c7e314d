"""The budget JSON API: summary, lines (CRUD) and expenses (list, read, create).

Thin: serializers only check the shape; `consortium_access` is the gate (view_budget to read, edit_budget to write);
every write is one service call whose `DomainError` becomes a 400 with the rule's code (409 for a conflict).
Amounts are Decimal strings (`"449999.50"`), never floats.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiTypes,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from ols_platform import api_fields
from ols_platform.api_cache import CachedList, cached_read
from ols_platform.api_fields import IdField
from ols_platform.concurrency import version_number
from ols_platform.fragments import consortium_scope

from . import selectors, services
from .models import (
    JUSTIFICATION_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    LINE_ORDER,
    STAFF_ROLE_MAX_LENGTH,
    Budget,
    BudgetLine,
    Category,
    Expense,
)
from .permissions import EDIT_BUDGET, RECORD_EXPENSES, VIEW_BUDGET, consortium_access

# A number travels as text (`"449999.50"`); the service reads its value, this only bounds the text.
NUMBER_TEXT_MAX_LENGTH = 60
CONSORTIUM_ID = OpenApiParameter(
    "consortium_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Identifiant du consortium.")
)
BUDGET_VERSION = OpenApiParameter(
    "version", OpenApiTypes.INT, description=_("Version du budget (par défaut : la dernière).")
)


# Input fields are checked by the service, which answers a wrong value with its rule's code (one set of rules for the
# web and the API); the fields only check the JSON type the schema documents (ols_platform.api_fields).
@extend_schema_field({"type": "integer", "enum": [1, 2]})
class PlanYearField(api_fields.IntegerField):
    """The year of the 24-month plan: 1 or 2 (another integer is refused by the service, with its code)."""


def choice_text_field(choices, **kwargs):
    """A text field documented as an enum; a value outside it is refused by the service, with its code."""
    return extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})(
        type("ChoiceText", (api_fields.CharField,), {})
    )(max_length=60, **kwargs)


def money_text(value):
    """An amount as the API writes it: a Decimal string with two places (`"449999.50"`), or None."""
    return None if value is None else f"{value:.2f}"


def budget_row(instance) -> dict:
    """What the API shows of a row's place in the budget: its id, its budget version and status, its own version."""
    return {
        "id": instance.pk,
        "budget_version": instance.budget.version,
        "budget_status": instance.budget.status,
        "version": instance.version,
    }


class ViolationSerializer(api_fields.Serializer):
    code = api_fields.CharField()
    message = api_fields.CharField()


class BudgetSummarySerializer(api_fields.Serializer):
    version = api_fields.IntegerField(allow_null=True)
    status = api_fields.CharField(allow_null=True)
    envelope_cap = api_fields.CharField()
    total_planned = api_fields.CharField()
    remaining = api_fields.CharField()
    personnel_planned = api_fields.CharField()
    personnel_share = api_fields.CharField(allow_null=True)
    personnel_min_share = api_fields.CharField()
    total_by_year = serializers.DictField(child=api_fields.CharField())
    total_by_category = serializers.DictField(child=api_fields.CharField())
    approved_total = api_fields.CharField(allow_null=True)
    total_actual = api_fields.CharField()
    personnel_actual = api_fields.CharField()
    violations = ViolationSerializer(many=True)
    is_compliant = api_fields.BooleanField()
    warnings = ViolationSerializer(
        many=True, help_text=_("Dépenses au-delà d'une ligne ou d'une catégorie : signalées, jamais bloquantes.")
    )
    overspent_lines = api_fields.IntegerField(help_text=_("Nombre de lignes approuvées dépensées au-delà du prévu."))
    overspent_categories = serializers.ListField(child=api_fields.CharField())


def summary_data(summary) -> dict:
    budget = summary.budget
    return {
        "version": budget.version if budget else None,
        "status": budget.status if budget else None,
        "envelope_cap": money_text(summary.envelope),
        "total_planned": money_text(summary.total_planned),
        "remaining": money_text(summary.remaining),
        "personnel_planned": money_text(summary.personnel_planned),
        "personnel_share": None if summary.personnel_share is None else f"{summary.personnel_share:.4f}",
        "personnel_min_share": f"{summary.rules.personnel_min_share:.4f}",
        "total_by_year": {str(row.key): money_text(row.planned) for row in summary.by_year},
        "total_by_category": {row.key: money_text(row.planned) for row in summary.by_category},
        "approved_total": money_text(summary.approved_total),
        "total_actual": money_text(summary.total_actual),
        "personnel_actual": money_text(summary.personnel_actual),
        "violations": [{"code": v.code, "message": v.message} for v in summary.violations],
        "is_compliant": summary.is_compliant,
        "warnings": [{"code": w.code, "message": w.message} for w in summary.warnings],
        "overspent_lines": summary.overspent_line_count,
        "overspent_categories": [row.key for row in summary.by_category if row.overspent],
    }


@extend_schema(parameters=[CONSORTIUM_ID], responses=BudgetSummarySerializer)
class BudgetSummaryView(APIView):
    """The consortium's budget at a glance: envelope, planned and actual totals, personnel share, violations."""

    def get(self, request, consortium_id):
        access = consortium_access(request.user, consortium_id, VIEW_BUDGET)

        def respond():
            return Response(summary_data(selectors.summary(access.consortium, selectors.versions(access.consortium))))

        return cached_read(request, consortium_scope(access), respond)


# --- lines ----------------------------------------------------------------------------------------------------


class BudgetLineSerializer(api_fields.ModelSerializer):
    """Output of a line; on input the service checks every value (one set of rules)."""

    structure = IdField(help_text=_("Identifiant d'une structure du consortium."))
    category = choice_text_field(Category.choices)
    year = PlanYearField()
    label = api_fields.CharField(allow_blank=True, max_length=LABEL_MAX_LENGTH)
    amount = api_fields.DecimalTextField(max_length=NUMBER_TEXT_MAX_LENGTH)
    staff_role = api_fields.CharField(required=False, allow_blank=True, max_length=STAFF_ROLE_MAX_LENGTH)
    fte = api_fields.DecimalTextField(
        required=False, allow_blank=True, allow_null=True, max_length=NUMBER_TEXT_MAX_LENGTH
    )
    version = api_fields.IntegerField(required=False, help_text=_("Version chargée (obligatoire pour modifier)."))
    budget_version = api_fields.IntegerField(source="budget.version", read_only=True)
    budget_status = api_fields.CharField(source="budget.status", read_only=True)
    structure_name = api_fields.CharField(source="structure.name", read_only=True)

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "budget_version",
            "budget_status",
            "structure",
            "structure_name",
            "category",
            "year",
            "label",
            "amount",
            "staff_role",
            "fte",
            "version",
        ]

    def to_representation(self, line):
        return budget_row(line) | {
            "structure": line.structure_id,
            "structure_name": line.structure.name,
            "category": line.category,
            "year": line.year,
            "label": line.label,
            "amount": money_text(line.amount),
            "staff_role": line.staff_role,
            "fte": None if line.fte is None else f"{line.fte:.2f}",
        }


def of_budget_version(queryset, consortium, request):
    """The rows of the budget version named by `?version=N` (a positive integer), else of the latest version."""
    version = request.query_params.get("version")
    if version is None:
        latest = Budget.objects.filter(consortium=consortium).order_by("-version").values("pk")[:1]
        return queryset.filter(budget_id__in=latest)
    number = version_number(version)
    if number is None or number < 1:
        raise serializers.ValidationError(
            {"version": [_("Le numéro de version du budget est un entier positif (1, 2…).")]}, code="invalid_version"
        )
    return queryset.filter(budget__version=number)


def listed_budget(consortium, request) -> Budget | None:
    """The budget version a list reads: `?version=N` (a positive integer), else the latest; None when there is none."""
    versions = Budget.objects.filter(consortium=consortium)
    version = request.query_params.get("version")
    if version is None:
        return versions.order_by("-version").first()
    number = version_number(version)
    if number is None or number < 1:
        raise serializers.ValidationError(
            {"version": [_("Le numéro de version du budget est un entier positif (1, 2…).")]}, code="invalid_version"
        )
    return versions.filter(version=number).first()


# What the API shows of a line (BudgetLineSerializer.to_representation), for `only()`.
LINE_FIELDS = ("id", "budget_id", "structure_id", "category", "year", "label", "amount", "staff_role", "fte", "version")


class ConsortiumScoped(CachedList):
    """The consortium from the URL through the one gate: view_budget to read, edit_budget to write. The list is
    answered from the cache until the consortium's revision moves (every budget write moves it)."""

    def read_scope(self) -> tuple:
        return consortium_scope(self.access())

    def access(self):
        if not hasattr(self, "_access"):
            perm = VIEW_BUDGET if self.request.method in SAFE_METHODS else EDIT_BUDGET
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], perm)
        return self._access

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access()


def versioned_schema(*, deleted_version: str):
    """The schema of a VersionedViewSet: the consortium in every path, `?version=N` for the list and the delete."""
    in_consortium = extend_schema(parameters=[CONSORTIUM_ID])
    return extend_schema_view(
        list=extend_schema(parameters=[CONSORTIUM_ID, BUDGET_VERSION]),
        retrieve=in_consortium,
        create=in_consortium,
        update=in_consortium,
        partial_update=in_consortium,
        destroy=extend_schema(
            parameters=[CONSORTIUM_ID, OpenApiParameter("version", OpenApiTypes.INT, description=deleted_version)]
        ),
    )


class VersionedViewSet(ConsortiumScoped, viewsets.ModelViewSet):
    """Rows of a consortium's budget written through services, with optimistic locking: an update and a delete name
    the version the client loaded (a stale one is a 409). Subclasses say which service writes (`write_*`)."""

    # An update names the version it loaded: the schema marks it required there.
    version_required_on = ("put", "patch")
    missing_version_message = _("Indiquez la version que vous modifiez.")

    ordering: tuple[str, ...] = ("pk",)

    def rows(self, consortium):
        """The consortium's rows, with what the serializer reads."""
        raise NotImplementedError

    def write_create(self, data: dict): ...

    def write_update(self, instance, *, version, data: dict): ...

    def write_delete(self, instance, *, version) -> None: ...

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        consortium = self.access().consortium
        queryset = self.rows(consortium)
        if self.action == "list":
            queryset = of_budget_version(queryset, consortium, self.request)
        return queryset.order_by(*self.ordering)

    def _data(self) -> dict:
        serializer = self.get_serializer(data=self.request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _shown(self, instance, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = self._data()
        data.pop("version", None)
        return self._shown(self.write_create(data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self._data()
        if "version" not in data:
            raise serializers.ValidationError({"version": [self.missing_version_message]})
        version = data.pop("version")
        return self._shown(self.write_update(instance, version=version, data=data))

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        version = request.data.get("version") if hasattr(request.data, "get") else None
        self.write_delete(instance, version=version or request.query_params.get("version"))
        return Response(status=status.HTTP_204_NO_CONTENT)


@versioned_schema(deleted_version=_("Version de la ligne supprimée (ou dans le corps)."))
class BudgetLineViewSet(VersionedViewSet):
    """Lines of the consortium's budget. Writes go to the editable version (draft or changes requested)."""

    missing_version_message = _("Indiquez la version de la ligne que vous modifiez.")
    serializer_class = BudgetLineSerializer
    queryset = BudgetLine.objects.none()  # for the schema; requests use get_queryset

    ordering = LINE_ORDER

    def rows(self, consortium):
        return BudgetLine.objects.filter(budget__consortium=consortium).select_related("structure", "budget")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.action != "list":
            return super().get_queryset()
        # The list reads one version: found first, its lines carry it (no join to the version on every row), and
        # they load only what the serializer shows.
        budget = listed_budget(self.access().consortium, self.request)
        if budget is None:
            return BudgetLine.objects.none()
        return budget.lines.select_related("structure").only(*LINE_FIELDS, "structure__name").order_by(*self.ordering)

    def write_create(self, data):
        return services.budget_line_create(actor=self.request.user, consortium=self.access().consortium, data=data)

    def write_update(self, instance, *, version, data):
        return services.budget_line_update(actor=self.request.user, line=instance, version=version, data=data)

    def write_delete(self, instance, *, version):
        services.budget_line_delete(actor=self.request.user, line=instance, version=version)


# --- expenses -------------------------------------------------------------------------------------------------


class ExpenseSerializer(api_fields.ModelSerializer):
    budget_line = IdField(help_text=_("Identifiant d'une ligne du budget approuvé."))
    date = serializers.DateField()
    amount = api_fields.DecimalTextField(max_length=NUMBER_TEXT_MAX_LENGTH)
    justification = api_fields.CharField(allow_blank=True, max_length=JUSTIFICATION_MAX_LENGTH)
    justification_file = serializers.FileField(required=False, allow_null=True, write_only=True)
    justification_url = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = ["id", "budget_line", "date", "amount", "justification", "justification_file", "justification_url"]

    def get_justification_url(self, expense) -> str | None:
        if not expense.justification_file:
            return None
        request = self.context.get("request")
        path = reverse(
            "budget:expense_file",
            kwargs={"consortium_id": expense.budget_line.budget.consortium_id, "expense_id": expense.pk},
        )
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, expense):
        return {
            "id": expense.pk,
            "budget_line": expense.budget_line_id,
            "date": expense.date.isoformat(),
            "amount": money_text(expense.amount),
            "justification": expense.justification,
            "justification_url": self.get_justification_url(expense),
        }


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID]),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(parameters=[CONSORTIUM_ID]),
)
class ExpenseViewSet(
    ConsortiumScoped, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Actual spending. Financial records are never deleted nor rewritten: history keeps them."""

    # A justification file travels in a multipart body (documented beside JSON).
    request_media_types = ("application/json", "multipart/form-data")
    serializer_class = ExpenseSerializer
    queryset = Expense.objects.none()  # for the schema; requests use get_queryset

    def access(self):
        """Reading needs view_budget; recording, record_expenses (the operational team too, when allowed)."""
        if not hasattr(self, "_access"):
            perm = VIEW_BUDGET if self.request.method in SAFE_METHODS else RECORD_EXPENSES
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], perm)
        return self._access

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.expenses(self.access().consortium)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        file = data.pop("justification_file", None)
        expense = services.expense_create(actor=request.user, consortium=self.access().consortium, data=data, file=file)
        expense = self.get_queryset().get(pk=expense.pk)
        return Response(self.get_serializer(expense).data, status=status.HTTP_201_CREATED)
