"""Forms for staff arrangements: they only parse and display; the rules are in the
services, whose DomainError lands on the named field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from budget.forms import number_field
from ols_platform.files import SIGNED_DOCUMENT
from ols_platform.formatting import format_money, format_number

from .models import PERSON_MAX_LENGTH, StaffArrangement


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *StaffArrangement.Kind.choices])
    employer = forms.TypedChoiceField(label=_("Structure employeuse"), coerce=int)
    person = forms.CharField(label=_("Personne ou fonction"), max_length=PERSON_MAX_LENGTH)
    fte = number_field(_("ETP (0,01 à 1)"), placeholder="0,5", max_length=10)
    start_date = forms.DateField(label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end_date = forms.DateField(label=_("Fin"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    monthly_cost = number_field(_("Coût mensuel (€)"), placeholder="3 500,00")
    lines = forms.TypedMultipleChoiceField(
        label=_("Lignes de personnel qui le financent"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    document = forms.FileField(
        label=_("Document signé (PDF, PNG, JPG, DOCX ; 5 Mo max.)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": SIGNED_DOCUMENT.accept}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, memberships=(), lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].choices = [("", "—")] + [
            (
                m.structure_id,
                f"{m.structure.name} ({_('porteuse') if m.is_lead else m.get_role_display().lower()})",
            )
            for m in memberships
        ]
        self.fields["lines"].choices = [
            (
                line.pk,
                f"{line.label} · {line.structure.name} · A{line.year} · {line.staff_role} "
                f"({format_number(line.fte, 2)} ETP) · {format_money(line.amount)}",
            )
            for line in lines
        ]

    @classmethod
    def for_arrangement(cls, arrangement, *, memberships, lines, data=None, files=None):
        initial = {
            "kind": arrangement.kind,
            "employer": arrangement.employer_id,
            "person": arrangement.person,
            "fte": f"{arrangement.fte}".replace(".", ","),
            "start_date": arrangement.start_date,
            "end_date": arrangement.end_date,
            "monthly_cost": f"{arrangement.monthly_cost}".replace(".", ","),
            "lines": [line.pk for line in arrangement.lines.all()],
            "version": arrangement.version,
        }
        return cls(data, files, initial=initial, memberships=memberships, lines=lines)
