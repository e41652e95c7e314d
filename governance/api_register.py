"""`/api/v1/consortia/{id}/decisions/` (the decision register) and `…/meetings/`: read-only, for everyone who sees
the consortium (AVIQ reviewers included). A decision never changes: a correction is a new decision (`corrects`)."""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ols_platform import api_fields
from ols_platform.validators import object_id

from .api import CONSORTIUM_ID, InConsortium, moment
from .models import AgendaItem, Attendance, Decision, DecisionDomain, Meeting, Outcome

# --- decisions ------------------------------------------------------------------------------------------------


class FollowUpSerializer(api_fields.Serializer):
    description = api_fields.CharField(read_only=True)
    owner = api_fields.EmailField(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    done_on = serializers.DateField(read_only=True, allow_null=True)


class DecisionSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    reference = api_fields.CharField(read_only=True, help_text=_("D-AAAA-NNN"))
    body = api_fields.IntegerField(read_only=True)
    proposal = api_fields.IntegerField(read_only=True, allow_null=True)
    meeting = api_fields.IntegerField(read_only=True, allow_null=True)
    title = api_fields.CharField(read_only=True)
    domain = api_fields.ChoiceField(choices=DecisionDomain.choices, read_only=True)
    decision_method = api_fields.CharField(read_only=True)
    decided_on = serializers.DateField(read_only=True)
    outcome = api_fields.ChoiceField(choices=Outcome.choices, read_only=True)
    participants = serializers.JSONField(read_only=True)
    tally = serializers.JSONField(read_only=True)
    rationale = api_fields.CharField(read_only=True)
    corrects = api_fields.IntegerField(read_only=True, allow_null=True)
    subject_type = api_fields.CharField(read_only=True)
    subject_id = api_fields.IntegerField(read_only=True, allow_null=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    def to_representation(self, decision):
        return {
            "id": decision.pk,
            "reference": decision.reference,
            "body": decision.body_id,
            "proposal": decision.proposal_id,
            "meeting": decision.meeting_id,
            "title": decision.title,
            "domain": decision.domain,
            "decision_method": decision.method,
            "decided_on": decision.decided_on.isoformat(),
            "outcome": decision.outcome,
            "participants": decision.participants,
            "tally": decision.tally,
            "rationale": decision.rationale,
            "corrects": decision.corrects_id,
            "subject_type": decision.subject_type,
            "subject_id": decision.subject_id,
            "follow_ups": [
                {
                    "description": item.description,
                    "owner": item.owner.email if item.owner_id else None,
                    "due_on": item.due_on.isoformat() if item.due_on else None,
                    "done_on": item.done_on.isoformat() if item.done_on else None,
                }
                for item in decision.follow_ups.all()
            ],
        }


def _date(params, name):
    try:
        return datetime.date.fromisoformat(params[name])
    except ValueError:
        raise serializers.ValidationError(
            {name: [_("Date illisible : écrivez-la AAAA-MM-JJ (2026-11-23).")]}, code="invalid"
        ) from None


@extend_schema_view(
    list=extend_schema(
        parameters=[
            CONSORTIUM_ID,
            OpenApiParameter("body", OpenApiTypes.INT, description=_("Identifiant d'une instance.")),
            OpenApiParameter("domain", OpenApiTypes.STR, enum=DecisionDomain.values),
            OpenApiParameter("outcome", OpenApiTypes.STR, enum=Outcome.values),
            OpenApiParameter("from", OpenApiTypes.DATE, description=_("Décidées ce jour-là ou après.")),
            OpenApiParameter("to", OpenApiTypes.DATE, description=_("Décidées ce jour-là ou avant.")),
        ]
    ),
    retrieve=extend_schema(parameters=[CONSORTIUM_ID]),
)
class DecisionViewSet(InConsortium, viewsets.ReadOnlyModelViewSet):
    """Le registre des décisions, en lecture seule."""

    serializer_class = DecisionSerializer
    queryset = Decision.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        decisions = self.in_consortium(Decision.objects.prefetch_related("follow_ups__owner"))
        if self.action == "list":
            decisions = self._filtered(decisions)
        return decisions.order_by("-decided_on", "-number")

    def _filtered(self, decisions):
        params = self.request.query_params
        if "body" in params:
            body = object_id(params["body"])
            if body is None:
                raise serializers.ValidationError({"body": [_("Identifiant d'instance illisible.")]}, code="invalid")
            decisions = decisions.filter(body_id=body)
        for name, values in (("domain", DecisionDomain.values), ("outcome", Outcome.values)):
            if name in params:
                if params[name] not in values:
                    raise serializers.ValidationError({name: [_("Valeur inconnue.")]}, code="invalid")
                decisions = decisions.filter(**{name: params[name]})
        if "from" in params:
            decisions = decisions.filter(decided_on__gte=_date(params, "from"))
        if "to" in params:
            decisions = decisions.filter(decided_on__lte=_date(params, "to"))
        return decisions


# --- meetings -------------------------------------------------------------------------------------------------


class AgendaItemSerializer(api_fields.Serializer):
    position = api_fields.IntegerField(read_only=True)
    title = api_fields.CharField(read_only=True)
    notes = api_fields.CharField(read_only=True)
    proposal = api_fields.IntegerField(read_only=True, allow_null=True)


class AttendanceSerializer(api_fields.Serializer):
    seat = api_fields.IntegerField(read_only=True)
    structure = api_fields.IntegerField(read_only=True, allow_null=True)
    label = api_fields.CharField(read_only=True)
    status = api_fields.ChoiceField(choices=Attendance.Status.choices, read_only=True)
    note = api_fields.CharField(read_only=True)


class MeetingSerializer(api_fields.Serializer):
    id = api_fields.IntegerField(read_only=True)
    body = api_fields.IntegerField(read_only=True)
    title = api_fields.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    place = api_fields.CharField(read_only=True)
    video_url = api_fields.CharField(read_only=True)
    status = api_fields.ChoiceField(choices=Meeting.Status.choices, read_only=True)
    minutes_status = api_fields.ChoiceField(choices=Meeting.MinutesStatus.choices, read_only=True)
    minutes = api_fields.CharField(read_only=True)
    agenda = AgendaItemSerializer(many=True, read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True)

    def to_representation(self, meeting):
        return {
            "id": meeting.pk,
            "body": meeting.body_id,
            "title": meeting.title,
            "starts_at": moment(meeting.starts_at),
            "ends_at": moment(meeting.ends_at),
            "place": meeting.place,
            "video_url": meeting.video_url,
            "status": meeting.status,
            "minutes_status": meeting.minutes_status,
            "minutes": meeting.minutes,
            "agenda": [
                {"position": item.position, "title": item.title, "notes": item.notes, "proposal": item.proposal_id}
                for item in meeting.agenda_items.all()
            ],
            "attendance": [
                {
                    "seat": row.seat_id,
                    "structure": row.seat.structure_id,
                    "label": str(row.seat),
                    "status": row.status,
                    "note": row.note,
                }
                for row in meeting.attendances.all()
            ],
        }


@extend_schema_view(list=extend_schema(parameters=[CONSORTIUM_ID]), retrieve=extend_schema(parameters=[CONSORTIUM_ID]))
class MeetingViewSet(InConsortium, viewsets.ReadOnlyModelViewSet):
    """Les réunions des instances, avec leur ordre du jour et les présences, en lecture seule."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        attendances = Attendance.objects.select_related("seat__structure").order_by("seat__structure__name", "pk")
        return (
            Meeting.objects.filter(body__consortium=self.access.consortium)
            .prefetch_related(
                Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
                Prefetch("attendances", queryset=attendances),
            )
            .order_by("-starts_at", "pk")
        )
