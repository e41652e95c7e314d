"""Forms of the meeting pages. They check the shape of the input; the rules live in `governance.services.meetings`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ols_platform.concurrency import VersionFormField

from .forms import MomentField
from .models import Attendance, Body, DecisionDomain, DecisionMethod, Outcome, Proposal
from .models.choices import REASON_MAX, TEXT_MAX


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Instance qui se réunit"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Titre"), max_length=200)
    starts_at = MomentField(label=_("Début"))
    ends_at = MomentField(label=_("Fin"))
    place = forms.CharField(label=_("Lieu"), max_length=250, required=False)
    # A plain text field: the service says in French why a link is refused (https only).
    video_url = forms.CharField(
        label=_("Lien de visioconférence"),
        max_length=500,
        required=False,
        help_text=_("Une adresse https://, pour une réunion à distance ou hybride."),
    )
    version = VersionFormField()

    def __init__(self, *args, consortium, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["body"]
        else:
            self.fields["body"].queryset = Body.objects.filter(consortium=consortium, archived_at__isnull=True)
            del self.fields["version"]

    def meeting_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "starts_at", "ends_at", "place", "video_url")}


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Point"),
        max_length=250,
        required=False,
        help_text=_("Laissez vide pour reprendre le titre de la proposition choisie."),
    )
    notes = forms.CharField(
        label=_("Précisions"), max_length=REASON_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    proposal = forms.ModelChoiceField(
        label=_("Proposition liée (facultative)"), queryset=Proposal.objects.none(), required=False
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = Proposal.objects.filter(body_id=meeting.body_id).order_by("-created_at")

    def clean(self):
        data = super().clean()
        if not (data.get("title") or "").strip() and not data.get("proposal"):
            self.add_error("title", _("Nommez le point ou choisissez une proposition."))
        return data


class AttendanceForm(forms.Form):
    """One row per seat: its presence and a remark."""

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat in seats:
            current = seat.attendance
            self.fields[f"status_{seat.pk}"] = forms.ChoiceField(
                label=str(seat),
                choices=Attendance.Status.choices,
                initial=current.status if current else Attendance.Status.ABSENT,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{seat.pk}"] = forms.CharField(
                label=_("Remarque pour %s") % seat,
                max_length=250,
                required=False,
                initial=current.note if current else "",
            )

    def rows(self) -> dict:
        return {
            seat.pk: (self.cleaned_data[f"status_{seat.pk}"], self.cleaned_data[f"note_{seat.pk}"])
            for seat in self.seats
        }

    def seat_rows(self):
        return [(seat, self[f"status_{seat.pk}"], self[f"note_{seat.pk}"]) for seat in self.seats]


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Procès-verbal"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 14}))
    version = VersionFormField()


class MeetingDecisionForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de la décision"), max_length=200)
    domain = forms.ChoiceField(label=_("Domaine de décision"), choices=DecisionDomain.choices)
    method = forms.ChoiceField(
        label=_("Mode de décision"), choices=[("", _("Celui de l'instance")), *DecisionMethod.choices], required=False
    )
    outcome = forms.ChoiceField(
        label=_("Résultat"),
        choices=[(Outcome.ADOPTED, Outcome.ADOPTED.label), (Outcome.REJECTED, Outcome.REJECTED.label)],
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Motivation"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
