"""The governance JSON API: proposals (prepare, open, close) and the votes cast on them, by seat.

Thin, like the budget's: serializers check the JSON types the schema documents; `consortium_access` is the gate
(VIEW to read — AVIQ reviewers included —, PREPARE_DECISIONS to prepare, open and close); voting is not a role's
right but a seat's (`permissions.voting_seat`: a seat that is not the caller's → 403). Every write is one service call
whose `DomainError` becomes a 400 with the rule's code. Bodies live in `api_bodies`, the register and meetings in
`api_register`.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from ols_platform import api_fields
from ols_platform.api_cache import CachedList
from ols_platform.api_fields import IdField
from ols_platform.fragments import consortium_scope
from ols_platform.validators import object_id

from . import selectors
from .models import Body, Choice, DecisionDomain, DecisionMethod, Proposal, Seat, Vote
from .models.choices import REASON_MAX, TEXT_MAX
from .permissions import PREPARE_DECISIONS, VIEW, consortium_access, voting_seat
from .services import proposals as proposal_services
from .services import votes as vote_services

CONSORTIUM_ID = OpenApiParameter(
    "consortium_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Identifiant du consortium.")
)
PROPOSAL_ID = OpenApiParameter(
    "proposal_id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Identifiant de la proposition.")
)


def choice_text(choices, **kwargs):
    """A text documented as an enum; a value outside it is refused by the service, with its code."""
    return extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})(
        type("ChoiceText", (api_fields.CharField,), {})
    )(max_length=60, **kwargs)


def decision_method_values() -> list[str]:
    """The decision methods, as the schema's `DecisionMethodEnum` (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]):
    a body's `default_method` and a proposal's `decision_method` share it."""
    return list(DecisionMethod.values)


def moment(value) -> str | None:
    return None if value is None else serializers.DateTimeField().to_representation(value)


class InConsortium(CachedList):
    """The consortium of the URL through the one gate: outsiders 404, members without the action's right 403.
    Lists are answered from the cache until the consortium's revision moves (every governance write moves it)."""

    write_perm: str = PREPARE_DECISIONS

    def read_scope(self) -> tuple:
        return consortium_scope(self.access)

    def perm_for(self, request) -> str:
        return VIEW if request.method in SAFE_METHODS else self.write_perm

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.access = consortium_access(request.user, kwargs["consortium_id"], self.perm_for(request))

    def in_consortium(self, queryset):
        if getattr(self, "swagger_fake_view", False):
            return queryset.none()
        return queryset.filter(consortium=self.access.consortium)

    def validated(self, serializer_class, **kwargs) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


# --- proposals ------------------------------------------------------------------------------------------------


class ProposalSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    body = IdField(help_text=_("Identifiant de l'instance qui décide (du même consortium)."))
    title = api_fields.CharField(max_length=200)
    body_text = api_fields.CharField(
        source="context", required=False, allow_blank=True, max_length=TEXT_MAX, help_text=_("Le contexte.")
    )
    options = api_fields.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)
    domain = choice_text(DecisionDomain.choices)
    decision_method = choice_text(
        DecisionMethod.choices,
        source="method",
        required=False,
        help_text=_("Par défaut : le mode habituel de l'instance."),
    )
    quorum = api_fields.DecimalField(
        max_digits=3,
        decimal_places=2,
        required=False,
        help_text=_("Part des sièges avec voix qui doivent voter (« 0.50 ») ; par défaut celui de l'instance."),
    )
    opens_at = serializers.DateTimeField(read_only=True)
    closes_at = serializers.DateTimeField(read_only=True)
    status = api_fields.ChoiceField(choices=Proposal.Status.choices, read_only=True)
    outcome = serializers.CharField(read_only=True, allow_null=True)
    tally = serializers.JSONField(read_only=True, allow_null=True, help_text=_("Le décompte, à la clôture."))
    votes_counted = api_fields.IntegerField(read_only=True)
    decision = api_fields.IntegerField(read_only=True, allow_null=True)
    version = api_fields.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=_("Version lue : renvoyez-la avec PUT/PATCH (une version dépassée : 409, code `conflict`)."),
    )

    def to_representation(self, proposal):
        decision = getattr(proposal, "decision", None) if proposal.status == Proposal.Status.CLOSED else None
        return {
            "id": proposal.pk,
            "body": proposal.body_id,
            "title": proposal.title,
            "body_text": proposal.context,
            "options": proposal.options,
            "domain": proposal.domain,
            "decision_method": proposal.method,
            "quorum": f"{proposal.quorum:.2f}",
            "opens_at": moment(proposal.opens_at),
            "closes_at": moment(proposal.closes_at),
            "status": proposal.status,
            "outcome": proposal.outcome or None,
            "tally": proposal.tally or None,
            "votes_counted": getattr(proposal, "vote_count", None),
            "decision": decision.pk if decision else None,
            "version": proposal.version,
        }


class OpenSerializer(api_fields.Serializer):
    closes_at = serializers.DateTimeField(help_text=_("Clôture du vote (date et heure ISO 8601)."))
    opens_at = serializers.DateTimeField(required=False, allow_null=True, help_text=_("Par défaut : maintenant."))
    version = api_fields.IntegerField(required=False, allow_null=True, min_value=0)


class CloseSerializer(api_fields.Serializer):
    rationale = api_fields.CharField(required=False, allow_blank=True, max_length=TEXT_MAX)


def service_data(validated: dict, consortium) -> dict:
    """The serializer's values as the services take them: the body as an instance of the consortium (or None)."""
    data = {key: value for key, value in validated.items() if key != "version"}
    if "body" in data:
        pk = object_id(data["body"])
        data["body"] = Body.objects.filter(consortium=consortium, pk=pk).first() if pk else None
    return data


@extend_schema_view(
    list=extend_schema(
        parameters=[
            CONSORTIUM_ID,
            OpenApiParameter("status", OpenApiTypes.STR, enum=Proposal.Status.values),
            OpenApiParameter("body", OpenApiTypes.INT, description=_("Identifiant d'une instance.")),
        ]
    ),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
    create=extend_schema(parameters=[CONSORTIUM_ID], description=_("Prépare une proposition (en préparation).")),
    update=extend_schema(parameters=[CONSORTIUM_ID]),
    partial_update=extend_schema(
        parameters=[CONSORTIUM_ID],
        description=_("Pendant le vote, changer le texte ou le mode met les votes de côté (amendement)."),
    ),
)
class ProposalViewSet(
    InConsortium,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Propositions soumises aux instances ; préparées, ouvertes et clôturées avec le droit « préparer les décisions »."""

    serializer_class = ProposalSerializer
    queryset = Proposal.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        proposals = selectors.proposals_of(self.access.consortium).select_related("decision")
        if self.action == "list":
            proposals = self._filtered(proposals)
        return proposals

    def _filtered(self, proposals):
        params = self.request.query_params
        if "status" in params:
            if params["status"] not in Proposal.Status.values:
                raise serializers.ValidationError({"status": [_("Statut inconnu.")]}, code="invalid")
            proposals = proposals.filter(status=params["status"])
        if "body" in params:
            body = object_id(params["body"])
            if body is None:
                raise serializers.ValidationError({"body": [_("Identifiant d'instance illisible.")]}, code="invalid")
            proposals = proposals.filter(body_id=body)
        return proposals

    def _shown(self, proposal, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data, status=code)

    def create(self, request, *args, **kwargs):
        data = service_data(self.validated(ProposalSerializer), self.access.consortium)
        proposal = proposal_services.proposal_create(actor=request.user, consortium=self.access.consortium, data=data)
        return self._shown(proposal, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        proposal = self.get_object()
        validated = self.validated(ProposalSerializer, partial=kwargs.get("partial", False))
        proposal = proposal_services.proposal_update(
            actor=request.user,
            proposal=proposal,
            data=service_data(validated, self.access.consortium),
            expected_version=validated.get("version"),
        )
        return self._shown(proposal)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=OpenSerializer,
        responses=ProposalSerializer,
        description=_(
            "Ouvre le vote jusqu'à `closes_at` (refus : `proposal_not_draft`, `closes_before_opening`, "
            "`closes_in_past`, `body_without_voting_seat`…) ; les sièges sont prévenus."
        ),
    )
    @action(detail=True, methods=["post"], url_path="open")
    def open(self, request, *args, **kwargs):
        proposal = self.get_object()
        data = self.validated(OpenSerializer)
        proposal = proposal_services.proposal_open(
            actor=request.user,
            proposal=proposal,
            closes_at=data["closes_at"],
            opens_at=data.get("opens_at"),
            expected_version=data.get("version"),
        )
        return self._shown(proposal)

    @extend_schema(
        parameters=[CONSORTIUM_ID],
        request=CloseSerializer,
        responses=ProposalSerializer,
        description=_(
            "Clôture le vote et inscrit la décision au registre : à la fin de la période, ou plus tôt quand chaque "
            "siège avec voix a voté (refus : `vote_still_open`, `proposal_not_open`). Déjà clôturée : rien ne change."
        ),
    )
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request, *args, **kwargs):
        proposal = self.get_object()
        data = self.validated(CloseSerializer)
        proposal_services.proposal_close(actor=request.user, proposal=proposal, rationale=data.get("rationale", ""))
        return self._shown(proposal)


# --- votes ----------------------------------------------------------------------------------------------------


class VoteSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    structure = IdField(
        required=False,
        allow_null=True,
        help_text=_("La structure pour laquelle vous votez (son siège dans l'instance qui décide)."),
    )
    seat = IdField(
        required=False,
        allow_null=True,
        help_text=_("Ou le siège lui-même (un siège de citoyen·ne ou d'usager·ère n'a pas de structure)."),
    )
    choice = choice_text(Choice.choices)
    reason = api_fields.CharField(
        required=False, allow_blank=True, max_length=REASON_MAX, help_text=_("Obligatoire pour une objection.")
    )
    cast_by = api_fields.EmailField(read_only=True)
    as_substitute = api_fields.BooleanField(read_only=True)
    cast_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, vote):
        return {
            "id": vote.pk,
            "structure": vote.seat.structure_id,
            "seat": vote.seat_id,
            "choice": vote.choice,
            "reason": vote.reason,
            "cast_by": vote.cast_by.email,
            "as_substitute": vote.as_substitute,
            "cast_at": moment(vote.cast_at),
        }


@extend_schema_view(
    list=extend_schema(parameters=[CONSORTIUM_ID, PROPOSAL_ID], description=_("Les votes qui comptent, un par siège.")),
    create=extend_schema(
        parameters=[CONSORTIUM_ID, PROPOSAL_ID],
        description=_(
            "Vote pour le siège que vous occupez (représentant·e, ou suppléant·e tant que le ou la représentant·e n'a "
            "pas voté). Un siège qui n'est pas le vôtre : 403 ; hors de l'instance ou du consortium : 404 ; refus : "
            "`vote_not_open`, `vote_closed`, `invalid_choice`, `objection_without_reason`, `representative_voted`."
        ),
    ),
)
class VoteViewSet(InConsortium, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Les votes d'une proposition. Voter n'est pas un droit de rôle mais un siège."""

    serializer_class = VoteSerializer
    queryset = Vote.objects.none()  # for the schema; requests use get_queryset
    write_perm = VIEW  # the seat decides (voting_seat), not the role

    def read_scope(self) -> tuple:
        return (*super().read_scope(), "proposal", self.proposal.pk)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        pk = object_id(kwargs["proposal_id"])
        self.proposal = get_object_or_404(Proposal, consortium=self.access.consortium, pk=pk or 0)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return (
            Vote.objects.filter(proposal=self.proposal, superseded_at__isnull=True)
            .select_related("seat", "cast_by")
            .order_by("cast_at", "pk")
        )

    def create(self, request, *args, **kwargs):
        data = self.validated(VoteSerializer)
        seat = self._seat(data)
        vote = vote_services.vote_cast(
            actor=request.user,
            proposal=self.proposal,
            seat=seat,
            choice=data["choice"],
            reason=data.get("reason", ""),
        )
        vote = self.get_queryset().get(pk=vote.pk)
        return Response(self.get_serializer(vote).data, status=status.HTTP_201_CREATED)

    def _seat(self, data) -> Seat:
        """The caller's seat in the deciding body, named by its structure or its id: unknown here → 404, someone
        else's (or a seat without a vote) → 403."""
        structure, seat_id = data.get("structure"), data.get("seat")
        if structure is None and seat_id is None:
            raise serializers.ValidationError(
                {"structure": [_("Indiquez la structure (ou le siège) pour laquelle vous votez.")]}, code="required"
            )
        seats = Seat.objects.filter(body_id=self.proposal.body_id)
        if seat_id is not None:
            seat = seats.filter(pk=object_id(seat_id) or 0).first()
            if seat is not None and structure is not None and seat.structure_id != object_id(structure):
                raise serializers.ValidationError(
                    {"seat": [_("Ce siège n'est pas celui de cette structure.")]}, code="invalid"
                )
        else:
            seat = seats.filter(structure_id=object_id(structure) or 0, archived_at__isnull=True).first()
        if seat is None:
            raise Http404
        return voting_seat(self.request.user, self.proposal, seat.pk)
