"""The mandates JSON API: `/api/v1/consortia/{id}/mandates/` — list, read, create, update a draft — and the
actions `…/{mid}/propose/` (to the deciding body, a governance proposal) and `…/{mid}/amend/` (the next version).

Thin: the serializers check the JSON shape (ols_platform.api_fields), `consortium_access` is the gate (VIEW to read,
PREPARE_DECISIONS to write), every write is one service call whose `DomainError` becomes a 400 with the rule's code
(409 for a conflict: a stale `row_version`, or an adopted mandate, code `mandate_adopted`).

`version` is the mandate's version number (1, then one more per amendment); `row_version` is the optimistic-lock
counter of the row (ols_platform.concurrency): send it back with PUT/PATCH.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from consortia.api.common import CONSORTIUM_ID
from consortia.models import LifeBasin
from governance.models import Body, DecisionDomain, DecisionMethod
from ols_platform import api_fields
from ols_platform.api_cache import CachedList
from ols_platform.api_fields import IdField
from ols_platform.concurrency import VERSION_MAX
from ols_platform.errors import DomainError
from ols_platform.fragments import consortium_scope

from . import selectors, services
from .models import TEXT_MAX, Mandate, MandateKind
from .permissions import PREPARE_DECISIONS, VIEW, consortium_access

TEXT_PARTS = (
    "purpose",
    "responsibilities",
    "autonomy",
    "scope",
    "composition",
    "articulation",
    "working_methods",
    "deliverables",
    "commitments",
    "resources",
)
DATE_PARTS = ("start_date", "end_date", "review_date")


def _text(**kwargs):
    return api_fields.CharField(required=False, allow_blank=True, max_length=TEXT_MAX, **kwargs)


def _date(**kwargs):
    return serializers.DateField(required=False, allow_null=True, **kwargs)


def _date_text(value):
    return None if value is None else value.isoformat()


class MandateSerializer(api_fields.Serializer):
    """A version of a mandate: its twelve parts, its space or function, where it stands in the decision."""

    id = api_fields.IntegerField(read_only=True)
    lineage = api_fields.IntegerField(
        read_only=True, help_text=_("Identifiant du mandat : celui de sa première version, commun à ses avenants.")
    )
    version = api_fields.IntegerField(
        read_only=True, help_text=_("Numéro de version du mandat (1, puis un de plus à chaque avenant).")
    )
    kind = api_fields.ChoiceField(
        choices=MandateKind.choices,
        required=False,
        help_text=_("L'espace (un type d'instance) ou la fonction ; fixé à la création."),
    )
    status = api_fields.ChoiceField(choices=Mandate.Status.choices, read_only=True)
    body = IdField(required=False, allow_null=True, help_text=_("Identifiant de l'instance (l'espace) du mandat."))
    life_basin = IdField(
        required=False, allow_null=True, help_text=_("Identifiant du bassin de vie d'une concertation locale.")
    )
    title = api_fields.CharField(required=False, max_length=200)
    purpose = _text()
    responsibilities = _text()
    autonomy = _text()
    autonomy_domains = serializers.ListField(
        child=api_fields.ChoiceField(choices=DecisionDomain.choices),
        required=False,
        max_length=len(DecisionDomain.choices),
        help_text=_("Les domaines de décision que l'espace décide en autonomie."),
    )
    scope = _text()
    composition = _text()
    articulation = _text()
    working_methods = _text()
    deliverables = _text()
    start_date = _date()
    end_date = _date()
    review_date = _date()
    commitments = _text()
    resources = _text()
    deciding_body = api_fields.IntegerField(read_only=True, allow_null=True)
    decision_method = api_fields.CharField(read_only=True)
    proposal = api_fields.IntegerField(
        read_only=True, allow_null=True, help_text=_("Identifiant de la proposition soumise à l'instance.")
    )
    decision = api_fields.IntegerField(read_only=True, allow_null=True)
    adopted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    row_version = api_fields.IntegerField(
        required=False,
        min_value=0,
        max_value=VERSION_MAX,
        help_text=_(
            "Version de l'enregistrement lue (plus un à chaque enregistrement). Obligatoire avec PUT/PATCH : si "
            "quelqu'un a enregistré entre-temps, la requête est refusée (409, code `conflict`) et rien ne change."
        ),
    )

    def to_representation(self, mandate):
        return {
            "id": mandate.pk,
            "lineage": mandate.lineage,
            "version": mandate.number,
            "kind": mandate.kind,
            "status": mandate.status,
            "body": mandate.body_id,
            "life_basin": mandate.life_basin_id,
            "title": mandate.title,
            **{name: getattr(mandate, name) for name in TEXT_PARTS},
            "autonomy_domains": list(mandate.autonomy_domains or []),
            **{name: _date_text(getattr(mandate, name)) for name in DATE_PARTS},
            "deciding_body": mandate.deciding_body_id,
            "decision_method": mandate.decision_method,
            "proposal": mandate.proposal_id,
            "decision": mandate.decision_id,
            "adopted_at": None if mandate.adopted_at is None else mandate.adopted_at.isoformat(),
            "row_version": mandate.version,
        }


class ProposeSerializer(api_fields.Serializer):
    body = IdField(help_text=_("Identifiant de l'instance qui adopte le mandat."))
    decision_method = api_fields.ChoiceField(
        choices=DecisionMethod.choices,
        required=False,
        allow_blank=True,
        help_text=_("Le mode de décision (par défaut : celui de l'instance)."),
    )
    closes_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("Clôture du vote : donnée, la proposition est ouverte au vote.")
    )


def _refuse_unknown(field: str, message) -> None:
    raise DomainError(str(message), code="does_not_exist", field=field)


in_consortium = extend_schema(parameters=[CONSORTIUM_ID])


@extend_schema_view(
    list=in_consortium,
    retrieve=in_consortium,
    create=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Un premier projet de mandat (`kind` et `title` obligatoires)."),
    ),
    update=in_consortium,
    partial_update=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Modifie un projet ; un mandat adopté est refusé (409, code `mandate_adopted`)."),
    ),
)
class MandateViewSet(
    CachedList,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Les mandats du consortium, toutes versions ; écrits avec le droit « préparer les décisions »."""

    serializer_class = MandateSerializer
    queryset = Mandate.objects.none()  # for the schema; requests use get_queryset
    # An update names the row version it loaded (ols_platform.api_schema marks it required there).
    version_required_on = ("put", "patch")
    version_field = "row_version"

    def access(self):
        if not hasattr(self, "_access"):
            perm = VIEW if self.request.method in SAFE_METHODS else PREPARE_DECISIONS
            self._access = consortium_access(self.request.user, self.kwargs["consortium_id"], perm)
        return self._access

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access()

    def read_scope(self) -> tuple:
        return consortium_scope(self.access())

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.mandates_of(self.access().consortium)

    def _data(self, serializer_class=MandateSerializer) -> dict:
        serializer = serializer_class(data=self.request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        consortium = self.access().consortium
        if data.get("body") is not None:
            body = Body.objects.filter(pk=data["body"], consortium=consortium).first()
            if body is None:
                _refuse_unknown("body", _("Instance introuvable dans ce consortium."))
            data["body"] = body
        if data.get("life_basin") is not None:
            basin = LifeBasin.objects.filter(pk=data["life_basin"], territory_id=consortium.territory_id).first()
            if basin is None:
                _refuse_unknown("life_basin", _("Bassin de vie introuvable dans le territoire du consortium."))
            data["life_basin"] = basin
        return data

    def _shown(self, mandate, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=mandate.pk)).data, status=status_code)

    def create(self, request, *args, **kwargs):
        data = self._data()
        data.pop("row_version", None)
        mandate = services.mandate_create(actor=request.user, consortium=self.access().consortium, data=data)
        return self._shown(mandate, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        mandate = self.get_object()
        data = self._data()
        if "row_version" not in data:
            raise serializers.ValidationError(
                {"row_version": [_("Indiquez la version de l'enregistrement que vous modifiez (`row_version`).")]},
                code="required",
            )
        if "kind" in data and data["kind"] != mandate.kind:
            raise serializers.ValidationError(
                {"kind": [_("Un mandat garde son espace ou sa fonction : créez-en un autre.")]}, code="immutable"
            )
        expected = data.pop("row_version")
        mandate = services.mandate_update(actor=request.user, mandate=mandate, data=data, expected_version=expected)
        return self._shown(mandate)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=ProposeSerializer,
        responses=MandateSerializer,
        description=_(
            "Propose le projet à l'instance qui l'adopte (une proposition, ouverte au vote si `closes_at` est donné) ; "
            "son identifiant est dans `proposal`. Refusé tant que l'essentiel manque (code `mandate_incomplete`, la "
            "liste dans `missing`)."
        ),
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, *args, **kwargs):
        mandate = self.get_object()
        serializer = ProposeSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        body = Body.objects.filter(pk=data["body"], consortium=self.access().consortium).first()
        if body is None:
            _refuse_unknown("body", _("Instance introuvable dans ce consortium."))
        try:
            mandate = services.mandate_propose(
                actor=request.user,
                mandate=mandate,
                deciding_body=body,
                decision_method=data.get("decision_method") or "",
                closes_at=data.get("closes_at"),
            )
        except DomainError as exc:
            if exc.code != "mandate_incomplete":
                raise
            # The missing essentials as a list (the error's `params` carry text only).
            missing = [str(title) for title in exc.params.get("missing", [])]
            return Response(
                {"detail": exc.message, "code": exc.code, "missing": missing}, status=status.HTTP_400_BAD_REQUEST
            )
        return self._shown(mandate)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=None,
        responses={201: MandateSerializer},
        description=_("La version suivante d'un mandat adopté, en projet (code `mandate_not_adopted` sinon)."),
    )
    @action(detail=True, methods=["post"])
    def amend(self, request, *args, **kwargs):
        amendment = services.mandate_amend(actor=request.user, mandate=self.get_object())
        return self._shown(amendment, status.HTTP_201_CREATED)
