"""Forms of the coordinator's pages. They check the shape of the input; the rules live in `consortia.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ols_platform.collation import french
from ols_platform.concurrency import VersionFormField

from .enterprise_number import normalize_enterprise_number
from .models import CONTACT_FIELDS, IDENTITY_FIELDS, ConsortiumRole, LifeBasin, Membership, Structure, StructureLink

ENTERPRISE_NUMBER_HELP = _("10 chiffres, par exemple 0123.456.789, 0123456789 ou BE0123456789.")


class EnterpriseNumberField(forms.CharField):
    """Accepts `0123456789`, `0123.456.789`, `BE 0123 456 789`…; cleans to `0123.456.789` (mod-97 checked)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("label", _("Numéro d'entreprise (BCE)"))
        kwargs.setdefault("help_text", ENTERPRISE_NUMBER_HELP)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("autocomplete", "off")
        self.widget.attrs.setdefault("inputmode", "text")

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return normalize_enterprise_number(value)


class StructureForm(forms.ModelForm):
    """A structure's identity; its bassins de vie are chosen among the consortium's territory's.

    With `shared=True` (the structure is in another consortium too, and the editor is not a platform admin) the
    identity is shown but disabled: only the bassins de vie of this consortium's territory can change.
    """

    enterprise_number = EnterpriseNumberField()
    life_basins = forms.ModelMultipleChoiceField(
        label=_("Bassins de vie"),
        queryset=LifeBasin.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Structure
        fields = [*IDENTITY_FIELDS, "life_basins"]

    def __init__(self, *args, territory, shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory
        self.shared = shared
        self.fields["life_basins"].queryset = LifeBasin.objects.filter(territory=territory).order_by(
            french("name").asc()
        )
        self.fields["life_basins"].help_text = _("Bassins de vie du territoire %s où la structure agit.") % territory
        if self.instance.pk and not self.is_bound:
            self.initial["life_basins"] = [
                b.pk for b in self.instance.life_basins.all() if b.territory_id == territory.pk
            ]
        if shared:
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True

    def validate_unique(self):
        """Uniqueness is the service's decision (it explains what to do with a number already registered)."""

    def structure_data(self) -> dict:
        names = ["life_basins"] if self.shared else self.Meta.fields
        return {name: self.cleaned_data[name] for name in names}


class StructureCreateForm(StructureForm):
    """A new structure, its place in the consortium and this consortium's contact there."""

    role = forms.ChoiceField(
        label=_("Place dans le consortium"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        help_text=_("Un hôpital, un réseau hospitalier ou un organisme assureur ne peut être que partenaire."),
    )
    conflict_of_interest_declared = forms.BooleanField(
        label=_("Déclaration de conflits d'intérêts remise"), required=False
    )
    joined_on = forms.DateField(
        label=_("Dans le consortium depuis le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CONTACT_FIELDS:
            self.fields[name] = Membership._meta.get_field(name).formfield()

    def membership_data(self) -> dict:
        names = ("conflict_of_interest_declared", "joined_on", *CONTACT_FIELDS)
        return {name: self.cleaned_data[name] for name in names}


class StructureEditForm(StructureForm):
    """Carries the versions the form was loaded from (optimistic locking, `ols_platform.concurrency`): the
    structure's, and its membership's in this consortium for the bassins de vie chosen here."""

    version = VersionFormField()
    life_basins_version = VersionFormField()


class FindStructureForm(forms.Form):
    enterprise_number = EnterpriseNumberField()


class AddExistingStructureForm(forms.Form):
    """Add a structure already registered on the platform: whoever adds it must know its enterprise number.

    The number is the only key accepted (never an id): an id can be guessed, the number of a structure one works
    with is known from its papers.
    """

    enterprise_number = EnterpriseNumberField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Place dans le consortium"), choices=Membership.Role.choices, widget=forms.RadioSelect
    )
    conflict_of_interest_declared = forms.BooleanField(
        label=_("Déclaration de conflits d'intérêts remise"), required=False
    )
    joined_on = forms.DateField(
        label=_("Dans le consortium depuis le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class MembershipForm(forms.ModelForm):
    version = VersionFormField()  # the membership's version when the form was loaded (optimistic locking)

    class Meta:
        model = Membership
        fields = [
            "role",
            "conflict_of_interest_declared",
            "conflict_of_interest_note",
            "joined_on",
            *CONTACT_FIELDS,
        ]
        widgets = {
            "role": forms.RadioSelect,
            "conflict_of_interest_note": forms.Textarea(attrs={"rows": 4}),
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The role is required: no blank "---------" radio choice.
        self.fields["role"].choices = Membership.Role.choices

    def membership_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MembershipContactForm(forms.ModelForm):
    """The contact details of a structure in a consortium, and nothing else: what its reporter may change."""

    version = VersionFormField()  # the membership's version when the form was loaded (optimistic locking)

    class Meta:
        model = Membership
        fields = list(CONTACT_FIELDS)

    def contact_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Je confirme"),
        error_messages={"required": _("Cochez « Je confirme » pour continuer.")},
    )


class OperationalExpensesForm(ConfirmForm):
    """Switch what the operational team may do with expenses: `allowed` is the state wanted (not a toggle), so a
    double submit or a form left open while someone else switched it changes nothing more."""

    allowed = forms.TypedChoiceField(
        choices=[("1", _("autoriser")), ("0", _("retirer"))],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages={"required": _("Ce formulaire est incomplet : rechargez la page.")},
    )


class LinkForm(forms.Form):
    """A typed link between two méso structures of the consortium."""

    source = forms.ModelChoiceField(label=_("De"), queryset=Structure.objects.none())
    target = forms.ModelChoiceField(label=_("Vers"), queryset=Structure.objects.none())
    kind = forms.ChoiceField(label=_("Type de lien"), choices=StructureLink.Kind.choices)
    note = forms.CharField(label=_("Précision"), max_length=250, required=False)

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        meso = (
            Structure.objects.filter(memberships__consortium=consortium, level="meso", archived_at__isnull=True)
            .order_by(french("name").asc())
            .distinct()
        )
        invalid = _("Choisissez une structure méso de ce consortium.")
        for name in ("source", "target"):
            self.fields[name].queryset = meso
            self.fields[name].error_messages["invalid_choice"] = invalid

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") and cleaned.get("source") == cleaned.get("target"):
            self.add_error("target", _("Un lien relie deux structures différentes."))
        return cleaned


class InviteForm(forms.Form):
    """Give someone a role in the consortium; an unknown address gets an account and an invitation."""

    email = forms.EmailField(label=_("Adresse e-mail"), max_length=254)
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rôle"), choices=ConsortiumRole.Role.choices)
    structure = forms.ModelChoiceField(
        label=_("Structure (pour un rapporteur)"),
        queryset=Structure.objects.none(),
        required=False,
        help_text=_("Obligatoire pour le rôle « Rapporteur d'une structure »."),
    )

    def __init__(self, *args, consortium, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(memberships__consortium=consortium).order_by(
            french("name").asc()
        )
        self.fields["structure"].error_messages["invalid_choice"] = _("Choisissez une structure de ce consortium.")

    def clean(self):
        cleaned = super().clean()
        reporter = cleaned.get("role") == ConsortiumRole.Role.STRUCTURE_REPORTER
        if reporter and not cleaned.get("structure") and "structure" not in self.errors:
            self.add_error("structure", _("Un rapporteur est rattaché à une structure du consortium : choisissez-la."))
        return cleaned

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
