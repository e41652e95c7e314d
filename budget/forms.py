"""Forms only parse and display: the rules are in the services, whose DomainError lands on the named field."""

import datetime
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ols_platform import files
from ols_platform.lookups import one_by_id
from ols_platform.validators import object_id

from .expense_selectors import ExpenseFilters
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
    """A select rendered in one pass from `options`, (value, label) pairs taken as they are (Django normalizes
    `choices` on every assignment and renders each option through a template: slow for hundreds of options)."""

    options: list = []

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value]) if v is not None}
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in selected else ""}>{escape(str(label))}</option>'
            for key, label in self.options
        )
        # Every value and label is escaped above (html.escape: one call each, not format_html's per option).
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options))  # noqa: S308


class ExpenseForm(forms.Form):
    """The line is a search field on the page (htmx, or a plain GET without JavaScript) whose chosen line posts its
    id: the id is checked here against `lines` (the approved budget's lines of the consortium), with one query."""

    budget_line = forms.CharField(
        label=_("Ligne budgétaire"),
        max_length=40,
        error_messages={"required": _("Choisissez une ligne du budget approuvé.")},
    )
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

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.line = None  # the chosen line, once valid

    def clean_budget_line(self):
        line = None if self.lines is None else one_by_id(self.lines, self.cleaned_data["budget_line"])
        if line is None:
            raise forms.ValidationError(_("Choisissez une ligne du budget approuvé."), code="invalid_budget_line")
        self.line = line
        return line.pk


CATEGORY_CHOICES = [(value, label) for value, label in Category.choices]
CATEGORY_LABELS = dict(CATEGORY_CHOICES)


class ExpenseFilterForm(forms.Form):
    """The expenses list's filters (a GET form). A value that is not one of the choices is reported and ignored."""

    month = forms.CharField(
        label=_("Mois"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM", "pattern": r"\d{4}-\d{2}"}),
    )
    structure = forms.CharField(label=_("Structure"), required=False, widget=FastSelect)
    category = forms.CharField(label=_("Catégorie"), required=False, widget=FastSelect)

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.structure_names = dict(structures)  # the consortium's member structures: id → name
        self.fields["structure"].widget.options = [("", _("Toutes")), *structures]
        self.fields["category"].widget.options = [("", _("Toutes")), *CATEGORY_CHOICES]

    def clean_structure(self):
        value = self.cleaned_data["structure"]
        if not value:
            return None
        structure_id = object_id(value)
        if structure_id not in self.structure_names:
            raise forms.ValidationError(
                _("Structure inconnue dans ce consortium : filtre ignoré."), code="invalid_choice"
            )
        return structure_id

    def clean_category(self):
        value = self.cleaned_data["category"]
        if value and value not in CATEGORY_LABELS:
            raise forms.ValidationError(_("Catégorie inconnue : filtre ignoré."), code="invalid_choice")
        return value or None

    def clean_month(self):
        value = self.cleaned_data["month"].strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            if not (len(value) == 7 and value[4] == "-" and 2000 <= year <= 2100):
                raise ValueError(value)
            return datetime.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Mois invalide (AAAA-MM attendu) : filtre ignoré."), code="invalid") from None

    def filters(self) -> ExpenseFilters:
        """The valid filters (the invalid ones are left out: see `errors`)."""
        self.is_valid()
        data = self.cleaned_data
        return ExpenseFilters(
            month=data.get("month"), structure_id=data.get("structure"), category=data.get("category") or None
        )


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
