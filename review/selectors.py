"""Reads of comments and review history. `visible_comments` is the one place the private-annotation rule is written:
every page, API endpoint, export and document that shows comments goes through it."""

from consortia.permissions import is_aviq_staff

from .models import Comment, ReviewEvent, Visibility


def visible_comments(viewer, queryset=None):
    """The comments `viewer` may read: all of them for AVIQ staff and platform admins, the public ones for everyone
    else (a consortium's members never read a private annotation, whatever their role)."""
    queryset = Comment.objects.all() if queryset is None else queryset
    if not is_aviq_staff(viewer):
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    return queryset.select_related("author")


def item_comments(viewer, *, consortium_id: int, item_kind: str, item_id: int):
    """The comments on one item that `viewer` may read, oldest first (one query)."""
    return visible_comments(viewer).filter(consortium_id=consortium_id, item_kind=item_kind, item_id=item_id)


def comments_by_target(comments) -> dict[tuple[str, int], list[Comment]]:
    """{(target, target_id): [comments]}: to show each comment beside the line or section it is about."""
    grouped: dict[tuple[str, int], list[Comment]] = {}
    for comment in comments:
        grouped.setdefault((comment.target, comment.target_id), []).append(comment)
    return grouped


def item_history(*, consortium_id: int, item_kind: str, item_id: int):
    """The review events of one item, oldest first (one query). Every event is seen by the consortium too."""
    return ReviewEvent.objects.filter(consortium_id=consortium_id, item_kind=item_kind, item_id=item_id).select_related(
        "actor"
    )


def panel(viewer, *, consortium_id: int, item_kind: str, item_id: int) -> dict:
    """What `review/_panel.html` shows on a consortium's page of the item: the comments `viewer` may read and the
    history (two queries)."""
    item = {"consortium_id": consortium_id, "item_kind": item_kind, "item_id": item_id}
    return {"comments": list(item_comments(viewer, **item)), "events": list(item_history(**item))}
