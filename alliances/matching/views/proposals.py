"""Proposals: answering a call, proposing a partnership to an organisation, one proposal with
what each side may do with it, and an organisation's proposals received and sent."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.lib.ratelimit import (
    contact_limit_hit,
    contact_wait_message,
    with_retry_after,
)
from alliances.matching.access import (
    RECEIVER,
    SENDER,
    ProposalAccess,
    access_call_by_uuid,
    access_proposal_by_uuid,
)
from alliances.matching.forms.proposals import (
    AcceptForm,
    AnswerForm,
    DeclineForm,
    DirectProposalForm,
    ProposalEditForm,
    ScoreForm,
)
from alliances.matching.models import Proposal, ProposalStatus
from alliances.matching.selectors.calls import answering_organisations_for_user, answers_for_user
from alliances.matching.selectors.proposals import answer_for_proposal, proposals_of_organisation
from alliances.matching.services import proposals as services
from alliances.matching.services.calls import answer_refusal
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.models import Organisation
from alliances.partnerships.selectors.workspace import organisations_for_user

NO_ORGANISATION = gettext_lazy(
    "To answer or propose, you need to be an editor or an administrator of an organisation "
    "on Alliances."
)


def _detail_url(proposal: Proposal, anchor: str = "") -> str:
    url = reverse("matching:proposal_detail", args=[proposal.uuid])
    return f"{url}#{anchor}" if anchor else url


def _back_url(request: HttpRequest, proposal: Proposal) -> str:
    """Back to the comparison of answers when the form was sent from there."""
    if request.POST.get("back") == "answers" and proposal.call_id:
        url = reverse("matching:call_answers", args=[proposal.call.uuid])
        return f"{url}#answer-{proposal.uuid}"
    return _detail_url(proposal)


# Sending


@login_required
@require_http_methods(["GET", "POST"])
def call_answer(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid)
    call = access.call
    call_url = reverse("matching:call_detail", args=[call.uuid])
    refusal = answer_refusal(call)
    if refusal:
        messages.error(request, refusal)
        return redirect(call_url)
    organisations = answering_organisations_for_user(user=request.user, call=call)
    if not organisations:
        if access.can(Action.FIND_PARTNERS):
            messages.error(request, _("An organisation cannot answer its own call."))
        else:
            messages.error(request, NO_ORGANISATION)
        return redirect(call_url)
    ids = {organisation.pk for organisation in organisations}
    live = [
        answer
        for answer in answers_for_user(user=request.user, call=call)
        if answer.status != ProposalStatus.WITHDRAWN and answer.from_organisation_id in ids
    ]
    if request.method == "GET" and len(live) >= len(organisations):
        # Each of the user's organisations has answered: their answer is what they look for.
        messages.info(request, services.already_answered_message(live[0].from_organisation))
        return redirect(_detail_url(live[0]))
    queryset = Organisation.objects.filter(pk__in=ids).order_by("name")
    form = AnswerForm(posted_data(request), organisations=queryset)
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = contact_limit_hit(request)
    if wait:
        form.add_error(None, contact_wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_answer(
                call=call,
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                message=form.cleaned_data["message"],
                resources_offered=form.cleaned_data["resources_offered"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your answer has been sent to %(name)s. You will be told when they decide.")
                % {"name": call.organisation.name},
            )
            return redirect(_detail_url(proposal))
    context = {"form": form, "call": call, "receiver": call.organisation, "answered": live}
    status = 400 if form.errors else 200
    response = render(request, "matching/proposal_form.html", context, status=status)
    return with_retry_after(response, wait)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid)
    receiver = access.organisation
    profile_url = reverse("organisations:detail", args=[receiver.uuid])
    if not receiver.is_active or receiver.dissolved_on:
        messages.error(
            request,
            _("%(name)s is no longer active: it cannot receive proposals.")
            % {"name": receiver.name},
        )
        return redirect(profile_url)
    senders = organisations_for_user(user=request.user, action=Action.FIND_PARTNERS)
    if not senders.exclude(pk=receiver.pk).exists():
        if senders.exists():
            messages.error(request, _("An organisation cannot send a proposal to itself."))
        else:
            messages.error(request, NO_ORGANISATION)
        return redirect(profile_url)
    form = DirectProposalForm(posted_data(request), organisations=senders.exclude(pk=receiver.pk))
    # From a suggestion page, the organisation the suggestion was made for writes.
    chosen = request.GET.get("from", "")
    if request.method == "GET" and any(str(o.uuid) == chosen for o in form.organisations):
        form.initial["organisation"] = chosen
    wait = 0
    if request.method == "POST" and form.is_valid():
        wait = contact_limit_hit(request)
    if wait:
        form.add_error(None, contact_wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.proposal_send(
                from_organisation=data["organisation"],
                to_organisation=receiver,
                actor=request.user,
                title=data["title"],
                message=data["message"],
                resources_offered=data["resources_offered"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your proposal has been sent to %(name)s. You will be told when they decide.")
                % {"name": receiver.name},
            )
            return redirect(_detail_url(proposal))
    context = {"form": form, "call": None, "receiver": receiver}
    status = 400 if form.errors else 200
    response = render(request, "matching/proposal_form.html", context, status=status)
    return with_retry_after(response, wait)


# One proposal


def _detail_page(request: HttpRequest, access: ProposalAccess, *, status=200, **bound):
    proposal = access.proposal
    answer = answer_for_proposal(proposal=proposal)
    undecided = proposal.status in services.UNDECIDED
    receiver_acts = access.can_as(RECEIVER, Action.FIND_PARTNERS)
    sender_acts = access.can_as(SENDER, Action.FIND_PARTNERS)
    criteria = list(proposal.call.criteria.all()) if proposal.call_id else []
    decidable = receiver_acts and proposal.status != ProposalStatus.WITHDRAWN
    score_form = None
    if decidable and criteria:
        score_form = bound.get("score_form") or ScoreForm(criteria=criteria, scores=answer.scores)
    accept_form = None
    if receiver_acts and undecided:
        initial = {"roles": services.default_roles(proposal.from_organisation)}
        accept_form = bound.get("accept_form") or AcceptForm(initial=initial)
    context = {
        "proposal": proposal,
        "access": access,
        "answer": answer,
        "title": services.proposal_title(proposal),
        "score_form": score_form,
        "accept_form": accept_form,
        "decline_form": (bound.get("decline_form") or DeclineForm())
        if receiver_acts and undecided
        else None,
        "can_shortlist": receiver_acts and proposal.status == ProposalStatus.SUBMITTED,
        "can_edit": sender_acts
        and undecided
        and not (proposal.call_id and answer_refusal(proposal.call)),
        "can_withdraw": sender_acts and undecided,
    }
    return render(request, "matching/proposal_detail.html", context, status=status)


@login_required
@require_GET
def proposal_detail(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    return _detail_page(request, access_proposal_by_uuid(request.user, proposal_uuid))


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = access_proposal_by_uuid(
        request.user, proposal_uuid, need=Action.FIND_PARTNERS, side=SENDER
    )
    proposal = access.proposal
    if proposal.status not in services.UNDECIDED:
        messages.error(
            request,
            _("This proposal is already %(status)s: it can no longer be changed.")
            % {"status": proposal.get_status_display().lower()},
        )
        return redirect(_detail_url(proposal))
    refusal = answer_refusal(proposal.call) if proposal.call_id else ""
    if refusal:
        messages.error(
            request, _("The answer can no longer be changed: %(reason)s") % {"reason": refusal}
        )
        return redirect(_detail_url(proposal))
    initial = {
        "title": proposal.title,
        "message": proposal.message,
        "resources_offered": proposal.resources_offered,
    }
    form = ProposalEditForm(posted_data(request), initial=initial, with_title=not proposal.call_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_edit(
                access=access,
                actor=request.user,
                title=form.cleaned_data.get("title", ""),
                message=form.cleaned_data["message"],
                resources_offered=form.cleaned_data["resources_offered"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your proposal has been saved."))
            return redirect(_detail_url(proposal))
    context = {
        "form": form,
        "proposal": proposal,
        "call": proposal.call,
        "receiver": proposal.to_organisation,
    }
    status = 400 if form.errors else 200
    return render(request, "matching/proposal_form.html", context, status=status)


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = access_proposal_by_uuid(
        request.user, proposal_uuid, need=Action.FIND_PARTNERS, side=SENDER
    )
    try:
        services.proposal_withdraw(access=access, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Your proposal is withdrawn. %(name)s has been told.")
            % {"name": access.proposal.to_organisation.name},
        )
    return redirect(_detail_url(access.proposal))


def _receiver_access(request: HttpRequest, proposal_uuid: UUID) -> ProposalAccess:
    return access_proposal_by_uuid(
        request.user, proposal_uuid, need=Action.FIND_PARTNERS, side=RECEIVER
    )


@login_required
@require_POST
def proposal_score(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = _receiver_access(request, proposal_uuid)
    proposal = access.proposal
    if not proposal.call_id:
        messages.error(request, _("A proposal sent without a call has no criteria to score."))
        return redirect(_detail_url(proposal))
    form = ScoreForm(request.POST, criteria=list(proposal.call.criteria.all()))
    if not form.is_valid():
        return _detail_page(request, access, status=400, score_form=form)
    try:
        services.proposal_score(access=access, actor=request.user, scores=form.scores)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail_page(request, access, status=400, score_form=form)
    messages.success(
        request,
        _("The scores of %(name)s are saved.") % {"name": proposal.from_organisation.name},
    )
    return redirect(_back_url(request, proposal))


@login_required
@require_POST
def proposal_shortlist(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = _receiver_access(request, proposal_uuid)
    try:
        services.proposal_shortlist(access=access, actor=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s is on the shortlist; they have been told.")
            % {"name": access.proposal.from_organisation.name},
        )
    return redirect(_back_url(request, access.proposal))


@login_required
@require_POST
def proposal_decline(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = _receiver_access(request, proposal_uuid)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, status=400, decline_form=form)
    try:
        services.proposal_decline(access=access, actor=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("The proposal of %(name)s is declined; they have been told.")
            % {"name": access.proposal.from_organisation.name},
        )
    return redirect(_back_url(request, access.proposal))


@login_required
@require_POST
def proposal_accept(request: HttpRequest, proposal_uuid: UUID) -> HttpResponse:
    access = _receiver_access(request, proposal_uuid)
    proposal = access.proposal
    if proposal.status not in services.UNDECIDED:
        messages.error(
            request,
            _("This proposal is already %(status)s.")
            % {"status": proposal.get_status_display().lower()},
        )
        return redirect(_detail_url(proposal))
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, status=400, accept_form=form)
    try:
        partnership = services.proposal_accept(
            access=access,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            patronage_forms=form.cleaned_data["patronage_forms"],
            roles=form.cleaned_data["roles"],
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail_page(request, access, status=400, accept_form=form)
    messages.success(
        request,
        _(
            "The partnership with %(name)s is created: your organisation coordinates it and "
            "%(name)s takes part. Next step: describe what you will do together."
        )
        % {"name": proposal.from_organisation.name},
    )
    return redirect("partnerships:detail", partnership.uuid)


# An organisation's proposals


@login_required
@require_GET
def organisation_proposals(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MATCHING)
    context = {
        "organisation": access.organisation,
        "access": access,
        "proposals": proposals_of_organisation(organisation=access.organisation),
    }
    return render(request, "matching/proposal_organisation_list.html", context)


urlpatterns = [
    path("calls/<uuid:call_uuid>/answer/", call_answer, name="call_answer"),
    path("proposals/<uuid:proposal_uuid>/", proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:proposal_uuid>/edit/", proposal_edit, name="proposal_edit"),
    path("proposals/<uuid:proposal_uuid>/withdraw/", proposal_withdraw, name="proposal_withdraw"),
    path("proposals/<uuid:proposal_uuid>/score/", proposal_score, name="proposal_score"),
    path(
        "proposals/<uuid:proposal_uuid>/shortlist/", proposal_shortlist, name="proposal_shortlist"
    ),
    path("proposals/<uuid:proposal_uuid>/decline/", proposal_decline, name="proposal_decline"),
    path("proposals/<uuid:proposal_uuid>/accept/", proposal_accept, name="proposal_accept"),
    path(
        "organisations/<uuid:organisation_uuid>/propose/",
        proposal_create,
        name="proposal_create",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/proposals/",
        organisation_proposals,
        name="organisation_proposals",
    ),
]
