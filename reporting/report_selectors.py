"""Reading the structures' activity reports and the shared paragraphs, each in a fixed number of queries.

A shared paragraph's state is computed, never stored: the concerned structures, those whose approval is of the
current revision, those still missing, and each one's reporters (none: « aucun rapporteur désigné »).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Length, Trim

from consortia.models import ConsortiumRole, Membership

from .models.reports import (
    REPORT_YEARS,
    ActivityReport,
    ReportSection,
    SharedParagraph,
    SharedParagraphApproval,
    StructureReporting,
)


def year_of(value) -> int:
    """A year of the pilot from a query parameter; the current one (or the first) otherwise."""
    from django.utils import timezone

    try:
        year = int(str(value)[:4])
    except (TypeError, ValueError):
        year = timezone.localdate().year
    return year if year in REPORT_YEARS else (REPORT_YEARS[-1] if year > REPORT_YEARS[-1] else REPORT_YEARS[0])


def report_rows(consortium, year: int):
    """The year's rows: one per member structure the AVIQ funds (no setting yet counts as funded), with its setting
    and its report's id, status and sections filled — one query (paginate it)."""
    setting = StructureReporting.objects.filter(consortium=consortium, structure=OuterRef("structure_id"))
    report = ActivityReport.objects.filter(consortium=consortium, structure=OuterRef("structure_id"), year=year)
    sections = ReportSection.objects.filter(report_id=OuterRef("report_id"))
    count = sections.order_by().values("report_id").annotate(n=Count("pk")).values("n")
    filled = (
        sections.annotate(length=Length(Trim("body")))
        .filter(length__gt=0)
        .order_by()
        .values("report_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Membership.objects.filter(consortium=consortium, role=Membership.Role.MEMBER)
        .annotate(
            aviq_funded=Coalesce(Subquery(setting.values("aviq_funded")[:1]), Value(True)),
            specific_template=Coalesce(Subquery(setting.values("specific_template")[:1]), Value("")),
            report_id=Subquery(report.values("pk")[:1]),
            report_status=Subquery(report.values("status")[:1]),
        )
        .annotate(
            sections_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
            sections_filled=Coalesce(Subquery(filled, output_field=IntegerField()), Value(0)),
        )
        .filter(aviq_funded=True)
        .select_related("structure")
    )


def not_funded(consortium):
    """Member structures set as not funded by the AVIQ for their own missions (they write no report here)."""
    return (
        StructureReporting.objects.filter(consortium=consortium, aviq_funded=False)
        .select_related("structure")
        .order_by("structure__name")
    )


def report_of(consortium, report_id):
    """The consortium's report of the URL, with its structure, or None."""
    try:
        report_id = int(report_id)
    except (TypeError, ValueError):
        return None
    return ActivityReport.objects.filter(consortium=consortium, pk=report_id).select_related("structure").first()


def sections_of(report):
    return list(ReportSection.objects.filter(report=report).order_by("position", "pk"))


def section_of(report, section_id):
    try:
        section_id = int(section_id)
    except (TypeError, ValueError):
        return None
    return ReportSection.objects.filter(report=report, pk=section_id).first()


@dataclass
class ParagraphState:
    paragraph: SharedParagraph
    structures: list = field(default_factory=list)  # the concerned structures, by name
    approved: dict = field(default_factory=dict)  # structure id → its approval of the current revision
    reporters: dict = field(default_factory=dict)  # structure id → [user]

    @property
    def total(self) -> int:
        return len(self.structures)

    @property
    def approved_count(self) -> int:
        return sum(1 for structure in self.structures if structure.pk in self.approved)

    @property
    def is_approved(self) -> bool:
        return self.total > 0 and self.approved_count == self.total

    @property
    def missing(self) -> list:
        return [structure for structure in self.structures if structure.pk not in self.approved]

    @property
    def rows(self) -> list[tuple]:
        """(structure, its approval or None, its reporters) for the page."""
        return [(s, self.approved.get(s.pk), self.reporters.get(s.pk, [])) for s in self.structures]


def paragraph_states(paragraphs, consortium, *, with_reporters=True) -> list[ParagraphState]:
    """Each paragraph (a queryset of the consortium's) with its approval state — three queries, whatever the size
    (two without the concerned structures' reporters)."""
    paragraphs = list(
        paragraphs.prefetch_related(
            "structures",
            Prefetch(
                "approvals",
                queryset=SharedParagraphApproval.objects.filter(revision=F("paragraph__revision")).select_related(
                    "approved_by"
                ),
                to_attr="current_approvals",
            ),
        )
    )
    if not paragraphs:
        return []
    reporters: dict[int, list] = {}
    roles = ConsortiumRole.objects.filter(
        consortium=consortium, role=ConsortiumRole.Role.STRUCTURE_REPORTER
    ).select_related("user")
    for role in roles.order_by("user__email") if with_reporters else ():
        reporters.setdefault(role.structure_id, []).append(role.user)
    states = []
    for paragraph in paragraphs:
        structures = sorted(paragraph.structures.all(), key=lambda s: s.name.casefold())
        approved = {approval.structure_id: approval for approval in paragraph.current_approvals}
        states.append(
            ParagraphState(
                paragraph=paragraph,
                structures=structures,
                approved=approved,
                reporters={s.pk: reporters.get(s.pk, []) for s in structures},
            )
        )
    return states


def paragraphs_of(consortium, year: int | None = None):
    rows = SharedParagraph.objects.filter(consortium=consortium)
    return rows if year is None else rows.filter(year=year)


def paragraphs_for(report):
    """The shared paragraphs that concern the report's structure in its year."""
    return paragraphs_of(report.consortium_id, report.year).filter(structures=report.structure_id)


def paragraph_of(consortium, paragraph_id):
    try:
        paragraph_id = int(paragraph_id)
    except (TypeError, ValueError):
        return None
    return SharedParagraph.objects.filter(consortium=consortium, pk=paragraph_id).first()


def paragraph_tallies(consortium, year: int) -> dict[int, tuple[int, int]]:
    """Structure id → (shared paragraphs concerning it, of which fully approved), for the year's list: two queries."""
    through = SharedParagraph.structures.through
    states = (
        SharedParagraph.objects.filter(consortium=consortium, year=year)
        .annotate(
            concerned=Count("structures", distinct=True),
            approved=Count("approvals", filter=Q(approvals__revision=F("revision")), distinct=True),
        )
        .values_list("pk", "concerned", "approved")
    )
    complete = {pk: concerned > 0 and approved >= concerned for pk, concerned, approved in states}
    tallies: dict[int, list[int]] = {}
    links = through.objects.filter(sharedparagraph_id__in=list(complete)).values_list(
        "sharedparagraph_id", "structure_id"
    )
    for paragraph_id, structure_id in links:
        tally = tallies.setdefault(structure_id, [0, 0])
        tally[0] += 1
        tally[1] += int(complete[paragraph_id])
    return {structure_id: (total, done) for structure_id, (total, done) in tallies.items()}


def waiting_for(user, year: int):
    """The shared paragraphs of `year` waiting for this reporter's approval (of their structures' current revision),
    across their consortia: one query."""
    roles = ConsortiumRole.objects.filter(user=user, role=ConsortiumRole.Role.STRUCTURE_REPORTER)
    approved = SharedParagraphApproval.objects.filter(
        paragraph=OuterRef("sharedparagraph_id"),
        structure=OuterRef("structure_id"),
        revision=OuterRef("sharedparagraph__revision"),
    )
    through = SharedParagraph.structures.through
    mine = roles.filter(consortium_id=OuterRef("sharedparagraph__consortium_id"), structure_id=OuterRef("structure_id"))
    return (
        through.objects.filter(sharedparagraph__year=year)
        .filter(Exists(mine))
        .exclude(Exists(approved))
        .select_related("sharedparagraph", "structure")
        .order_by("sharedparagraph__consortium_id", "sharedparagraph__title")
    )


def reporter_reports(user, year: int):
    """The reporter's structures in each of their consortia, with the year's report (id, status, sections filled):
    one query."""
    report = ActivityReport.objects.filter(
        consortium=OuterRef("consortium_id"), structure=OuterRef("structure_id"), year=year
    )
    sections = ReportSection.objects.filter(report_id=OuterRef("report_id"))
    count = sections.order_by().values("report_id").annotate(n=Count("pk")).values("n")
    filled = (
        sections.annotate(length=Length(Trim("body")))
        .filter(length__gt=0)
        .order_by()
        .values("report_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ConsortiumRole.objects.filter(user=user, role=ConsortiumRole.Role.STRUCTURE_REPORTER)
        .annotate(report_id=Subquery(report.values("pk")[:1]), report_status=Subquery(report.values("status")[:1]))
        .annotate(
            sections_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
            sections_filled=Coalesce(Subquery(filled, output_field=IntegerField()), Value(0)),
        )
        .select_related("consortium", "structure")
        .order_by("consortium__name", "structure__name")
    )


def reporter_home(user, year: int | None = None) -> dict:
    """The structure reporter's home card: each of their structures' report of the year (status, sections filled)
    and the shared paragraphs waiting for their approval — two queries, whatever the data."""
    year = year or year_of(None)
    return {"year": year, "reports": list(reporter_reports(user, year)), "waiting": list(waiting_for(user, year))}
