"""« Qui décide de quoi » : the decision domains × the consortium's spaces and functions, read from the mandates in
force (their structured autonomy scope), with the domains a body never decides (governance.FORBIDDEN_DOMAINS).

Two queries whatever the number of bodies and mandates: the active bodies, the adopted mandates.
"""

import datetime
from dataclasses import dataclass, field

from governance.models import FORBIDDEN_DOMAINS, Body, BodyKind, DecisionDomain
from ols_platform.collation import french

from . import rules
from .models import Mandate, MandateKind

# "Autre" is what a decision is when it fits no domain: no mandate delegates it.
DOMAINS = [domain for domain in DecisionDomain if domain != DecisionDomain.OTHER]


@dataclass
class Column:
    """A space (a body, with its mandate in force or None) or a function (its mandate in force)."""

    label: str
    kind_label: str
    body: Body | None = None
    mandate: Mandate | None = None

    @property
    def domains(self) -> frozenset[str]:
        return frozenset(self.mandate.autonomy_domains or []) if self.mandate else frozenset()

    @property
    def forbidden(self) -> frozenset[str]:
        return FORBIDDEN_DOMAINS.get(self.body.kind, frozenset()) if self.body else frozenset()


@dataclass
class Row:
    domain: str
    label: str
    # One (state, column) per column: state "alone", "forbidden" or "".
    cells: list[tuple[str, Column]] = field(default_factory=list)

    @property
    def owners(self) -> list[Column]:
        return [column for state, column in self.cells if state == "alone"]


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[Row]

    @property
    def without_mandate(self) -> list[Column]:
        return [column for column in self.columns if column.mandate is None]

    @property
    def unassigned(self) -> list[Row]:
        return [row for row in self.rows if not row.owners]

    @property
    def shared(self) -> list[Row]:
        return [row for row in self.rows if len(row.owners) > 1]


def who_decides(consortium, today: datetime.date) -> Matrix:
    bodies = list(
        Body.objects.filter(consortium=consortium, archived_at__isnull=True)
        .only("id", "consortium_id", "name", "kind")
        .order_by(french("name").asc(), "pk")
    )
    # The governance first, then the team, the GT, the concertations…: BodyKind's order, by name within a kind.
    kind_order = {kind.value: position for position, kind in enumerate(BodyKind)}
    bodies.sort(key=lambda body: kind_order.get(body.kind, len(kind_order)))
    adopted = list(
        Mandate.objects.filter(consortium=consortium, status=Mandate.Status.ADOPTED).only(
            "id",
            "consortium_id",
            "lineage",
            "number",
            "kind",
            "title",
            "body_id",
            "start_date",
            "end_date",
            "autonomy_domains",
        )
    )
    kinds = dict(MandateKind.choices)
    columns = [
        Column(
            label=body.name,
            kind_label=kinds.get(body.kind, ""),
            body=body,
            mandate=rules.in_force_on([m for m in adopted if m.body_id == body.pk], today),
        )
        for body in bodies
    ]
    lineages = sorted({m.lineage for m in adopted if m.body_id is None})
    for lineage in lineages:
        mandate = rules.in_force_on([m for m in adopted if m.lineage == lineage], today)
        if mandate is not None:
            columns.append(Column(label=mandate.title, kind_label=kinds.get(mandate.kind, ""), mandate=mandate))
    rows = []
    for domain in DOMAINS:
        row = Row(domain=domain.value, label=str(domain.label))
        for column in columns:
            if domain in column.forbidden:
                state = "forbidden"
            elif domain in column.domains:
                state = "alone"
            else:
                state = ""
            row.cells.append((state, column))
        rows.append(row)
    return Matrix(columns=columns, rows=rows)
