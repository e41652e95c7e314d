"""The forms of the activity-report pages: they check the shape of what is posted (lengths, choices, versions); the
services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consortia.models import Membership, Structure
from ols_platform.concurrency import VersionFormField

from .models.reports import BODY_MAX, REASON_MAX, REPORT_YEARS, TEMPLATE_SECTIONS_MAX, TITLE_MAX

YEAR_CHOICES = [(year, str(year)) for year in REPORT_YEARS]


def member_structures(consortium):
    return Structure.objects.filter(
        memberships__consortium=consortium, memberships__role=Membership.Role.MEMBER
    ).order_by("name")


class SectionForm(forms.Form):
    body = forms.CharField(
        label=_("Texte"),
        required=False,
        max_length=BODY_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Mise en forme Markdown : **gras**, *italique*, listes commençant par « - », liens."),
    )
    version = VersionFormField(required=True)


class SubmitForm(forms.Form):
    version = VersionFormField(required=True)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la réouverture"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReportingSettingsForm(forms.Form):
    aviq_funded = forms.BooleanField(label=_("Financée par l'AVIQ pour ses missions propres"), required=False)
    specific_template = forms.CharField(
        label=_("Canevas spécifique d'un financeur"),
        required=False,
        max_length=TITLE_MAX,
        help_text=_("Vide : la structure suit le rapport harmonisé du consortium."),
    )
    template_sections = forms.CharField(
        label=_("Sections du canevas, une par ligne"),
        required=False,
        max_length=TEMPLATE_SECTIONS_MAX * (TITLE_MAX + 1),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    version = VersionFormField(required=True)


class SharedParagraphForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Année"), choices=YEAR_CHOICES, coerce=int)
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Texte"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Mise en forme Markdown. Toute modification du texte demande à nouveau l'accord de chaque structure."
        ),
    )
    section_title = forms.CharField(
        label=_("Section du rapport où le placer"),
        required=False,
        max_length=TITLE_MAX,
        help_text=_("Le titre d'une section ; sinon le paragraphe suit les sections du rapport."),
    )
    structures = forms.ModelMultipleChoiceField(
        label=_("Structures concernées"),
        queryset=Structure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionFormField(required=False)

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = member_structures(consortium)

    def paragraph_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["structures"] = list(data["structures"])
        return data


class ApproveForm(forms.Form):
    structure = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    revision = forms.IntegerField(min_value=1, max_value=2**31 - 1)
