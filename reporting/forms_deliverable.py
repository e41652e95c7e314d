"""The deliverable's forms. They read what people type (lengths, choices, dates, the consortium's own records) and
the services check it again: a form only shapes the input and shows the services' refusals on its fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ols_platform.concurrency import VersionFormField

from .models import Activity
from .models.deliverable import (
    DATA_KINDS,
    NARRATIVE_MAX,
    PDSA,
    TEXT_MAX,
    TITLE_MAX,
    URL_MAX,
    CycleStatus,
    EvidenceKind,
    LearningCycle,
    ProjectOrigin,
    ProjectStatus,
    StepStatus,
)

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Date illisible : écrivez-la jj/mm/aaaa, par exemple 23/11/2026.")
PERCENT_ERRORS = {
    "invalid": _("L'avancement est un nombre entier de 0 à 100."),
    "min_value": _("L'avancement est un nombre entier de 0 à 100."),
    "max_value": _("L'avancement est un nombre entier de 0 à 100."),
    "required": _("Indiquez l'avancement, de 0 à 100 %."),
}


def _percent_field():
    return forms.IntegerField(
        label=_("Avancement (%)"),
        min_value=0,
        max_value=100,
        error_messages=PERCENT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "inputmode": "numeric"}),
    )


class StepForm(forms.Form):
    narrative = forms.CharField(
        label=_("Récit (Markdown)"),
        required=False,
        max_length=NARRATIVE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Titres (#), listes (-), gras (**texte**), liens. 30 000 caractères au plus."),
    )
    status = forms.ChoiceField(label=_("Statut"), choices=StepStatus.choices)
    progress = _percent_field()
    version = VersionFormField()


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de preuve"), choices=EvidenceKind.choices)
    activity = forms.TypedChoiceField(label=_("Activité"), required=False, coerce=int, empty_value=None)
    decision = forms.TypedChoiceField(label=_("Décision"), required=False, coerce=int, empty_value=None)
    mandate = forms.TypedChoiceField(label=_("Mandat adopté"), required=False, coerce=int, empty_value=None)
    title = forms.CharField(label=_("Intitulé du document"), required=False, max_length=TITLE_MAX)
    url = forms.CharField(label=_("Adresse (https://…)"), required=False, max_length=URL_MAX)

    def __init__(self, data=None, *, pickers: dict):
        super().__init__(data)
        blank = [("", "—")]
        self.fields["activity"].choices = blank + [(a.pk, str(a)) for a in pickers["activities"]]
        self.fields["decision"].choices = blank + [(d.pk, f"{d} ({d.body.name})") for d in pickers["decisions"]]
        self.fields["mandate"].choices = blank + [(m.pk, str(m)) for m in pickers["mandates"]]
        for name in ("activity", "decision", "mandate"):
            self.fields[name].error_messages["invalid_choice"] = _("Ce choix n'existe pas dans ce consortium.")

    def evidence_data(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == EvidenceKind.LINK:
            return {"kind": kind, "title": data.get("title", ""), "url": data.get("url", "")}
        return {"kind": kind, "target": data.get(kind)}


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    origin = forms.ChoiceField(label=_("Origine"), choices=ProjectOrigin.choices, initial=ProjectOrigin.ADDED)
    status = forms.ChoiceField(label=_("Statut"), choices=ProjectStatus.choices)
    progress = _percent_field()
    version = VersionFormField(required=False)


class CycleForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=TITLE_MAX)
    question = forms.CharField(
        label=_("Question d'apprentissage"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    status = forms.ChoiceField(label=_("Statut"), choices=CycleStatus.choices)
    follows = forms.ModelChoiceField(label=_("Suit le cycle"), queryset=LearningCycle.objects.none(), required=False)
    activities = forms.ModelMultipleChoiceField(
        label=_("Activités liées"),
        queryset=Activity.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionFormField(required=False)

    def __init__(self, data=None, *, consortium, cycle=None, **kwargs):
        super().__init__(data, **kwargs)
        cycles = LearningCycle.objects.filter(consortium=consortium).order_by("number")
        if cycle is not None:
            cycles = cycles.exclude(pk=cycle.pk)
        self.fields["follows"].queryset = cycles
        self.fields["follows"].empty_label = _("Aucun (premier cycle)")
        self.fields["follows"].error_messages["invalid_choice"] = _("Ce cycle n'existe pas dans ce consortium.")
        self.fields["activities"].queryset = Activity.objects.filter(consortium=consortium).order_by("-date", "-pk")
        self.fields["activities"].error_messages["invalid_choice"] = _(
            "Une des activités choisies n'existe pas dans ce consortium."
        )
        self.fields["activities"].error_messages["invalid_pk_value"] = _("Activité illisible.")
        for name, label in PDSA:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields[f"{name}_date"] = forms.DateField(
                label=_("Date"),
                required=False,
                input_formats=DATE_INPUTS,
                error_messages={"invalid": DATE_ERROR},
                widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "jj/mm/aaaa", "size": 10}),
            )
        for name, label in DATA_KINDS:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
            )

    def cycle_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}
