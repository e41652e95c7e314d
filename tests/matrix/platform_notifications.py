"""The notifications page: every logged-in person reads their own notifications and marks them read; opening
someone else's notification is a 404 (the matrix's actors own none of the one built here but the coordinator)."""

from . import ACTORS, Entry

everyone_logged_in = {actor: 200 for actor in ACTORS} | {"anonymous": 302}


def _coordinators_notification(cast):
    from ols_platform.notifications import notify

    (row,) = notify([cast.users["coordinator"]], kind="test", title="Une proposition est ouverte", url="/")
    return {"notification_id": row.pk}


ENTRIES = [
    Entry("notifications", everyone_logged_in),
    Entry("notifications_read_all", {actor: 302 for actor in ACTORS}, method="post"),
    Entry(
        "notification_open",
        {actor: 404 for actor in ACTORS} | {"anonymous": 302, "coordinator": 302},
        kwargs=_coordinators_notification,
    ),
]
