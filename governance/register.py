"""The decision register's reads: its filters (body, domain, period, outcome), the filtered decisions, the count per
outcome (one SQL aggregate), one decision with what corrects it and what it corrects, and a body's recommendations
with what became of them. Each read is a fixed number of queries, whatever the size of the register."""

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Body, Decision, DecisionDomain, FollowUp, Outcome, Recommendation

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
PRINT_MAX = 2_000  # the print version lists every filtered row up to this many


class RegisterFilterForm(forms.Form):
    """The register's filters, read from the query string. An invalid value is reported and left out of the
    filtering; the valid ones still apply."""

    body = forms.ModelChoiceField(label=_("Instance"), queryset=Body.objects.none(), required=False)
    domain = forms.ChoiceField(label=_("Domaine"), choices=[("", _("Tous")), *DecisionDomain.choices], required=False)
    start = forms.DateField(
        label=_("Du"),
        required=False,
        input_formats=DATE_INPUTS,
        error_messages={"invalid": _("Date de début illisible : écrivez-la jj/mm/aaaa, par exemple 23/11/2026.")},
        widget=forms.TextInput(attrs={"placeholder": "jj/mm/aaaa", "inputmode": "numeric", "size": 10}),
    )
    end = forms.DateField(
        label=_("Au"),
        required=False,
        input_formats=DATE_INPUTS,
        error_messages={"invalid": _("Date de fin illisible : écrivez-la jj/mm/aaaa, par exemple 23/11/2026.")},
        widget=forms.TextInput(attrs={"placeholder": "jj/mm/aaaa", "inputmode": "numeric", "size": 10}),
    )
    outcome = forms.ChoiceField(label=_("Résultat"), choices=[("", _("Tous")), *Outcome.choices], required=False)

    def __init__(self, data, *, consortium):
        super().__init__(data)
        self.fields["body"].queryset = Body.objects.filter(consortium=consortium).order_by("archived_at", "name")
        self.fields["body"].empty_label = _("Toutes")
        self.fields["body"].error_messages["invalid_choice"] = _("Cette instance n'existe pas dans ce consortium.")
        for name in ("domain", "outcome"):
            self.fields[name].error_messages["invalid_choice"] = _("Valeur de filtre inconnue : elle est ignorée.")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("La date de fin précède la date de début : la période est ignorée."))
            data.pop("start", None)
        return data

    def filters(self) -> dict:
        """The valid filters (an invalid one is on the form's errors, not here)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if data.get(name) not in (None, "")}


def _filtered(consortium, filters: dict, *, with_outcome=True):
    decisions = Decision.objects.filter(consortium=consortium)
    if filters.get("body"):
        decisions = decisions.filter(body=filters["body"])
    if filters.get("domain"):
        decisions = decisions.filter(domain=filters["domain"])
    if filters.get("start"):
        decisions = decisions.filter(decided_on__gte=filters["start"])
    if filters.get("end"):
        decisions = decisions.filter(decided_on__lte=filters["end"])
    if with_outcome and filters.get("outcome"):
        decisions = decisions.filter(outcome=filters["outcome"])
    return decisions


def register_of(consortium, filters: dict):
    """The filtered register, newest first, with the body, the corrected decision and the number of corrections."""
    return (
        _filtered(consortium, filters)
        .select_related("body", "corrects")
        .annotate(correction_count=Count("corrections"))
        .order_by("-decided_on", "-number")
    )


def outcome_counts(consortium, filters: dict) -> list[dict]:
    """How many decisions of each outcome match the other filters (one aggregate query)."""
    counts = _filtered(consortium, filters, with_outcome=False).aggregate(
        **{value: Count("pk", filter=Q(outcome=value)) for value in Outcome.values}
    )
    return [{"value": value, "label": label, "count": counts[value]} for value, label in Outcome.choices]


def decision_of(consortium, decision_id):
    return (
        Decision.objects.filter(consortium=consortium, pk=decision_id)
        .select_related("body", "proposal", "corrects", "recorded_by", "meeting")
        .first()
    )


def corrections_of(decision):
    return Decision.objects.filter(corrects=decision).order_by("decided_on", "number")


def follow_ups_of(decision):
    return FollowUp.objects.filter(decision=decision).select_related("owner").order_by("due_on", "pk")


def recommendations_from(body):
    """What the body recommended, newest first, each with its proposal, the deciding body and the decision."""
    return (
        Recommendation.objects.filter(from_body=body)
        .select_related("to_body", "proposal", "proposal__decision")
        .order_by("-created_at", "-pk")
    )
