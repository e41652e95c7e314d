"""The "Générer le PDF" form: what to generate, its subject named by id (checked inside the consortium)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.models import Structure
from mandates.models import Mandate

from .models import DocumentKind
from .models.reports import REPORT_YEARS

ID_MAX = 2**31 - 1


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    mandate = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
    structure = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
    year = forms.TypedChoiceField(
        label=_("Année"), required=False, coerce=int, empty_value=None, choices=[(y, y) for y in REPORT_YEARS]
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.consortium = consortium

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == DocumentKind.MANDATE:
            data["mandate"] = Mandate.objects.filter(consortium=self.consortium, pk=data.get("mandate") or 0).first()
            if data["mandate"] is None:
                raise forms.ValidationError(_("Mandat introuvable dans ce consortium."), code="does_not_exist")
        else:
            data["mandate"] = None
        if kind == DocumentKind.ACTIVITY_REPORT:
            data["structure"] = Structure.objects.filter(
                memberships__consortium=self.consortium, pk=data.get("structure") or 0
            ).first()
            if data["structure"] is None:
                raise forms.ValidationError(_("Structure introuvable dans ce consortium."), code="does_not_exist")
            if data.get("year") is None:
                raise forms.ValidationError(_("Choisissez l'année du rapport."), code="required")
        else:
            data["structure"] = data["year"] = None
        return data

    def subject(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("mandate", "structure", "year")}
