"""Forms of the mandate pages. They check the shape of the input, limited to the consortium (its bodies, its
territory's bassins de vie, its member structures); the rules live in `mandates.services`."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetLine
from budget.selectors import latest_budget
from budget.staff.models import StaffArrangement
from consortia.models import LifeBasin, Structure
from governance.forms import MomentField
from governance.models import Body, DecisionDomain, DecisionMethod
from ols_platform.concurrency import VersionFormField
from ols_platform.formatting import format_money, format_number

from .models import AXES, TEXT_MAX, Mandate, MandateMember
from .services import TASK_MAX

TEXT_PARTS = (
    "purpose",
    "responsibilities",
    "autonomy",
    "scope",
    "composition",
    "articulation",
    "working_methods",
    "deliverables",
    "commitments",
    "resources",
)
# The tasks are typed one per line, one box per axis ("0": on no axis).
TASK_FIELDS = [(f"tasks_{number}", number, title) for number, title in AXES] + [
    ("tasks_0", None, _("Sans axe particulier"))
]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _("Mise en forme Markdown : **gras**, *italique*, listes avec « - ».")


class MandateForm(forms.ModelForm):
    autonomy_domains = forms.MultipleChoiceField(
        label=_("Domaines décidés en autonomie"),
        choices=DecisionDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionFormField()

    class Meta:
        model = Mandate
        fields = [
            "kind",
            "body",
            "life_basin",
            "title",
            "purpose",
            "responsibilities",
            "autonomy",
            "autonomy_domains",
            "scope",
            "scope_life_basins",
            "composition",
            "articulation",
            "articulated_bodies",
            "working_methods",
            "deliverables",
            "start_date",
            "end_date",
            "review_date",
            "commitments",
            "resources",
            "budget_lines",
        ]
        widgets = {
            "scope_life_basins": forms.CheckboxSelectMultiple,
            "articulated_bodies": forms.CheckboxSelectMultiple,
            "budget_lines": forms.CheckboxSelectMultiple,
            "start_date": DATE,
            "end_date": DATE,
            "review_date": DATE,
        }

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(consortium=consortium, archived_at__isnull=True).order_by("kind", "name")
        basins = LifeBasin.objects.filter(territory_id=consortium.territory_id).order_by("name")
        self.fields["body"].queryset = bodies
        self.fields["body"].help_text = _("L'instance dont c'est le mandat (pour un espace ; vide pour une fonction).")
        self.fields["articulated_bodies"].queryset = bodies
        self.fields["life_basin"].queryset = basins
        self.fields["life_basin"].help_text = _("Pour une concertation locale seulement.")
        self.fields["scope_life_basins"].queryset = basins
        self.fields["budget_lines"].queryset = budget_lines_to_link(consortium, self.instance)
        self.fields["budget_lines"].label_from_instance = line_label
        self.fields["budget_lines"].help_text = _("Les lignes du budget qui financent ces ressources.")
        for name in TEXT_PARTS:
            self.fields[name].widget = forms.Textarea(attrs={"rows": 4})
            self.fields[name].max_length = TEXT_MAX
            self.fields[name].help_text = MARKDOWN_HELP
        for name, _axis, title in TASK_FIELDS:
            self.fields[name] = forms.CharField(
                label=title,
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Une tâche par ligne."),
            )
        if not self.instance.pk:
            del self.fields["version"]

    def _post_clean(self):
        """No model validation on the form: the service validates the mandate (and refuses in French)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin du mandat doit suivre son début."))
        for name, _axis, _title in TASK_FIELDS:
            if any(len(line.strip()) > TASK_MAX for line in (cleaned.get(name) or "").splitlines()):
                self.add_error(name, _("Une tâche tient en %(n)d caractères au plus.") % {"n": TASK_MAX})
        return cleaned

    def tasks(self) -> list[tuple[int | None, str]]:
        return [
            (axis, line.strip())
            for name, axis, _title in TASK_FIELDS
            for line in (self.cleaned_data.get(name) or "").splitlines()
            if line.strip()
        ]

    def mandate_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["tasks"] = self.tasks()
        return data

    @staticmethod
    def task_initial(tasks) -> dict:
        """The task boxes' initial text from (axis, text) pairs."""
        initial = {}
        for name, axis, _title in TASK_FIELDS:
            initial[name] = "\n".join(text for task_axis, text in tasks if task_axis == axis)
        return initial


def budget_lines_to_link(consortium, mandate=None):
    """The lines of the consortium's latest budget version, plus those the mandate already names (from an earlier
    version), by structure, year and category."""
    budget = latest_budget(consortium)
    lines = BudgetLine.objects.filter(budget__consortium=consortium).select_related("structure", "budget")
    chosen = list(mandate.budget_lines.values_list("pk", flat=True)) if mandate is not None and mandate.pk else []
    if budget is None:
        return lines.filter(pk__in=chosen)
    return lines.filter(Q(budget=budget) | Q(pk__in=chosen)).order_by("structure__name", "year", "category", "pk")


def line_label(line) -> str:
    return f"{line.structure.name} · {line.get_year_display()} · {line.get_category_display()} · {line.label} · " + (
        format_money(line.amount)
    )


def arrangements_to_link(consortium):
    budget = latest_budget(consortium)
    if budget is None:
        return StaffArrangement.objects.none()
    return StaffArrangement.objects.filter(budget=budget).select_related("employer").order_by("person", "pk")


def arrangement_label(arrangement) -> str:
    return f"{arrangement.person} · {arrangement.employer.name} · {arrangement.get_kind_display()} · " + _(
        "%(fte)s ETP"
    ) % {"fte": format_number(arrangement.fte, 2)}


class MemberForm(forms.Form):
    """A row of the composition: a member structure and/or an expected profile, with its contribution and, for the
    funded team, the arrangement that pays it. A row naming nobody is dropped."""

    structure = forms.ModelChoiceField(label=_("Structure"), queryset=Structure.objects.none(), required=False)
    profile = forms.CharField(label=_("Profil attendu"), max_length=200, required=False)
    contribution = forms.ChoiceField(
        label=_("Contribution"), choices=[("", "—"), *MandateMember.Contribution.choices], required=False
    )
    staff_arrangement = forms.ModelChoiceField(
        label=_("Financé par"),
        queryset=StaffArrangement.objects.none(),
        required=False,
        help_text=_("Pour l'équipe financée par le budget OLS : sa mise à disposition ou convention."),
    )

    def __init__(self, *args, consortium, arrangements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(memberships__consortium=consortium).order_by(
            "name"
        )
        self.fields["staff_arrangement"].queryset = (
            arrangements if arrangements is not None else arrangements_to_link(consortium)
        )
        self.fields["staff_arrangement"].label_from_instance = arrangement_label

    def clean(self):
        cleaned = super().clean()
        named = self._names_someone(cleaned)
        if named and not cleaned.get("contribution"):
            self.add_error("contribution", _("Choisissez la contribution de ce membre."))
        return cleaned

    @staticmethod
    def _names_someone(cleaned) -> bool:
        """A structure, a profile or an arrangement (whose employer is the structure)."""
        return bool(
            cleaned.get("structure") is not None
            or (cleaned.get("profile") or "").strip()
            or cleaned.get("staff_arrangement") is not None
        )

    def member(self) -> dict | None:
        cleaned = self.cleaned_data
        if not self._names_someone(cleaned):
            return None
        return {k: cleaned.get(k) for k in ("structure", "profile", "contribution", "staff_arrangement")}


MemberFormSet = forms.formset_factory(MemberForm, extra=2, max_num=50, validate_max=True)


def member_formset(data, *, consortium, initial=None):
    # One queryset for every row: the rows' choices are evaluated once, not once per row.
    kwargs = {"consortium": consortium, "arrangements": arrangements_to_link(consortium)}
    return MemberFormSet(data, initial=initial, prefix="members", form_kwargs=kwargs)


def members_of_formset(formset) -> list[dict]:
    return [member for form in formset.forms if form.has_changed() and (member := form.member())]


class ProposeForm(forms.Form):
    deciding_body = forms.ModelChoiceField(label=_("Instance qui adopte le mandat"), queryset=Body.objects.none())
    decision_method = forms.ChoiceField(
        label=_("Mode de décision"),
        choices=[("", _("Celui de l'instance")), *DecisionMethod.choices],
        required=False,
    )
    closes_at = MomentField(
        label=_("Clôture du vote"),
        required=False,
        help_text=_("Facultatif : avec une date de clôture, le vote s'ouvre aussitôt."),
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_body"].queryset = Body.objects.filter(
            consortium=consortium, archived_at__isnull=True
        ).order_by("kind", "name")


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, required=False)
    b = forms.IntegerField(min_value=1, required=False)


class ReviewAskForm(forms.Form):
    """AVIQ asks the consortium to transmit a mandate."""

    reason = forms.CharField(
        label=_("Ce que l'AVIQ souhaite voir, et pourquoi"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le consortium lit ce texte : sa coordination est prévenue."),
    )


class ReviewTransmitForm(forms.Form):
    """The coordination transmits this version to AVIQ."""

    note = forms.CharField(
        label=_("Note pour l'AVIQ (facultative)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Je transmets cette version du mandat à l'AVIQ telle qu'elle est."),
        error_messages={"required": _("Cochez la case pour confirmer la transmission.")},
    )
