"""The staff arrangements API (`/api/v1/consortia/{id}/staff-arrangements/`).

Reading (`view_budget`): every member but the structure reporter, the AVIQ reviewer and the admin; outsiders 404,
anonymous callers 401. Writing (`edit_budget`): coordinators, accountants and the admin; other members and the
reviewer 403.
"""

from . import Entry, a, expect, only

EDITORS = ("coordinator", "accountant")
api_readers = expect(anonymous=401, structure_reporter=403)


def _arrangement(cast):
    from tests.budget.staff_fixtures import add_arrangement, pdf

    arrangement = add_arrangement(cast, file=pdf())
    return a(cast) | {"pk": arrangement.pk}


def _new_arrangement_body(cast):
    """A valid arrangement on a fresh personnel line (each allowed caller creates its own)."""
    from tests.budget.conftest import add_line

    line = add_line(cast, "30000.00", structure=cast.member_a, label="Matrice API")
    return {
        "kind": "secondment",
        "employer": cast.member_a.pk,
        "person": "Infirmière",
        "fte": "0.5",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "monthly_cost": "2000.00",
        "lines": [line.pk],
    }


def _arrangements(cast):
    from budget.staff.models import StaffArrangement

    return list(StaffArrangement.objects.values_list("pk", "person", "version").order_by("pk"))


def _version(cast):
    from budget.staff.models import StaffArrangement

    return StaffArrangement.objects.get().version


def _full_body(cast):
    from budget.staff.models import StaffArrangement

    arrangement = StaffArrangement.objects.get()
    return {
        "kind": "convention",
        "employer": arrangement.employer_id,
        "person": "Infirmière référente",
        "fte": "0.5",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "monthly_cost": "2000.00",
        "lines": [line.pk for line in arrangement.lines.all()],
    }


ENTRIES = [
    Entry("consortium-staff-arrangement-list", api_readers, kwargs=a, api=True),
    Entry("consortium-staff-arrangement-detail", api_readers, kwargs=_arrangement, api=True),
    Entry(
        "consortium-staff-arrangement-list",
        only(EDITORS, ok=201, anonymous=401),
        kwargs=a,
        method="post",
        api=True,
        data=_new_arrangement_body,
    ),
    Entry(
        "consortium-staff-arrangement-detail",
        only(EDITORS, anonymous=401),
        kwargs=_arrangement,
        method="patch",
        api=True,
        data=lambda cast: {"person": "Infirmière référente", "version": _version(cast)},
        snapshot=_arrangements,
    ),
    Entry(
        "consortium-staff-arrangement-detail",
        only(EDITORS, anonymous=401),
        kwargs=_arrangement,
        method="put",
        api=True,
        data=lambda cast: _full_body(cast) | {"version": _version(cast)},
        snapshot=_arrangements,
    ),
    Entry(
        "consortium-staff-arrangement-detail",
        only(EDITORS, ok=204, anonymous=401),
        kwargs=_arrangement,
        method="delete",
        api=True,
        data=lambda cast: {"version": _version(cast)},
        snapshot=_arrangements,
    ),
]
