"""Writes of review events and comments. The checks that need the item itself (is it submitted? does the line
belong to it?) are made by the caller (aviq.review.services), which knows every kind of item."""

from django.utils.translation import gettext as _

from consortia.permissions import is_aviq_staff
from ols_platform.audit import author_of, log_action
from ols_platform.errors import DomainError

from .models import COMMENT_MAX_LENGTH, ITEM_OF_TARGET, Comment, ReviewEvent, Target, Visibility


def record_event(*, actor, consortium_id: int, item_kind: str, item_id: int, action: str, comment: str = ""):
    """Add a step to an item's history. Call it inside the transaction of the workflow change it describes."""
    return ReviewEvent.objects.create(
        consortium_id=consortium_id,
        item_kind=item_kind,
        item_id=item_id,
        action=action,
        actor=author_of(actor),
        comment=str(comment or "")[:COMMENT_MAX_LENGTH],
    )


def clean_comment_text(value) -> str:
    text = str(value if value is not None else "").replace("\x00", "").strip()
    if not text:
        raise DomainError(_("Écrivez le commentaire."), code="invalid_comment", field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(_("Le commentaire ne peut dépasser 4 000 caractères."), code="invalid_comment", field="text")
    return text


def clean_review_text(value, *, field: str, required_message: str | None = None) -> str:
    """A submission's note or a decision's reasons: NUL removed, trimmed, at most 4 000 characters; required when
    `required_message` says why (the reasons of a request for changes)."""
    text = str(value if value is not None else "").replace("\x00", "").strip()
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(_("Le texte ne peut dépasser 4 000 caractères."), code="invalid_comment", field=field)
    if required_message and not text:
        raise DomainError(required_message, code="invalid_comment", field=field)
    return text


def clean_visibility(value) -> str:
    if value not in Visibility.values:
        raise DomainError(
            _("Choisissez la visibilité : publique (le consortium la lit) ou privée (l'AVIQ seulement)."),
            code="invalid_visibility",
            field="visibility",
        )
    return value


def comment_create(
    *, actor, consortium_id: int, item_id: int, target: str, target_id: int, target_label: str, text, visibility
) -> Comment:
    """An AVIQ reviewer's comment on an item or one of its parts. Only AVIQ staff and platform admins comment."""
    if not is_aviq_staff(actor):
        raise DomainError(_("Seule l'AVIQ commente les objets soumis."), code="not_reviewer")
    if target not in Target.values:
        raise DomainError(_("Cet élément ne peut pas être commenté."), code="invalid_target", field="target")
    text = clean_comment_text(text)
    visibility = clean_visibility(visibility)
    comment = Comment.objects.create(
        consortium_id=consortium_id,
        item_kind=ITEM_OF_TARGET[target],
        item_id=item_id,
        target=target,
        target_id=target_id,
        target_label=str(target_label or "")[:200],
        text=text,
        visibility=visibility,
        author=author_of(actor),
    )
    # The action log is read by consortium pages: a private annotation's text stays out of it.
    log_action(
        "review.commented",
        actor=actor,
        consortium=consortium_id,
        data={"target": target, "target_id": target_id, "visibility": visibility},
    )
    return comment
