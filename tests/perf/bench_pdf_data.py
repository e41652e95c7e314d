"""The documents `make bench` renders (tests/perf/bench_pdf.py), built on a throw-away database: the demo's
deliverable, report and mandate sheet, and a second consortium of 40 member structures, each with its 2026 activity
report (six sections of about 400 words) and three approved shared paragraphs."""

PARAGRAPH = (
    "La structure a poursuivi ses missions auprès des publics du territoire et a contribué aux travaux de l'OLS : "
    "concertations locales, groupes de travail, partage de données et d'expériences. "
)


def build_documents(ask) -> list[tuple[str, list[int]]]:
    """[(label, [job ids])]: one id → rendered alone; several → rendered on 2 processes."""
    from django.core.management import call_command

    from consortia.management.commands.load_demo import HAUTES_PLAINES
    from consortia.models import Consortium
    from mandates.models import Mandate
    from reporting.models import ActivityReport

    for command in ("load_demo", "load_governance_demo", "load_mandates_demo", "load_reporting_demo"):
        call_command(command, verbosity=0, allow_demo_passwords=True)
    demo = Consortium.objects.get(name=HAUTES_PLAINES.name)
    mandate = Mandate.objects.filter(consortium=demo, kind="operational_team").first()
    report = ActivityReport.objects.filter(consortium=demo).order_by("pk").first()
    large = _forty_structures()
    return [
        ("Livrable d'évaluation (demo)", [ask(demo, "evaluation_deliverable")]),
        (
            f"Rapport d'activité 2026 (demo, {report.structure.name})",
            [ask(demo, "activity_report", structure=report.structure, year=2026)],
        ),
        ("Fiche mandat, équipe opérationnelle (demo)", [ask(demo, "mandate", mandate=mandate)]),
        (
            "Tous les rapports d'activité 2026 d'un consortium de 40 structures",
            [
                ask(large, "activity_report", structure=report.structure, year=2026)
                for report in ActivityReport.objects.filter(consortium=large).select_related("structure")
            ],
        ),
    ]


def _forty_structures():
    from consortia.models import Membership
    from reporting.models import ReportSection, SharedParagraphApproval
    from reporting.services import reports as services
    from tests.factories import ConsortiumFactory, MembershipFactory, StructureFactory, TerritoryFactory

    consortium = ConsortiumFactory(name="OLS de banc d'essai", territory=TerritoryFactory(name="Banc d'essai"))
    structures = [
        MembershipFactory(
            consortium=consortium, role=Membership.Role.MEMBER, is_lead=i == 0, structure=StructureFactory()
        ).structure
        for i in range(40)
    ]
    for structure in structures:
        report, _created = services.report_start(actor=None, consortium=consortium, structure=structure, year=2026)
        for section in ReportSection.objects.filter(report=report):
            body = "\n\n".join(f"{PARAGRAPH * 4}" for _ in range(3)) + "\n\n- un atelier\n- une concertation\n"
            services.section_update(actor=None, section=section, body=body, expected_version=section.version)
    for number in range(3):
        paragraph = services.shared_paragraph_create(
            actor=None,
            consortium=consortium,
            data={
                "year": 2026,
                "title": f"Mission méso commune {number + 1}",
                "body": PARAGRAPH * 6,
                "structures": structures,
            },
        )
        # Every structure agreed (the service asks each structure's reporter; the bench has none).
        SharedParagraphApproval.objects.bulk_create(
            SharedParagraphApproval(paragraph=paragraph, structure=structure, revision=paragraph.revision)
            for structure in structures
        )
    return consortium
