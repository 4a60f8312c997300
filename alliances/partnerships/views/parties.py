"""Parties pages: who takes part, invitations and their answers, roles and departures."""

import re
from urllib.parse import urlencode
from uuid import UUID

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.organisations.models import Organisation
from alliances.partnerships.access import (
    PartnershipAccess,
    access_invitation_by_uuid,
    access_partnership_by_uuid,
)
from alliances.partnerships.forms.parties import (
    AnswerForm,
    InviteEmailForm,
    InviteOrganisationForm,
    LeaveForm,
    PartyRolesForm,
    TokenAnswerForm,
    role_choices,
)
from alliances.partnerships.models import Party, PartyStatus
from alliances.partnerships.selectors import workspace as selectors
from alliances.partnerships.selectors.workspace import InvitationState
from alliances.partnerships.services import parties as services

# What secrets.token_urlsafe produces; anything else cannot be a token (and a NUL byte
# would make PostgreSQL refuse the query).
TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _parties_page(
    request: HttpRequest,
    access: PartnershipAccess,
    *,
    status: int = 200,
    error: str = "",
    leave_form: LeaveForm | None = None,
) -> HttpResponse:
    if error:
        messages.error(request, error)
    partnership = access.partnership
    parties = selectors.parties_in_partnership(partnership=partnership)
    leaving = access.parties_for(Action.LEAVE_PARTNERSHIP)
    coordinator_blocked = any(party.is_coordinator for party in leaving) and (
        len(parties.active) > 1 or parties.invited
    )
    context = {
        "partnership": partnership,
        "access": access,
        "current": "parties",
        "parties": parties,
        "can_manage": access.can(Action.MANAGE_PARTIES) and not partnership.is_closed,
        "role_choices": role_choices(),
        "leaving_parties": leaving if not partnership.is_closed else [],
        "coordinator_blocked": coordinator_blocked,
        "leave_form": leave_form or LeaveForm(),
    }
    return render(request, "partnerships/party_list.html", context, status=status)


@login_required
@require_safe
def party_list(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _parties_page(request, access)


@login_required
@require_http_methods(["GET", "POST"])
def party_invite(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.MANAGE_PARTIES)
    partnership = access.partnership
    data = posted_data(request)
    which = data.get("invite") if data is not None else None
    org_form = InviteOrganisationForm(data if which == "organisation" else None, prefix="org")
    email_form = InviteEmailForm(data if which == "email" else None, prefix="email")
    source = data if data is not None else request.GET
    q = " ".join(source.get("q", "").replace("\x00", "").split())[:100]
    status = 200
    if data is not None:
        status = 400
        if which == "organisation" and org_form.is_valid():
            # What the directory shows this user: public profiles and their own.
            organisation = (
                Organisation.objects.filter(uuid=org_form.cleaned_data["organisation"])
                .filter(Q(is_public=True) | Q(memberships__user=request.user))
                .distinct()
                .first()
            )
            if organisation is None:
                org_form.add_error(None, _("Search the directory, then choose an organisation."))
            else:
                try:
                    party = services.party_invite_organisation(
                        access=access,
                        actor=request.user,
                        organisation=organisation,
                        roles=org_form.cleaned_data["roles"],
                        message=org_form.cleaned_data["message"],
                    )
                except ValidationError as exc:
                    add_service_errors(org_form, exc)
                else:
                    messages.success(
                        request,
                        _("%(name)s has been invited; its administrators have been told.")
                        % {"name": party},
                    )
                    return redirect("partnerships:parties", partnership.uuid)
        elif which == "email" and email_form.is_valid():
            try:
                party = services.party_invite_email(
                    access=access,
                    actor=request.user,
                    email=email_form.cleaned_data["email"],
                    name=email_form.cleaned_data["name"],
                    roles=email_form.cleaned_data["roles"],
                    message=email_form.cleaned_data["message"],
                )
            except ValidationError as exc:
                add_service_errors(email_form, exc)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.") % {"email": party.invited_email},
                )
                return redirect("partnerships:parties", partnership.uuid)
        elif which not in ("organisation", "email"):
            messages.error(request, _("Choose whom to invite: an organisation or an e-mail."))
    candidates = selectors.invite_candidates_in_partnership(
        partnership=partnership, user=request.user, text=q
    )
    chosen = org_form["organisation"].value() if org_form.is_bound else None
    context = {
        "partnership": partnership,
        "access": access,
        "current": "parties",
        "q": q,
        "candidates": [
            (
                candidate,
                services.invite_refusal(
                    organisation=candidate.organisation,
                    party=candidate.party,
                    has_members=candidate.has_members,
                ),
            )
            for candidate in candidates
        ],
        "chosen": str(chosen or ""),
        "org_form": org_form,
        "email_form": email_form,
    }
    template = "partnerships/party_invite.html"
    if request.htmx and request.method == "GET" and not request.htmx.history_restore_request:
        template += "#candidates"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def party_roles(request: HttpRequest, partnership_uuid: UUID, party_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid, need=Action.MANAGE_PARTIES)
    party = get_object_or_404(
        Party.objects.select_related("organisation"),
        uuid=party_uuid,
        partnership=access.partnership,
    )
    form = PartyRolesForm(request.POST)
    if not form.is_valid():
        return _parties_page(request, access, status=400, error=_refusal_of_form(form))
    try:
        party = services.party_change_roles(
            access=access, actor=request.user, party=party, roles=form.cleaned_data["roles"]
        )
    except ValidationError as exc:
        return _parties_page(request, access, status=400, error=_refusal(exc))
    messages.success(
        request,
        _("Roles of %(name)s: %(roles)s.")
        % {"name": party, "roles": ", ".join(party.role_labels())},
    )
    return redirect("partnerships:parties", access.partnership.uuid)


def _refusal_of_form(form) -> str:
    return " ".join(message for errors in form.errors.values() for message in errors)


@login_required
@require_POST
def party_leave(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(
        request.user, partnership_uuid, need=Action.LEAVE_PARTNERSHIP
    )
    form = LeaveForm(request.POST)
    if not form.is_valid():
        return _parties_page(request, access, status=400, leave_form=form)
    party = None
    if form.cleaned_data["party"]:
        party = get_object_or_404(
            Party, uuid=form.cleaned_data["party"], partnership=access.partnership
        )
    try:
        left = services.party_leave(
            access=access, actor=request.user, reason=form.cleaned_data["reason"], party=party
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            add_service_errors(form, exc)
            return _parties_page(request, access, status=400, leave_form=form)
        return _parties_page(request, access, status=400, error=_refusal(exc))
    messages.success(
        request,
        _("%(name)s has left the partnership “%(title)s”.")
        % {"name": left, "title": access.partnership.title},
    )
    return redirect("partnerships:list")


# Answering an invitation


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, party_uuid: UUID) -> HttpResponse:
    """An invitation sent to an organisation, answered by one of its administrators."""
    party = access_invitation_by_uuid(request.user, party_uuid)
    state = selectors.invitation_state(party)
    form = AnswerForm(posted_data(request))
    status = 200
    if request.method == "POST" and state == InvitationState.OPEN:
        if form.is_valid():
            try:
                if form.accepts:
                    services.party_accept(party=party, actor=request.user)
                else:
                    services.party_decline(party=party, actor=request.user)
            except ValidationError as exc:
                messages.error(request, _refusal(exc))
                return redirect("partnerships:invitation", party.uuid)
            return _answered(request, party, accepted=form.accepts)
        status = 400
    elif request.method == "POST":
        status = 410
    context = {
        "party": party,
        "partnership": party.partnership,
        "state": state,
        "form": form,
        "others": _other_parties(party),
    }
    return render(request, "partnerships/invitation_detail.html", context, status=status)


def _other_parties(party: Party) -> list[Party]:
    return list(
        Party.objects.filter(partnership=party.partnership, status=PartyStatus.ACTIVE)
        .exclude(pk=party.pk)
        .select_related("organisation")
    )


def _answered(request: HttpRequest, party: Party, *, accepted: bool) -> HttpResponse:
    names = {"title": party.partnership.title}
    if accepted:
        messages.success(request, _("Welcome to the partnership “%(title)s”.") % names)
        return redirect("partnerships:detail", party.partnership.uuid)
    messages.info(request, _("You have declined the invitation to “%(title)s”.") % names)
    return redirect("partnerships:list")


def _token_unavailable(request: HttpRequest, party: Party | None, state: str) -> HttpResponse:
    context = {"party": party, "state": state}
    status = 404 if party is None else 410
    return render(request, "partnerships/invitation_unavailable.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_token(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation sent by e-mail: whoever holds the link answers for an organisation
    they administer, or creates it first."""
    party = selectors.party_by_token(token=token) if TOKEN_FORMAT.match(token) else None
    if party is None:
        return _token_unavailable(request, None, "unknown")
    state = selectors.invitation_state(party)
    if state != InvitationState.OPEN:
        return _token_unavailable(request, party, state)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        # Following the link proves the address: signing up with it needs no second check.
        get_adapter(request).stash_verified_email(request, party.invited_email)
        context = {
            "party": party,
            "partnership": party.partnership,
            "others": _other_parties(party),
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"next": request.path, "email": party.invited_email}),
            "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}),
        }
        return render(request, "partnerships/invitation_token_anonymous.html", context)
    organisations = selectors.organisations_for_user(
        user=request.user, action=Action.APPROVE_ON_BEHALF
    )
    form = TokenAnswerForm(posted_data(request), organisations=organisations)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.accepts:
                    services.party_accept(
                        party=party,
                        actor=request.user,
                        organisation=form.cleaned_data["organisation"],
                    )
                else:
                    services.party_decline(party=party, actor=request.user)
            except ValidationError as exc:
                party.refresh_from_db()
                if selectors.invitation_state(party) != InvitationState.OPEN:
                    return _token_unavailable(request, party, selectors.invitation_state(party))
                add_service_errors(form, exc)
            else:
                return _answered(request, party, accepted=form.accepts)
        status = 400
    context = {
        "party": party,
        "partnership": party.partnership,
        "form": form,
        "has_organisations": bool(form.fields["organisation"].queryset),
        "others": _other_parties(party),
        "create_url": reverse("organisations:create") + "?" + urlencode({"next": request.path}),
        "expires_at": selectors.invitation_expires_at(party),
    }
    return render(request, "partnerships/invitation_token.html", context, status=status)


urlpatterns = [
    path("<uuid:partnership_uuid>/parties/", party_list, name="parties"),
    path("<uuid:partnership_uuid>/parties/invite/", party_invite, name="party_invite"),
    path(
        "<uuid:partnership_uuid>/parties/<uuid:party_uuid>/roles/",
        party_roles,
        name="party_roles",
    ),
    path("<uuid:partnership_uuid>/leave/", party_leave, name="party_leave"),
    path("invitations/<uuid:party_uuid>/", invitation, name="invitation"),
    path("invitations/join/<str:token>/", invitation_token, name="invitation_token"),
]
