"""The review page's forms: a comment (its target named by hidden fields the service checks again) and a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from review.models import COMMENT_MAX_LENGTH, Target, Visibility


class CommentForm(forms.Form):
    target = forms.ChoiceField(choices=Target.choices, widget=forms.HiddenInput)
    target_id = forms.CharField(max_length=20, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Commentaire"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Écrivez le commentaire."),
            "max_length": _("Le commentaire ne peut dépasser 4 000 caractères."),
        },
    )
    # Private by default: a note forgotten as private can be written again; a private one shown is not undone.
    visibility = forms.ChoiceField(
        label=_("Visibilité"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez la visibilité."), "invalid_choice": _("Choisissez la visibilité.")},
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Motifs et remarques (le consortium les lit)"),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Le commentaire ne peut dépasser 4 000 caractères.")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31 - 1)
