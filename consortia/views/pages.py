"""Read pages of a consortium: overview, members and partners, a structure, coverage, eligibility (the network has
its own module, views/network.py).

Thin: the access gate, then selectors. Each page runs a fixed number of queries whatever the data.
"""

import django_filters
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ols_platform.collation import french
from ols_platform.pagination import CountedPaginator

from .. import selectors
from ..models import Level, Membership, Sector
from ..permissions import may_edit_contact
from .common import consortium_page, page_context, render_cached_page

MEMBERS_PER_PAGE = 50


@consortium_page(methods=("GET", "HEAD"))
def consortium_detail(request, access):
    consortium = access.consortium
    return render_cached_page(
        request,
        access,
        "overview",
        title=None,
        body="consortia/detail_body.html",
        build=lambda: {
            "lead": selectors.lead_membership(consortium),
            "life_basins": list(consortium.territory.life_basins.all()),
            "counts": selectors.membership_counts(consortium),
            "eligibility": selectors.eligibility_summary(consortium),
        },
    )


# --- members and partners --------------------------------------------------------------------------------


class MembershipFilter(django_filters.FilterSet):
    """Filters of the members table (GET). An unknown value is reported and ignored, never an error page."""

    role = django_filters.ChoiceFilter(
        label=gettext_lazy("Rôle"), choices=Membership.Role.choices, empty_label=gettext_lazy("Tous les rôles")
    )
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Niveau"),
        field_name="structure__level",
        choices=Level.choices,
        empty_label=gettext_lazy("Tous les niveaux"),
    )
    sector = django_filters.ChoiceFilter(
        label=gettext_lazy("Secteur"),
        field_name="structure__sector",
        choices=Sector.choices,
        empty_label=gettext_lazy("Tous les secteurs"),
    )

    class Meta:
        model = Membership
        fields = ["role", "level", "sector"]

    def show_counts(self, facets: selectors.Facets) -> None:
        """Label each choice with how many structures of the consortium it holds: « Membre (12) »."""
        for name, choices in (
            ("role", Membership.Role.choices),
            ("level", Level.choices),
            ("sector", Sector.choices),
        ):
            counted = getattr(facets, name)
            self.form.fields[name].choices = [(value, f"{label} ({counted.get(value, 0)})") for value, label in choices]


@consortium_page(methods=("GET", "HEAD"))
def members(request, access):
    return render_cached_page(
        request,
        access,
        "members",
        title=_("Membres et partenaires"),
        body="consortia/pages/members_body.html",
        build=lambda: members_table(request, access.consortium),
    )


def members_table(request, consortium) -> dict:
    """A page of the table, grouped by level (macro, méso, micro: the order of their codes), each group headed by
    how many of the filtered structures it holds (counted in SQL); the export and the API give everything."""
    facets = selectors.membership_facets(consortium)
    filters = MembershipFilter(request.GET or None, queryset=selectors.memberships_of(consortium))
    filters.show_counts(facets)
    shown = filters.qs.order_by("structure__level", "-is_lead", french("structure__name").asc(), "structure_id")
    chosen = filters.form.cleaned_data if filters.is_bound else {}
    level_counts = facets.matching(*(chosen.get(name) or None for name in ("role", "level", "sector")))
    paginator = CountedPaginator(shown, MEMBERS_PER_PAGE, count=sum(level_counts.values()))
    page = paginator.get_page(request.GET.get("page"))
    ignored = [
        (
            filters.form[name].auto_id,
            _("%(field)s : valeur « %(value)s » inconnue, filtre ignoré.")
            % {"field": filters.form.fields[name].label, "value": request.GET.get(name, "")[:40]},
        )
        for name in filters.form.errors
    ]
    return {
        "filters": filters,
        "page": page,
        "rows": list(page),
        "facets": facets,
        "ignored": ignored,
        "filtered": any(chosen.get(name) for name in ("role", "level", "sector")),
        "levels": dict(Level.choices),
        "level_counts": level_counts,
    }


# --- one structure ---------------------------------------------------------------------------------------


@consortium_page(methods=("GET", "HEAD"))
def structure(request, access, structure_id):
    consortium = access.consortium
    membership = selectors.membership_in(consortium, structure_id)
    if membership is None:  # not in this consortium, even if it exists elsewhere
        raise Http404
    the_structure = membership.structure
    links = selectors.structure_links(consortium, the_structure)
    history, history_total = selectors.structure_history(consortium, the_structure)
    return render(
        request,
        "consortia/pages/structure.html",
        page_context(
            access,
            "members",
            membership=membership,
            structure=the_structure,
            links_out=links["out"],
            links_in=links["in"],
            history=history,
            history_total=history_total,
            can_edit_contact=may_edit_contact(request.user, access, membership),
        ),
    )


# --- coverage and eligibility: one selector each ----------------------------------------------------------


def _selector_page(*, body: str, section: str, title, name: str, selector):
    """A read page that shows what one selector computes for the consortium, under `name`."""

    @consortium_page(methods=("GET", "HEAD"))
    def view(request, access):
        consortium = access.consortium
        return render_cached_page(
            request,
            access,
            section,
            title=title,
            body=body,
            build=lambda: {name: selector(consortium)},
        )

    return view


coverage = _selector_page(
    body="consortia/pages/coverage_body.html",
    section="coverage",
    title=gettext_lazy("Couverture"),
    name="coverage",
    selector=selectors.coverage,
)
eligibility = _selector_page(
    body="consortia/pages/eligibility_body.html",
    section="eligibility",
    title=gettext_lazy("Éligibilité"),
    name="eligibility",
    selector=selectors.eligibility_summary,
)
