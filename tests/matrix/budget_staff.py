"""Staff arrangements, who pays whom, import/export and version comparison.

Reading (`view_budget`): every member but the structure reporter, the AVIQ reviewer and the admin; outsiders 404.
Writing (`edit_budget`): coordinators, accountants and the admin; other members and the reviewer 403.
POSTs carry empty data: the form comes back with its errors (200) — nothing changes — or, for the delete and the
import confirmation, a redirect with an error message (302).
"""

from . import Entry, a, expect, only

EDIT = ("coordinator", "accountant")
READ = expect(structure_reporter=403)


def _arrangement(cast):
    from tests.budget.staff_fixtures import add_arrangement, pdf

    arrangement = add_arrangement(cast, file=pdf())
    return a(cast) | {"arrangement_id": arrangement.pk}


ENTRIES = [
    Entry("budget:arrangements", READ, kwargs=a),
    Entry("budget:arrangement_create", only(EDIT), kwargs=a),
    Entry("budget:arrangement_create", only(EDIT), kwargs=a, method="post"),
    Entry("budget:arrangement_edit", only(EDIT), kwargs=_arrangement),
    Entry("budget:arrangement_edit", only(EDIT), kwargs=_arrangement, method="post"),
    Entry("budget:arrangement_delete", only(EDIT, ok=302), kwargs=_arrangement, method="post"),
    Entry("budget:arrangement_document", READ, kwargs=_arrangement),
    Entry("budget:arrangement_history", READ, kwargs=a),
    Entry("budget:flows", READ, kwargs=a),
    Entry("budget:import", only(EDIT), kwargs=a),
    Entry("budget:import", only(EDIT), kwargs=a, method="post"),
    Entry("budget:import_confirm", only(EDIT, ok=302), kwargs=a, method="post"),
    Entry("budget:import_template", only(EDIT), kwargs=a),
    Entry("budget:export", READ, kwargs=a),
    Entry("budget:compare", READ, kwargs=a),
]
