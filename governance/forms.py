"""Forms of the governance pages. They check the shape of the input; the rules live in `governance.services`."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.models import ConsortiumRole, LifeBasin, Structure, User
from ols_platform.collation import french
from ols_platform.concurrency import VersionFormField

from .models import Body, Choice, DecisionDomain, DecisionMethod, Seat
from .models.choices import REASON_MAX, TEXT_MAX
from .rules import choices_for

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class QuorumField(forms.IntegerField):
    """The quorum typed as a percentage of the seats with a vote (50), kept as a fraction (0.50)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Quorum (% des sièges avec voix)"))
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100)
        kwargs.setdefault(
            "help_text", _("Part des sièges avec voix qui doivent s'exprimer pour que la décision soit valable.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return int(value * 100)
        return value

    def clean(self, value):
        number = super().clean(value)
        return None if number is None else Decimal(number) / 100


class MomentField(forms.DateTimeField):
    """A date and time typed in the browser's date-time picker (Brussels time)."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"])
        super().__init__(**kwargs)


def people_of(consortium):
    """The people who hold a role in the consortium (who may sit on a seat or own a follow-up)."""
    ids = ConsortiumRole.objects.filter(consortium=consortium).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by(french("last_name").asc(), "email")


class BodyForm(forms.ModelForm):
    quorum = QuorumField()
    version = VersionFormField()

    class Meta:
        model = Body
        fields = ["kind", "name", "description", "life_basin", "default_method", "quorum"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_basin"].queryset = LifeBasin.objects.filter(territory_id=consortium.territory_id)
        self.fields["life_basin"].help_text = _(
            "Pour une concertation locale ; laissez vide pour une concertation thématique."
        )
        if not self.instance.pk:
            del self.fields["version"]  # a new body: nothing to be stale against

    def body_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SeatForm(forms.ModelForm):
    version = VersionFormField()

    class Meta:
        model = Seat
        fields = [
            "structure",
            "label",
            "representative",
            "substitute",
            "votes",
            "strategic_delegation",
            "delegation_reference",
        ]

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        structures = Structure.objects.filter(memberships__consortium_id=body.consortium_id, archived_at__isnull=True)
        self.fields["structure"].queryset = structures.order_by(french("name").asc())
        self.fields["structure"].required = False
        self.fields["structure"].help_text = _(
            "Laissez vide pour un siège de citoyen·ne ou d'usager·ère, et nommez-le."
        )
        self.fields["label"].help_text = _("Pour un siège qui n'est pas celui d'une structure.")
        people = people_of(body.consortium)
        self.fields["representative"].queryset = people
        self.fields["substitute"].queryset = people
        if self.instance.pk:
            self.fields["structure"].disabled = True
        else:
            del self.fields["version"]
        if body.kind != "temporary_governance":
            del self.fields["strategic_delegation"]
            del self.fields["delegation_reference"]

    def seat_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class ProposalForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Instance qui décide"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Titre"), max_length=200)
    context = forms.CharField(
        label=_("Contexte"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6})
    )
    options = forms.CharField(
        label=_("Options envisagées"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    domain = forms.ChoiceField(label=_("Domaine de décision"), choices=DecisionDomain.choices)
    method = forms.ChoiceField(
        label=_("Mode de décision"), choices=[("", _("Celui de l'instance")), *DecisionMethod.choices], required=False
    )
    quorum = QuorumField(required=False, help_text=_("Laissez vide pour le quorum de l'instance."))
    version = VersionFormField()

    def __init__(self, *args, consortium, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(consortium=consortium, archived_at__isnull=True)
        if not editing:
            del self.fields["version"]

    def proposal_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in ("body", "title", "context", "options", "domain")}
        if self.cleaned_data["method"]:
            data["method"] = self.cleaned_data["method"]
        if self.cleaned_data["quorum"] is not None:
            data["quorum"] = self.cleaned_data["quorum"]
        return data


class OpenForm(forms.Form):
    opens_at = MomentField(
        label=_("Ouverture du vote"), required=False, help_text=_("Laissez vide pour ouvrir maintenant.")
    )
    closes_at = MomentField(label=_("Clôture du vote"))
    version = VersionFormField()


class CloseForm(forms.Form):
    rationale = forms.CharField(
        label=_("Motivation (facultative)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Pour"), queryset=Seat.objects.none(), empty_label=None)
    choice = forms.ChoiceField(label=_("Votre vote"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Motif"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour une objection : dites ce qui vous empêche de consentir."),
    )

    def __init__(self, *args, proposal, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats
        self.fields["choice"].choices = [(c, Choice(c).label) for c in choices_for(proposal.method)]

    def clean(self):
        data = super().clean()
        if data.get("choice") == Choice.OBJECTION and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Une objection s'explique : dites ce qui vous en empêche."))
        return data


class AnswerForm(forms.Form):
    response = forms.CharField(label=_("Réponse"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}))
