"""The documents `make bench` renders (tests/perf/bench_pdf.py): built on a throw-away database."""


def build_documents(ask) -> list[tuple[str, list[int]]]:
    """[(label, [job ids])]: one id → rendered alone; several → rendered on 2 processes."""
    from django.core.management import call_command

    from consortia.models import Consortium
    from mandates.models import Mandate

    call_command("load_demo", verbosity=0, allow_demo_passwords=True)
    call_command("load_governance_demo", verbosity=0, allow_demo_passwords=True)
    call_command("load_mandates_demo", verbosity=0, allow_demo_passwords=True)
    mandate = Mandate.objects.filter(kind="operational_team").select_related("consortium").first()
    consortium = Consortium.objects.get(pk=mandate.consortium_id)
    return [
        ("Fiche mandat, équipe opérationnelle (demo)", [ask(consortium, "mandate", mandate=mandate)]),
    ]
