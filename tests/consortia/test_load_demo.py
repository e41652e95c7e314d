"""`manage.py load_demo`: a plausible fictional data set, loaded through the services, idempotent.

The demo is loaded once for the class (`setUpTestData`, rolled back afterwards): a load takes a few seconds.
"""

from io import StringIO

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.test import TestCase, override_settings

from consortia.models import Consortium, ConsortiumRole, Level, Membership, Structure, StructureLink, Territory, User

HAUTES_PLAINES = "OLS des Hautes Plaines et Vallées"


def _load() -> str:
    out = StringIO()
    call_command("load_demo", allow_demo_passwords=True, stdout=out)
    return out.getvalue()


def _row_counts() -> dict:
    """Rows of every consortia model and of its history, so a second run that writes anything shows."""
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_app_config("consortia").get_models()
    }


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = _load()

    def setUp(self):
        self.consortium = Consortium.objects.select_related("territory").get(name=HAUTES_PLAINES)

    def test_running_it_twice_changes_nothing(self):
        before = _row_counts()
        second = _load()
        assert _row_counts() == before
        assert "rien à créer" in second

    def test_the_hautes_plaines_consortium_has_one_asbl_lead_and_its_two_life_basins(self):
        leads = self.consortium.memberships.filter(is_lead=True).select_related("structure")
        assert leads.count() == 1
        assert leads[0].structure.legal_form == "asbl"
        basins = set(self.consortium.territory.life_basins.values_list("name", flat=True))
        assert basins >= {"Ville Haute", "Trois Vallées"}
        assert self.consortium.territory.population < 450_000

    def test_the_hautes_plaines_consortium_spans_levels_sectors_and_legal_forms(self):
        structures = Structure.objects.filter(memberships__consortium=self.consortium)
        assert structures.count() >= 25
        assert set(structures.values_list("level", flat=True)) == {"macro", "meso", "micro"}
        assert set(structures.values_list("sector", flat=True)) == {"1LSS", "PP", "SH", "SM", "SSS"}
        assert len(set(structures.values_list("legal_form", flat=True))) >= 4
        assert structures.filter(life_basins__name="Ville Haute").exists()
        assert structures.filter(life_basins__name="Trois Vallées").exists()

    def test_hospitals_and_insurers_are_partners_only(self):
        memberships = Membership.objects.filter(consortium=self.consortium)
        assert memberships.filter(structure__is_hospital=True, role="partner").exists()
        assert memberships.filter(structure__is_insurer=True, role="partner").exists()
        assert not Membership.objects.filter(role="member", structure__is_hospital=True).exists()
        assert not Membership.objects.filter(role="member", structure__is_insurer=True).exists()

    def test_exactly_one_member_has_not_declared_its_conflicts_of_interest(self):
        members = Membership.objects.filter(consortium=self.consortium, role="member")
        assert members.filter(conflict_of_interest_declared=False).count() == 1

    def test_links_join_meso_structures_of_every_kind_and_leave_one_isolated(self):
        links = StructureLink.objects.filter(consortium=self.consortium)
        assert set(links.values_list("kind", flat=True)) == {"OG", "PA", "S"}
        linked = set(links.values_list("source_id", flat=True)) | set(links.values_list("target_id", flat=True))
        meso = set(
            self.consortium.memberships.filter(structure__level=Level.MESO).values_list("structure_id", flat=True)
        )
        assert linked <= meso
        assert len(meso - linked) == 1

    def test_ten_consortia_on_ten_territories_under_both_envelopes(self):
        assert Consortium.objects.count() == 10
        assert Territory.objects.count() == 10
        populations = list(Territory.objects.values_list("population", flat=True))
        assert all(250_000 <= p <= 900_000 for p in populations)
        assert any(p < 450_000 for p in populations)
        assert any(p >= 450_000 for p in populations)
        for consortium in Consortium.objects.exclude(pk=self.consortium.pk):
            assert consortium.memberships.filter(is_lead=True).count() == 1
            assert 7 <= consortium.memberships.count() <= 13
            assert consortium.links.exists()

    def test_there_is_one_demo_user_per_role_with_the_demo_password(self):
        roles = ConsortiumRole.objects.filter(consortium=self.consortium).select_related("user")
        assert sorted(roles.values_list("role", flat=True)) == sorted(ConsortiumRole.Role.values)
        assert roles.get(role="structure_reporter").structure is not None
        reviewer = User.objects.get(aviq_reviewer=True)
        admin = User.objects.get(is_superuser=True)
        for user in [*(r.user for r in roles), reviewer, admin]:
            assert user.email.endswith("@demo.ols.example")
            assert user.check_password(settings.DEMO_PASSWORD)

    def test_it_prints_the_logins_and_the_totp_enrolment_for_aviq_and_admins(self):
        for email in User.objects.values_list("email", flat=True):
            assert email in self.output
        assert settings.DEMO_PASSWORD in self.output
        assert "TOTP" in self.output
        assert "/accounts/2fa/totp/activate/" in self.output

    def test_contact_addresses_are_valid_and_keep_whole_words(self):
        addresses = list(Membership.objects.exclude(contact_email="").values_list("contact_email", flat=True))
        assert addresses
        for address in addresses:
            validate_email(address)
            assert address.isascii()
        assert "contact.centre-sante-mentale-trois-vallees@demo.ols.example" in addresses

    def test_every_demo_enterprise_number_passes_the_mod_97_check(self):
        numbers = list(Structure.objects.values_list("enterprise_number", flat=True))
        assert len(numbers) == len(set(numbers))
        for number in numbers:
            digits = number.replace(".", "")
            assert len(digits) == 10
            assert number[4] == "." and number[8] == "."
            assert 97 - int(digits[:8]) % 97 == int(digits[8:]), number
        for structure in Structure.objects.all():
            structure.full_clean()


@override_settings(DEBUG=False)
class LoadDemoOutsideDevelopmentTests(TestCase):
    def test_it_refuses_the_known_password_accounts_without_debug_or_the_flag_and_writes_nothing(self):
        before = _row_counts()
        with self.assertRaises(CommandError) as refused:
            call_command("load_demo", stdout=StringIO())
        assert "--allow-demo-passwords" in str(refused.exception)
        assert _row_counts() == before
        assert not User.objects.filter(is_superuser=True).exists()

    def test_it_creates_them_with_the_explicit_flag(self):
        call_command("load_demo", allow_demo_passwords=True, stdout=StringIO())
        assert User.objects.filter(is_superuser=True, email__endswith="@demo.ols.example").exists()

    @override_settings(DEBUG=True)
    def test_it_creates_them_in_development(self):
        call_command("load_demo", stdout=StringIO())
        admin = User.objects.get(is_superuser=True, email__endswith="@demo.ols.example")
        assert admin.check_password(settings.DEMO_PASSWORD)
