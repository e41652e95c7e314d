"""Forms only parse and display: the rules are in the services, whose DomainError lands on the named field."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import files
from .models import (
    JUSTIFICATION_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    REVIEW_COMMENT_MAX_LENGTH,
    STAFF_ROLE_MAX_LENGTH,
    BudgetLine,
    Category,
)


def number_field(label, *, placeholder: str, max_length: int = 40, required: bool = True) -> forms.CharField:
    """A number typed the Belgian way (`12 500,00`): kept as text, the service reads it (one set of rules)."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": placeholder}),
    )


class BudgetLineForm(forms.Form):
    structure = forms.TypedChoiceField(label=_("Structure"), coerce=int)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices)
    year = forms.TypedChoiceField(label=_("Année"), choices=BudgetLine.Year.choices, coerce=int)
    label = forms.CharField(label=_("Libellé"), max_length=LABEL_MAX_LENGTH)
    amount = number_field(_("Montant (€)"), placeholder="12 500,00")
    staff_role = forms.CharField(label=_("Fonction (personnel)"), max_length=STAFF_ROLE_MAX_LENGTH, required=False)
    fte = number_field(_("ETP (personnel)"), placeholder="0,5", max_length=10, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, memberships=(), prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["structure"].choices = [("", "—")] + [
            (m.structure_id, f"{m.structure.name} ({m.get_role_display().lower()})") for m in memberships
        ]

    @classmethod
    def for_line(cls, line, *, memberships, data=None):
        initial = {
            "structure": line.structure_id,
            "category": line.category,
            "year": line.year,
            "label": line.label,
            "amount": f"{line.amount}".replace(".", ","),
            "staff_role": line.staff_role,
            "fte": f"{line.fte}".replace(".", ",") if line.fte is not None else "",
            "version": line.version,
        }
        return cls(data, initial=initial, memberships=memberships, prefix=f"line-{line.pk}")


class FastSelect(forms.Select):
    """A select rendered in one pass (Django renders each option through a template: slow for 2,000 lines)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((key, mark_safe(" selected") if str(key) in selected else "", label) for key, label in self.choices),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class ExpenseForm(forms.Form):
    budget_line = forms.TypedChoiceField(label=_("Ligne budgétaire"), coerce=int, widget=FastSelect)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = number_field(_("Montant (€)"), placeholder="1 250,00")
    justification = forms.CharField(
        label=_("Justification"), max_length=JUSTIFICATION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    justification_file = forms.FileField(
        label=_("Pièce justificative (PDF, PNG, JPG, XLSX, DOCX ; 5 Mo max.)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": files.ACCEPT}),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].choices = [("", "—")] + [
            (line.pk, f"{line.label} · {line.structure.name} · {line.get_category_display()} · A{line.year}")
            for line in lines
        ]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire"),
        max_length=REVIEW_COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier (.xlsx ou .csv, 5 Mo max.)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
