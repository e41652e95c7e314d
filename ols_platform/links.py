"""Links in long lists: a URL reversed once per page with its last id left open, then filled in for each row (a
`reverse` costs as much as the rest of a row). Templates use the `url_with_id_slot` tag and the `fill_id` filter."""

from django.urls import reverse

ID_SLOT = 2147483647  # the largest id a column holds: never a real one in the URL's other arguments


def url_with_id_slot(name: str, *args) -> str:
    """The URL of `name` with `args` and a last id left open."""
    return reverse(name, args=[*args, ID_SLOT])


def fill_id(url_with_slot: str, pk) -> str:
    """`url_with_slot` with `pk` as its last id."""
    head, slot, tail = url_with_slot.rpartition(str(ID_SLOT))
    return f"{head}{int(pk)}{tail}" if slot else url_with_slot
