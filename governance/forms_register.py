"""Forms of the register's pages: a follow-up action, a correction, a recommendation, a proposal's attachment. They
check the shape of the input; the rules live in `governance.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ols_platform import files

from .forms import people_of
from .models import Body, DecisionDomain, Outcome
from .models.choices import TEXT_MAX
from .register import DATE_INPUTS

ATTACHMENT = files.JUSTIFICATION  # PDF, PNG, JPG, .xlsx, .docx — content checked, 5 MB at most


class FollowUpForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=250)
    owner = forms.ModelChoiceField(label=_("Responsable"), queryset=None, required=False, empty_label=_("Personne"))
    due_on = forms.DateField(
        label=_("Échéance (jj/mm/aaaa)"),
        required=False,
        input_formats=DATE_INPUTS,
        error_messages={"invalid": _("Échéance illisible : écrivez-la jj/mm/aaaa, par exemple 23/11/2026.")},
        widget=forms.TextInput(attrs={"placeholder": "jj/mm/aaaa", "inputmode": "numeric"}),
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(consortium)
        self.fields["owner"].error_messages["invalid_choice"] = _(
            "Choisissez une personne qui a un rôle dans le consortium."
        )


class FollowUpDoneForm(forms.Form):
    done = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class CorrectionForm(forms.Form):
    rationale = forms.CharField(
        label=_("Ce que la correction change, et pourquoi"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome = forms.ChoiceField(
        label=_("Nouveau résultat"),
        required=False,
        choices=[("", _("Inchangé")), *Outcome.choices],
        help_text=_("Laissez « Inchangé » pour corriger la motivation seulement."),
    )


class RecommendationForm(forms.Form):
    to_body = forms.ModelChoiceField(label=_("Instance qui décide"), queryset=Body.objects.none())
    title = forms.CharField(label=_("Titre"), max_length=200)
    text = forms.CharField(label=_("Recommandation"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    domain = forms.ChoiceField(label=_("Domaine de décision"), choices=DecisionDomain.choices)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = Body.objects.filter(
            consortium_id=body.consortium_id, archived_at__isnull=True
        ).exclude(pk=body.pk)
        self.fields["to_body"].error_messages["invalid_choice"] = _(
            "Choisissez une autre instance active de ce consortium."
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Pièce jointe"),
        help_text=_("PDF, PNG, JPG, Excel (.xlsx) ou Word (.docx), 5 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT.accept}),
        error_messages={"required": _("Choisissez un fichier."), "empty": _("Le fichier est vide.")},
    )
