"""Proposals: the list, preparing one (operational team, coordination), its page with the vote, opening and closing
the vote, answering an objection. Voting needs no role permission but a seat (`permissions.voting_seat`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from consortia.views.common import consortium_page, page_context, posted, save_unless_stale, submit
from ols_platform.errors import DomainError

from .. import selectors
from ..forms import AnswerForm, CloseForm, OpenForm, ProposalForm, VoteForm
from ..models import Proposal, Vote
from ..permissions import PREPARE_DECISIONS
from ..services import proposals as proposal_services
from ..services import votes as vote_services
from ..services.common import proposal_url
from .bodies import SECTION, body_of

PER_PAGE = 25


def proposal_of(consortium, proposal_id) -> Proposal:
    proposal = selectors.visible_proposal(consortium, proposal_id)
    if proposal is None:
        raise Http404
    return proposal


@consortium_page(methods=("GET",))
def proposal_list(request, access):
    status = request.GET.get("status")
    status = status if status in Proposal.Status.values else None
    proposals = selectors.proposals_of(access.consortium, status=status)
    page = Paginator(proposals, PER_PAGE).get_page(request.GET.get("page"))
    context = page_context(access, SECTION, page=page, status=status, statuses=Proposal.Status.choices)
    return render(request, "governance/proposals.html", context)


@consortium_page(PREPARE_DECISIONS)
def proposal_create(request, access):
    initial = {}
    if request.method == "GET" and request.GET.get("body", "").isdigit():
        initial["body"] = body_of(access.consortium, int(request.GET["body"]))
    form = ProposalForm(posted(request), consortium=access.consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        proposal = submit(
            form,
            lambda: proposal_services.proposal_create(
                actor=request.user, consortium=access.consortium, data=form.proposal_data()
            ),
        )
        if proposal:
            messages.success(
                request, _("La proposition est enregistrée en préparation : ouvrez le vote quand elle est prête.")
            )
            return redirect(proposal_url(proposal))
    return render(request, "governance/proposal_form.html", page_context(access, SECTION, form=form, proposal=None))


@consortium_page(PREPARE_DECISIONS)
def proposal_edit(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    if proposal.status == Proposal.Status.CLOSED:
        raise PermissionDenied
    initial = {name: getattr(proposal, name) for name in ("body", "title", "context", "options", "domain", "method")}
    initial |= {"quorum": proposal.quorum, "version": proposal.version}
    form = ProposalForm(posted(request), consortium=access.consortium, initial=initial, editing=True)
    conflicts = []
    if request.method == "POST" and form.is_valid():
        saved, conflicts, _current = save_unless_stale(
            form,
            lambda: proposal_services.proposal_update(
                actor=request.user,
                proposal=proposal,
                data=form.proposal_data(),
                expected_version=form.cleaned_data["version"],
            ),
            lambda: _reread(access.consortium, proposal_id),
        )
        if saved:
            messages.success(request, _("La proposition est enregistrée."))
            return redirect(proposal_url(proposal))
    context = page_context(access, SECTION, form=form, proposal=proposal, conflicts=conflicts)
    return render(request, "governance/proposal_form.html", context)


def _reread(consortium, proposal_id):
    proposal = proposal_of(consortium, proposal_id)
    values = {name: getattr(proposal, name) for name in ("body", "title", "context", "options", "domain", "method")}
    return proposal, values | {"quorum": proposal.quorum}, {"version": proposal.version}


@consortium_page(methods=("GET",))
def proposal_detail(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    return render(request, "governance/proposal.html", _detail_context(request, access, proposal))


def _detail_context(request, access, proposal, **forms):
    seats = selectors.seats_with_votes(proposal)
    mine = selectors.my_voting_seats(request.user, proposal)
    can_vote = proposal.status == Proposal.Status.OPEN and mine.exists()
    context = {
        "proposal": proposal,
        "seats": seats,
        "tally": selectors.live_tally(proposal, seats),
        "can_vote": can_vote,
        "vote_form": forms.get("vote_form") or (VoteForm(proposal=proposal, seats=mine) if can_vote else None),
        "open_form": forms.get("open_form") or OpenForm(initial={"version": proposal.version}),
        "close_form": forms.get("close_form") or CloseForm(),
        "answer_form": AnswerForm(),
        "attachments": list(proposal.attachments.all()),
    }
    if proposal.status == Proposal.Status.CLOSED:
        context["decision"] = getattr(proposal, "decision", None)
    else:
        context["autonomy_warning"] = selectors.autonomy_warning(proposal.body, proposal.domain)
    return page_context(access, SECTION, **context)


@consortium_page(methods=("POST",))
def proposal_vote(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    mine = selectors.my_voting_seats(request.user, proposal)
    if not mine.exists():
        raise PermissionDenied
    form = VoteForm(request.POST, proposal=proposal, seats=mine)
    if form.is_valid():
        vote = submit(
            form,
            lambda: vote_services.vote_cast(
                actor=request.user,
                proposal=proposal,
                seat=form.cleaned_data["seat"],
                choice=form.cleaned_data["choice"],
                reason=form.cleaned_data["reason"],
            ),
        )
        if vote:
            messages.success(
                request,
                _("Votre vote pour %(seat)s est enregistré : %(choice)s. Vous pouvez le changer jusqu'à la clôture.")
                % {"seat": vote.seat, "choice": vote.get_choice_display().lower()},
            )
            return redirect(_back_to(request) or proposal_url(proposal))
    context = _detail_context(request, access, proposal, vote_form=form)
    return render(request, "governance/proposal.html", context, status=400)


def _back_to(request) -> str | None:
    """Where a vote cast from the home page returns: `next`, when it is a path of this site."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def proposal_open(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    form = OpenForm(request.POST)
    if form.is_valid():
        opened = submit(
            form,
            lambda: proposal_services.proposal_open(
                actor=request.user,
                proposal=proposal,
                opens_at=form.cleaned_data["opens_at"],
                closes_at=form.cleaned_data["closes_at"],
                expected_version=form.cleaned_data["version"],
            ),
        )
        if opened:
            messages.success(request, _("Le vote est ouvert : les membres de l'instance sont prévenus par e-mail."))
            return redirect(proposal_url(proposal))
    context = _detail_context(request, access, proposal, open_form=form)
    return render(request, "governance/proposal.html", context, status=400)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def proposal_close(request, access, proposal_id):
    proposal = proposal_of(access.consortium, proposal_id)
    form = CloseForm(request.POST)
    if form.is_valid():
        decision = submit(
            form,
            lambda: proposal_services.proposal_close(
                actor=request.user, proposal=proposal, rationale=form.cleaned_data["rationale"]
            ),
        )
        if decision:
            messages.success(
                request,
                _("Le vote est clos : décision %(ref)s, %(outcome)s.")
                % {"ref": decision.reference, "outcome": decision.get_outcome_display().lower()},
            )
            return redirect(proposal_url(proposal))
    context = _detail_context(request, access, proposal, close_form=form)
    return render(request, "governance/proposal.html", context, status=400)


@consortium_page(PREPARE_DECISIONS, methods=("POST",))
def objection_answer(request, access, vote_id):
    vote = get_object_or_404(
        Vote.objects.select_related("proposal"), pk=vote_id, proposal__consortium=access.consortium
    )
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            vote_services.objection_answer(actor=request.user, vote=vote, response=form.cleaned_data["response"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Votre réponse est envoyée à %s.") % vote.seat)
    else:
        messages.error(request, _("Écrivez votre réponse à l'objection."))
    return redirect(proposal_url(vote.proposal))
