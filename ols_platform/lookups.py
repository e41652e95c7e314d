"""Finding one object by an id that comes from outside (a URL, a form field), the same way in every app.

Selectors answer None for an id that names nothing they may show (unknown, another consortium's, not an id at
all); views turn that None into a 404 with `or_404`, so that "not yours" and "does not exist" look the same.
"""

from django.http import Http404

from .validators import object_id


def one_by_id(queryset, raw_id):
    """The object of `queryset` with the id `raw_id`, or None (also when `raw_id` cannot be an id)."""
    pk = object_id(raw_id)
    return None if pk is None else queryset.filter(pk=pk).first()


def or_404(found):
    """`found`, or a 404 when there is nothing."""
    if found is None:
        raise Http404
    return found
