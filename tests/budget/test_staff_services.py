"""Staff arrangements through their services: the rules of DOMAIN §3 and the lines they are paid from."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budget import services
from budget.models import Budget, BudgetLine
from budget.staff import services as staff_services
from budget.staff.models import StaffArrangement, StaffArrangementLine
from ols_platform.errors import ConflictError, DomainError

from .conftest import add_line, approve
from .staff_fixtures import D, add_arrangement, arrangement_data, pdf

pytestmark = pytest.mark.django_db


def docx() -> bytes:
    """A small, well-formed zip: what a .docx is on the outside."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def refused(cast, code, lines=None, file=None, **overrides):
    lines = lines if lines is not None else [add_line(cast, "30000.00", structure=cast.member_a, label="Infirmière")]
    before = StaffArrangement.objects.count()
    with pytest.raises(DomainError) as error:
        staff_services.arrangement_create(
            actor=cast.users["accountant"],
            consortium=cast.consortium_a,
            data=arrangement_data(cast, lines, **overrides),
            file=file,
        )
    assert error.value.code == code, error.value.message
    assert StaffArrangement.objects.count() == before
    return error.value


class TestCreate:
    def test_it_records_a_secondment_with_its_signed_document_and_history(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        assert arrangement.kind == "secondment" and arrangement.employer == cast.member_a
        assert arrangement.fte == D("0.50") and arrangement.monthly_cost == D("2000.00")
        assert arrangement.document_filename == "convention-signee.pdf"
        assert arrangement.document.name.startswith(f"budget/arrangements/{cast.consortium_a.pk}/")
        assert arrangement.document.read().startswith(b"%PDF")
        record = arrangement.history.get()
        assert record.history_type == "+" and record.history_user == cast.users["accountant"]
        link = StaffArrangementLine.history.get()
        assert link.history_user == cast.users["accountant"]

    def test_a_direct_employment_is_by_the_lead(self, cast):
        line = add_line(cast, "50000.00")
        arrangement = add_arrangement(cast, [line], kind="direct", employer=cast.lead_a.pk)
        assert arrangement.kind == "direct"
        error = refused(cast, "employer_not_lead", kind="direct", employer=cast.member_a.pk)
        assert error.field == "employer"

    def test_the_lead_does_not_second_staff_to_itself(self, cast):
        refused(cast, "employer_is_lead", kind="convention", employer=cast.lead_a.pk)

    def test_a_partner_may_employ_seconded_staff(self, cast):
        assert add_arrangement(cast, kind="convention", employer=cast.partner_a.pk).employer == cast.partner_a

    def test_it_refuses_an_employer_outside_the_consortium(self, cast):
        refused(cast, "structure_not_in_consortium", employer=cast.lead_b.pk)
        refused(cast, "structure_not_in_consortium", employer="abc")

    @pytest.mark.parametrize("fte", ["0", "-0,5", "1,01", "2", "0,333", "abc", "", "NaN", None])
    def test_it_refuses_an_fte_outside_zero_to_one(self, cast, fte):
        assert refused(cast, "invalid_fte", fte=fte).field == "fte"

    def test_a_full_time_equivalent_of_exactly_one_passes(self, cast):
        assert add_arrangement(cast, fte="1").fte == D("1.00")

    @pytest.mark.parametrize("cost", ["0", "-100", "12,345.678", "1e9", "NaN", "deux mille", "2000,001"])
    def test_it_refuses_a_bad_monthly_cost(self, cast, cost):
        assert refused(cast, "invalid_amount", monthly_cost=cost).field == "monthly_cost"

    def test_it_refuses_an_end_before_the_start(self, cast):
        refused(cast, "invalid_period", start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 5, 31))

    def test_it_refuses_dates_outside_the_24_months(self, cast):
        refused(cast, "date_outside_period", start_date=datetime.date(2025, 12, 31))
        error = refused(cast, "date_outside_period", end_date=datetime.date(2028, 1, 1))
        assert "31/12/2027" in error.message

    def test_it_refuses_a_bad_date(self, cast):
        refused(cast, "invalid_date", start_date="32/01/2026")

    def test_it_needs_a_person_or_role(self, cast):
        refused(cast, "invalid_person", person="   ")

    def test_it_needs_at_least_one_personnel_line(self, cast):
        add_line(cast, "30000.00")
        refused(cast, "invalid_lines", lines=[])

    def test_it_refuses_a_line_that_is_not_personnel(self, cast):
        rent = add_line(cast, "30000.00", category="operating", label="Loyer")
        refused(cast, "invalid_lines", lines=[rent])

    def test_it_refuses_a_line_of_another_consortium(self, cast):
        add_line(cast, "30000.00")
        other = services.budget_line_create(
            actor=cast.users["outsider"],
            consortium=cast.consortium_b,
            data={
                "structure": cast.lead_b.pk,
                "category": "personnel",
                "year": 1,
                "label": "B",
                "amount": "30000",
                "staff_role": "Coordination",
                "fte": "1",
            },
        )
        refused(cast, "invalid_lines", lines=[other])
        refused(cast, "invalid_lines", lines=["x"])

    def test_its_cost_over_the_period_may_not_exceed_the_lines_it_funds(self, cast):
        line = add_line(cast, "23999.99", structure=cast.member_a)
        error = refused(cast, "arrangement_exceeds_lines", lines=[line])  # 12 × 2,000 € = 24,000 €
        assert error.params["missing"] == D("0.01")
        assert "24\u00a0000,00\u00a0€" in error.message

    def test_a_cost_equal_to_the_lines_passes_and_several_lines_add_up(self, cast):
        first = add_line(cast, "12000.00", structure=cast.member_a, label="A1")
        second = add_line(cast, "12000.00", structure=cast.member_a, year=2, label="A2")
        arrangement = add_arrangement(cast, [first, second])
        assert set(arrangement.lines.all()) == {first, second}

    def test_arrangements_sharing_a_line_may_not_exceed_it_together(self, cast):
        line = add_line(cast, "30000.00", structure=cast.member_a)
        add_arrangement(cast, [line])  # 24,000 €
        with pytest.raises(DomainError) as error:
            add_arrangement(cast, [line], person="Assistante", monthly_cost="1000")  # + 12,000 € > 30,000 €
        refused_again = error.value
        assert refused_again.code == "arrangement_exceeds_lines"
        assert "Assistante" in refused_again.message and "Infirmière coordinatrice" in refused_again.message
        assert StaffArrangement.objects.count() == 1

    def test_it_refuses_a_locked_budget(self, cast):
        line = add_line(cast, "30000.00", structure=cast.member_a)
        services.budget_submit(actor=cast.users["coordinator"], budget=line.budget)
        refused(cast, "budget_locked", lines=[line])

    def test_it_refuses_a_consortium_without_budget(self, cast):
        with pytest.raises(DomainError) as error:
            staff_services.arrangement_create(actor=None, consortium=cast.consortium_a, data=arrangement_data(cast, []))
        assert error.value.code == "no_budget"


class TestDocument:
    def test_it_refuses_a_type_not_allowed(self, cast):
        refused(cast, "invalid_file_type", file=SimpleUploadedFile("convention.xlsx", b"PK\x03\x04rest"))
        refused(cast, "invalid_file_type", file=SimpleUploadedFile("convention.exe", b"MZ..."))

    def test_it_refuses_content_that_does_not_match_the_extension(self, cast):
        refused(cast, "invalid_file_type", file=pdf(content=b"<html>not a pdf</html>"))

    def test_it_refuses_a_file_over_5_mb(self, cast):
        refused(cast, "file_too_large", file=pdf(content=b"%PDF-" + b"0" * (5 * 1024 * 1024)))

    def test_it_accepts_png_jpg_and_docx(self, cast):
        for name, content in (
            ("scan.png", b"\x89PNG\r\n\x1a\ndata"),
            ("scan.jpg", b"\xff\xd8\xff\xe0data"),
            ("c.docx", docx()),
        ):
            line = add_line(cast, "30000.00", structure=cast.member_a, label=name)
            arrangement = add_arrangement(cast, [line], file=SimpleUploadedFile(name, content))
            assert arrangement.document_filename == name

    def test_a_docx_is_checked_as_an_archive_before_anyone_opens_it(self, cast):
        refused(cast, "damaged_archive", file=SimpleUploadedFile("c.docx", b"PK\x03\x04 not really a zip"))


class TestUpdateAndDelete:
    def test_it_updates_with_the_version_loaded_and_bumps_it(self, cast):
        arrangement = add_arrangement(cast)
        lines = list(arrangement.lines.all())
        updated = staff_services.arrangement_update(
            actor=cast.users["coordinator"],
            arrangement=arrangement,
            version=1,
            data=arrangement_data(cast, lines, monthly_cost="2500", person="Infirmière relais"),
        )
        assert updated.version == 2 and updated.monthly_cost == D("2500.00")
        assert updated.history.first().history_user == cast.users["coordinator"]

    def test_a_stale_version_is_a_conflict_showing_the_current_values(self, cast):
        arrangement = add_arrangement(cast)
        lines = list(arrangement.lines.all())
        staff_services.arrangement_update(
            actor=None, arrangement=arrangement, version=1, data=arrangement_data(cast, lines, monthly_cost="2100")
        )
        with pytest.raises(ConflictError) as error:
            staff_services.arrangement_update(
                actor=None, arrangement=arrangement, version=1, data=arrangement_data(cast, lines, monthly_cost="1900")
            )
        assert "2\u00a0100,00\u00a0€" in error.value.message
        assert StaffArrangement.objects.get().monthly_cost == D("2100.00")

    def test_an_update_over_the_lines_is_refused_and_changes_nothing(self, cast):
        arrangement = add_arrangement(cast)
        with pytest.raises(DomainError) as error:
            staff_services.arrangement_update(
                actor=None,
                arrangement=arrangement,
                version=1,
                data=arrangement_data(cast, list(arrangement.lines.all()), monthly_cost="2500.01"),
            )
        assert error.value.code == "arrangement_exceeds_lines"
        assert StaffArrangement.objects.get().version == 1

    def test_changing_the_funding_lines_records_the_links_history(self, cast):
        arrangement = add_arrangement(cast)
        other = add_line(cast, "30000.00", structure=cast.member_a, year=2, label="Infirmière A2")
        staff_services.arrangement_update(
            actor=cast.users["accountant"], arrangement=arrangement, version=1, data=arrangement_data(cast, [other])
        )
        assert list(arrangement.lines.all()) == [other]
        assert StaffArrangementLine.history.filter(history_type="-").count() == 1

    def test_delete_needs_the_version_and_then_frees_the_line(self, cast):
        arrangement = add_arrangement(cast)
        line = arrangement.lines.get()
        with pytest.raises(DomainError):
            staff_services.arrangement_delete(actor=None, arrangement=arrangement, version=None)
        staff_services.arrangement_delete(actor=cast.users["accountant"], arrangement=arrangement, version=1)
        assert not StaffArrangement.objects.exists()
        assert StaffArrangement.history.filter(history_type="-").get().history_user == cast.users["accountant"]
        services.budget_line_delete(actor=None, line=line)
        assert not BudgetLine.objects.filter(pk=line.pk).exists()


class TestFundingLines:
    def test_a_line_funding_an_arrangement_cannot_be_deleted(self, cast):
        arrangement = add_arrangement(cast)
        line = arrangement.lines.get()
        assert staff_services.line_funds_an_arrangement(line.pk)
        with pytest.raises(DomainError) as error:
            services.budget_line_delete(actor=None, line=line)
        assert error.value.code == "line_in_use"
        assert BudgetLine.objects.filter(pk=line.pk).exists()
        with pytest.raises(DomainError) as hook:
            staff_services.check_line_deletable(line=line)
        assert "Infirmière coordinatrice" in hook.value.message

    def test_a_funding_line_stays_personnel_and_covers_its_arrangements(self, cast):
        line = add_arrangement(cast).lines.get()
        with pytest.raises(DomainError) as error:
            staff_services.check_line_change(line=line, clean={"category": "operating"})
        assert error.value.code == "line_in_use"
        with pytest.raises(DomainError) as error:
            staff_services.check_line_change(line=line, clean={"amount": D("23999.99")})
        assert error.value.code == "arrangement_exceeds_lines"
        staff_services.check_line_change(line=line, clean={"amount": D("24000.00")})
        free = add_line(cast, "100.00", label="Libre")
        staff_services.check_line_change(line=free, clean={"category": "operating", "amount": D("1")})

    def test_an_amendment_carries_the_arrangements_onto_the_copied_lines(self, cast):
        arrangement = add_arrangement(cast, file=pdf())
        add_line(cast, "7000.00", category="operating", year=2, label="Loyer")
        approved = approve(cast, arrangement.budget)
        amendment = services.budget_amend(actor=cast.users["coordinator"], consortium=cast.consortium_a)
        copy = amendment.staff_arrangements.get()
        assert copy.copied_from == arrangement and copy.document.name == arrangement.document.name
        assert copy.history.get().history_user == cast.users["coordinator"]
        line = copy.lines.get()
        assert line.budget == amendment and line.copied_from_id == arrangement.lines.get().pk
        assert Budget.objects.get(pk=approved.pk).staff_arrangements.get() == arrangement


class TestLineServicesRespectArrangements:
    """The budget line services refuse what would break an arrangement (through the real services, not the hooks)."""

    def test_a_funding_line_cannot_drop_below_what_its_arrangements_cost(self, cast):
        line = add_arrangement(cast).lines.get()
        with pytest.raises(DomainError) as error:
            services.budget_line_update(actor=None, line=line, version=line.version, data={"amount": "23999.99"})
        assert error.value.code == "arrangement_exceeds_lines"
        assert BudgetLine.objects.get(pk=line.pk).amount == D("30000.00")

    def test_a_funding_line_may_drop_to_exactly_what_its_arrangements_cost(self, cast):
        line = add_arrangement(cast).lines.get()
        services.budget_line_update(actor=None, line=line, version=line.version, data={"amount": "24000.00"})
        assert BudgetLine.objects.get(pk=line.pk).amount == D("24000.00")

    def test_a_funding_line_cannot_leave_the_personnel_category(self, cast):
        line = add_arrangement(cast).lines.get()
        with pytest.raises(DomainError) as error:
            services.budget_line_update(actor=None, line=line, version=line.version, data={"category": "operating"})
        assert error.value.code == "line_in_use" and error.value.field == "category"
        assert BudgetLine.objects.get(pk=line.pk).category == "personnel"

    def test_a_line_funding_nothing_may_change_category(self, cast):
        add_arrangement(cast)
        free = add_line(cast, "100.00", label="Libre")
        services.budget_line_update(actor=None, line=free, version=free.version, data={"category": "operating"})
        assert BudgetLine.objects.get(pk=free.pk).category == "operating"

    def test_deleting_a_funding_line_names_the_arrangement(self, cast):
        line = add_arrangement(cast).lines.get()
        with pytest.raises(DomainError) as error:
            services.budget_line_delete(actor=None, line=line)
        assert error.value.code == "line_in_use"
        assert "Infirmière coordinatrice" in error.value.message
        assert BudgetLine.objects.filter(pk=line.pk).exists()
