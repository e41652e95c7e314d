"""What the consortium pages share: the decorator that opens each of them (login, methods, the access gate), the
URLs the coordinator pages return to, lookups inside the consortium of the URL, the page context, and how a
service's refusal, a confirmation or a stale save is shown on a form."""

import functools

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ols_platform.collation import french_key
from ols_platform.errors import ConflictError, DomainError
from ols_platform.fragments import (
    MAX_CACHED_QUERY,
    cached_fragment,
    consortium_scope,
    fill_personal,
    fragment_context,
)

from ..forms import ConfirmForm
from ..models import Membership, Structure
from ..permissions import consortium_access


def consortium_page(perm: str | None = None, methods=("GET", "POST")):
    """A page of the consortium of the URL: logged in, `methods` only, then the one gate (outsiders 404, members
    without `perm` 403). The view receives the `Access` in place of `consortium_id`."""

    def decorate(view):
        @login_required
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def page(request, consortium_id, **kwargs):
            return view(request, consortium_access(request.user, consortium_id, perm), **kwargs)

        return page

    return decorate


def add_domain_error(form, exc: DomainError) -> None:
    """A refusal from a service shown on the form: on the field it names, else at the top."""
    field = exc.field if exc.field in form.fields and not form.fields[exc.field].widget.is_hidden else None
    form.add_error(field, exc.message)


def structure_url(consortium, structure_id) -> str:
    return reverse("consortia:structure", kwargs={"consortium_id": consortium.pk, "structure_id": structure_id})


def members_url(consortium) -> str:
    return reverse("consortia:members", kwargs={"consortium_id": consortium.pk})


def links_url(consortium) -> str:
    return reverse("consortia:links_manage", kwargs={"consortium_id": consortium.pk})


def roles_url(consortium) -> str:
    return reverse("consortia:roles", kwargs={"consortium_id": consortium.pk})


def structure_of(consortium, structure_id, queryset=None) -> Structure:
    """A structure of this consortium, else 404."""
    queryset = Structure.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset, pk=structure_id, memberships__consortium=consortium)


def membership_of(consortium, membership_id) -> Membership:
    return get_object_or_404(Membership.objects.select_related("structure"), pk=membership_id, consortium=consortium)


def posted(request):
    """The POST data to bind a form to (even an empty POST shows the form's errors), or None on GET."""
    return request.POST if request.method == "POST" else None


def submit(form, act):
    """What `act()` (a service call) returns, or None when the service refuses: its reason is then on the form."""
    try:
        return act()
    except DomainError as exc:
        add_domain_error(form, exc)
        return None


def save_unless_stale(form, act, reread):
    """Run `act()`, a service write checked against the versions the form carries; returns (saved, conflicts,
    the record as it now is or None).

    On a stale save, `reread()` gives (record, its values by form field, its versions by hidden field): the form
    then shows what changed and carries the new versions, so a second, informed save goes through. Any other
    refusal is shown on the form.
    """
    try:
        act()
    except ConflictError as exc:
        record, values, versions = reread()
        return False, refuse_stale(form, exc, values, versions), record
    except DomainError as exc:
        add_domain_error(form, exc)
        return False, [], None
    return True, [], None


def confirm_then(request, act) -> tuple[ConfirmForm, bool]:
    """The confirmation form of a destructive action and whether it ran: on a confirmed POST `act()` runs, and a
    service's refusal is shown at the top of the form instead."""
    form = ConfirmForm(posted(request))
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        act()
    except DomainError as exc:
        form.add_error(None, exc.message)
        return form, False
    return form, True


def page_context(access, section, **extra) -> dict:
    return {"access": access, "consortium": access.consortium, "section": section, **extra}


def _display(form, name, value) -> str:
    """A value as the form shows it (choice labels, Oui/Non, names), for the conflict table."""
    field = form.fields[name]
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if name == "life_basins":
        return ", ".join(sorted((basin.name for basin in value), key=french_key)) or "—"
    choices = dict(getattr(field, "choices", []) or [])
    if choices and value in choices:
        return str(choices[value]) or "—"
    return str(value) if value not in (None, "") else "—"


def _conflicts(form, current_values: dict) -> list[dict]:
    """The fields where the record now differs from what the person submitted."""
    rows = []
    for name, current in current_values.items():
        mine = form.cleaned_data.get(name)
        if name == "life_basins":
            differs = {b.pk for b in current} != {b.pk for b in (mine or [])}
        else:
            differs = current != mine
        if differs:
            rows.append(
                {
                    "label": form.fields[name].label,
                    "current": _display(form, name, current),
                    "mine": _display(form, name, mine),
                }
            )
    return rows


def refuse_stale(form, exc: ConflictError, current_values: dict, versions: dict) -> list[dict]:
    """Refuse the save, show what changed, and let a second, informed save go through.

    `versions` are the records' current versions, by hidden field: the form now carries them.
    """
    form.add_error(None, exc.message)
    conflicts = _conflicts(form, current_values)
    form.data = form.data.copy()
    for name, version in versions.items():
        form.data[name] = version
    return conflicts


READER_SLOT = "<!--ols-reader-->"


def render_cached_page(request, access, section: str, *, title, body: str, build, cached=True, for_reader: str = ""):
    """A read page whose body (`body` template, with `build()`'s context) is the same for everyone with the same
    permissions: rendered once per consortium revision, language, day and query string, then served from the cache
    (ols_platform.fragments). `build` runs on a miss only, so a hit costs no query.

    The whole query string is in the key, not only the parameters the page reads: a body shows the others too (page
    links keep every parameter), and a made-up one must not end up in the page everyone else is served.

    `title` is the page's own (the consortium's name follows it; None: the name alone).
    The body's forms get the reader's CSRF token and fresh one-time tokens when the page is served. `cached=False`
    renders it for this request only (a form sent back with its errors). `for_reader`: HTML made for this reader
    alone, never cached (what AVIQ wrote about the consortium's item, say), put where the body has its slot."""

    def render_body():
        return render_to_string(body, fragment_context(page_context(access, section, **build())), request)

    query = request.META.get("QUERY_STRING", "")
    if not cached or len(query) > MAX_CACHED_QUERY:
        html = render_body()
    else:
        parts = (
            body,
            consortium_scope(access),
            get_language(),
            timezone.localdate().isoformat(),
            tuple(sorted(request.GET.lists())),
        )
        html = cached_fragment(parts, render_body)
    html = fill_personal(html, request)
    if for_reader:
        html = mark_safe(html.replace(READER_SLOT, for_reader, 1))  # noqa: S308 — both parts are rendered templates
    name = access.consortium.name
    title = f"{title} · {name}" if title else name
    return render(request, "consortia/pages/cached.html", page_context(access, section, title=title, body=html))
