"""The activity log's forms: the filters of the list (also read from the API's query parameters), the create/edit
form (structures as checkboxes of the consortium's members and partners, bassins de vie of its territory)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.models import LIFE_DATE_WINDOW
from ols_platform.concurrency import VersionFormField

from .models.activity import NARRATIVE_MAX, TITLE_MAX, ActionLogic, Activity, ActivityKind, TransversalFunction
from .selectors import activity as selectors
from .services.activity import PARTICIPANTS_MAX, PARTICIPANTS_TEXT_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _blank(choices, label):
    return [("", label), *choices]


class FilterForm(forms.Form):
    """The list's filters; a wrong value is reported and ignored, the others still apply."""

    start = forms.DateField(
        label=_("Du"), required=False, widget=DATE, input_formats=DATE_FORMATS, validators=[LIFE_DATE_WINDOW]
    )
    end = forms.DateField(
        label=_("Au"), required=False, widget=DATE, input_formats=DATE_FORMATS, validators=[LIFE_DATE_WINDOW]
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=_blank(ActivityKind.choices, _("Tous")))
    logic = forms.ChoiceField(
        label=_("Logique d'action"), required=False, choices=_blank(ActionLogic.choices, _("Toutes"))
    )
    function = forms.ChoiceField(
        label=_("Fonction transversale"), required=False, choices=_blank(TransversalFunction.choices, _("Toutes"))
    )
    life_basin = forms.ModelChoiceField(label=_("Bassin de vie"), required=False, queryset=None, empty_label=_("Tous"))
    structure = forms.ModelChoiceField(label=_("Structure"), required=False, queryset=None, empty_label=_("Toutes"))
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=selectors.SEARCH_MAX, strip=True)

    def __init__(self, data, *, consortium, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["life_basin"].queryset = selectors.life_basins_of(consortium)
        self.fields["structure"].queryset = selectors.structures_choices(consortium)

    def filters(self) -> selectors.Filters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return selectors.Filters(
            start=data.get("start"),
            end=data.get("end"),
            kind=data.get("kind") or "",
            logic=data.get("logic") or "",
            function=data.get("function") or "",
            life_basin=getattr(data.get("life_basin"), "pk", None),
            structure=getattr(data.get("structure"), "pk", None),
            q=data.get("q") or "",
        )


class ActivityForm(forms.ModelForm):
    version = VersionFormField(required=False)

    class Meta:
        model = Activity
        fields = [
            "date",
            "kind",
            "title",
            "logic",
            "function",
            "life_basin",
            "structures",
            "participants_count",
            "participants",
            "narrative",
        ]
        widgets = {
            "date": DATE,
            "structures": forms.CheckboxSelectMultiple,
            "narrative": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "function": _("Seulement pour une fonction de soutien transversale."),
            "life_basin": _("Laissez vide pour une activité sur tout le territoire."),
            "participants": _("Qui était présent, quels publics (texte libre)."),
        }

    def __init__(self, data=None, *, consortium, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["date"].input_formats = DATE_FORMATS
        self.fields["life_basin"].queryset = selectors.life_basins_of(consortium)
        self.fields["structures"].queryset = selectors.structures_choices(consortium)
        self.fields["function"].choices = _blank(TransversalFunction.choices, "—")
        self.fields["title"].max_length = TITLE_MAX
        self.fields["narrative"].max_length = NARRATIVE_MAX
        self.fields["participants"].max_length = PARTICIPANTS_TEXT_MAX
        self.fields["participants_count"] = forms.IntegerField(
            label=self.fields["participants_count"].label,
            required=False,
            min_value=0,
            max_value=PARTICIPANTS_MAX,
        )

    def _post_clean(self):
        # The services check the model's rules (and more); the form only parses.
        pass

    def activity_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["structures"] = list(data.get("structures") or [])
        return data
