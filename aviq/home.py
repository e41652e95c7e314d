"""The AVIQ reviewer's part of the home page: the oldest items waiting for review and the support requests waiting
for an answer (three queries)."""

from review.models import ItemKind

from .models import SupportRequest
from .review import selectors

HOME_QUEUE_ROWS = 5


def home_context() -> dict:
    rows = list(selectors.queue()[:HOME_QUEUE_ROWS])
    for row in rows:
        row["title"] = selectors.queue_title(row)
        row["submitter"] = selectors.submitter_name(row)
        row["kind_label"] = ItemKind(row["kind"]).label
    count = len(rows) if len(rows) < HOME_QUEUE_ROWS else selectors.queue_count()
    waiting_support = SupportRequest.objects.filter(status=SupportRequest.Status.OPEN).count()
    return {"queue_rows": rows, "queue_count": count, "waiting_support": waiting_support}
