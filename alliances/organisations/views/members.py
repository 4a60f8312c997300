"""Members, invitations, requests to join and claims."""

import re
from urllib.parse import urlencode
from uuid import UUID

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action, Role
from alliances.organisations.access import OrganisationAccess, access_organisation_by_uuid
from alliances.organisations.forms.members import (
    ClaimDecisionForm,
    InvitationForm,
    JoinRequestDecisionForm,
    JoinRequestForm,
    RoleForm,
)
from alliances.organisations.models import (
    Invitation,
    JoinRequest,
    JoinRequestKind,
    JoinRequestStatus,
    Membership,
)
from alliances.organisations.selectors import members as selectors
from alliances.organisations.selectors.members import InvitationState
from alliances.organisations.services import members as services

MEMBER_ROW = "organisations/member_list.html#member_row"
# What secrets.token_urlsafe produces; anything else cannot be a token (and a NUL byte
# would make PostgreSQL refuse the query).
TOKEN_FORMAT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an htmx request is asked to load the page itself."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def _members_url(access: OrganisationAccess) -> str:
    return reverse("organisations:members", args=[access.organisation.uuid])


def _members_page(
    request: HttpRequest, access: OrganisationAccess, *, status: int = 200, error: str = ""
) -> HttpResponse:
    if error:
        messages.error(request, error)
    if request.htmx and status >= 400:
        # htmx does not swap error responses: reload the page, which shows the message.
        response = HttpResponseClientRefresh()
        response.status_code = status
        return response
    organisation = access.organisation
    can_manage = access.can(Action.MANAGE_MEMBERS)
    members = list(selectors.members_in_organisation(organisation=organisation))
    context = {
        "organisation": organisation,
        "access": access,
        "can_manage": can_manage,
        "members": members,
        "sole_admin": selectors.sole_admin(members),
        "role_choices": Role.choices,
        "default_join_role": Role.VIEWER,
    }
    if can_manage:
        context["invitations"] = selectors.open_invitations_in_organisation(
            organisation=organisation
        )
        context["join_requests"] = selectors.pending_join_requests_in_organisation(
            organisation=organisation
        )
    return render(request, "organisations/member_list.html", context, status=status)


@login_required
@require_safe
def member_list(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MEMBERS)
    return _members_page(request, access)


@login_required
@require_http_methods(["GET", "POST"])
def member_invite(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.MANAGE_MEMBERS
    )
    form = InvitationForm(posted_data(request))
    if form.is_bound and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=access.organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(_members_url(access))
    return render(
        request,
        "organisations/member_invite.html",
        {"organisation": access.organisation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def member_change_role(
    request: HttpRequest, organisation_uuid: UUID, membership_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.MANAGE_MEMBERS
    )
    form = RoleForm(request.POST)
    if not form.is_valid():
        return _members_page(request, access, status=400, error=_("Choose a valid role."))
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        uuid=membership_uuid,
        organisation=access.organisation,
    )
    try:
        membership = services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except ValidationError as exc:
        return _members_page(request, access, status=400, error=_refusal(exc))
    if request.htmx and membership.user_id != request.user.pk:
        context = {
            "organisation": access.organisation,
            "can_manage": True,
            "membership": membership,
            "role_choices": Role.choices,
            "saved": True,
        }
        return render(request, MEMBER_ROW, context)
    messages.success(
        request,
        _("%(name)s is now %(role)s.")
        % {"name": membership.user, "role": membership.get_role_display()},
    )
    return _go(request, _members_url(access))


@login_required
@require_POST
def member_remove(
    request: HttpRequest, organisation_uuid: UUID, membership_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.MANAGE_MEMBERS
    )
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        uuid=membership_uuid,
        organisation=access.organisation,
    )
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as exc:
        return _members_page(request, access, status=400, error=_refusal(exc))
    if membership.user_id == request.user.pk:
        messages.success(request, _("You have left %(org)s.") % {"org": access.organisation.name})
        return _go(request, reverse("home"))
    messages.success(
        request,
        _("%(name)s has been removed from the organisation.") % {"name": membership.user},
    )
    return _go(request, _members_url(access))


@login_required
@require_POST
def member_leave(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MEMBERS)
    try:
        services.membership_leave(membership=access.membership, actor=request.user)
    except ValidationError as exc:
        return _members_page(request, access, status=400, error=_refusal(exc))
    messages.success(request, _("You have left %(org)s.") % {"org": access.organisation.name})
    return _go(request, reverse("home"))


@login_required
@require_POST
def invitation_revoke(
    request: HttpRequest, organisation_uuid: UUID, invitation_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.MANAGE_MEMBERS
    )
    invitation = get_object_or_404(
        Invitation, uuid=invitation_uuid, organisation=access.organisation
    )
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as exc:
        return _members_page(request, access, status=400, error=_refusal(exc))
    messages.success(
        request,
        _("The invitation sent to %(email)s has been withdrawn.") % {"email": invitation.email},
    )
    return _go(request, _members_url(access))


def _invitation_unavailable(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    context = {"invitation": invitation, "state": selectors.invitation_state(invitation)}
    return render(request, "organisations/invitation_unavailable.html", context, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    if not TOKEN_FORMAT.match(token):
        raise Http404
    invitation = get_object_or_404(
        Invitation.objects.select_related("organisation", "invited_by"), token=token
    )
    if selectors.invitation_state(invitation) != InvitationState.OPEN:
        return _invitation_unavailable(request, invitation)
    organisation = invitation.organisation
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        # Following the link proves the address: signing up with it needs no second check.
        get_adapter(request).stash_verified_email(request, invitation.email)
        context = {
            "invitation": invitation,
            "signup_url": reverse("account_signup")
            + "?"
            + urlencode({"next": request.path, "email": invitation.email}),
            "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}),
        }
        return render(request, "organisations/invitation_accept_anonymous.html", context)
    if request.method == "POST":
        try:
            membership, created = services.invitation_accept(
                invitation=invitation, user=request.user
            )
        except ValidationError:
            invitation.refresh_from_db()
            return _invitation_unavailable(request, invitation)
        if created:
            messages.success(
                request,
                _("Welcome to %(org)s! Your role: %(role)s.")
                % {"org": organisation.name, "role": membership.get_role_display()},
            )
        else:
            messages.info(
                request,
                _("You were already a member of %(org)s; your role has not changed.")
                % {"org": organisation.name},
            )
        return redirect("organisations:detail", organisation.uuid)
    context = {
        "invitation": invitation,
        "membership": Membership.objects.filter(
            organisation=organisation, user=request.user
        ).first(),
        "other_address": not EmailAddress.objects.filter(
            user=request.user, email__iexact=invitation.email
        ).exists()
        and invitation.email.lower() != request.user.email.lower(),
    }
    return render(request, "organisations/invitation_accept.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def join_request_create(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid)
    organisation = access.organisation
    if access.membership is not None:
        messages.info(request, _("You are already a member of this organisation."))
        return redirect("organisations:detail", organisation.uuid)
    is_claim = not selectors.organisation_has_members(organisation=organisation)
    form = JoinRequestForm(posted_data(request), is_claim=is_claim)
    if form.is_bound and form.is_valid():
        try:
            join_request = services.join_request_create(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if join_request.kind == JoinRequestKind.CLAIM:
                text = _(
                    "Your claim has been sent to the Alliances team. "
                    "You will receive an e-mail when it has been reviewed."
                )
            else:
                text = _(
                    "Your request has been sent to the organisation's administrators. "
                    "You will receive an e-mail when they have decided."
                )
            messages.success(request, text)
            return redirect("organisations:detail", organisation.uuid)
    context = {
        "organisation": organisation,
        "form": form,
        "is_claim": is_claim,
        "pending": selectors.pending_join_request_of_user(
            organisation=organisation, user=request.user
        ),
    }
    return render(
        request,
        "organisations/join_request_form.html",
        context,
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def join_request_decide(
    request: HttpRequest, organisation_uuid: UUID, request_uuid: UUID
) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.MANAGE_MEMBERS
    )
    form = JoinRequestDecisionForm(request.POST)
    if not form.is_valid():
        return _members_page(
            request, access, status=400, error=_("Choose to approve or reject the request.")
        )
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user"),
        uuid=request_uuid,
        organisation=access.organisation,
        kind=JoinRequestKind.JOIN,
        status=JoinRequestStatus.PENDING,
    )
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.join_request_decide(
            join_request=join_request,
            approve=approve,
            role=form.cleaned_data["role"],
            actor=request.user,
        )
    except ValidationError as exc:
        return _members_page(request, access, status=400, error=_refusal(exc))
    if approve:
        text = _("%(name)s is now a member of the organisation.")
    else:
        text = _("The request of %(name)s has been rejected.")
    messages.success(request, text % {"name": join_request.user})
    return _go(request, _members_url(access))


def _ensure_staff(user) -> None:
    # Outsiders to the platform team get "not found", as everywhere else.
    if not user.is_staff:
        raise Http404


def _claims_page(request: HttpRequest, *, status: int = 200, error: str = "") -> HttpResponse:
    if error:
        messages.error(request, error)
    context = {"claims": selectors.pending_claims()}
    return render(request, "organisations/claim_list.html", context, status=status)


@login_required
@require_safe
def claim_list(request: HttpRequest) -> HttpResponse:
    _ensure_staff(request.user)
    return _claims_page(request)


@login_required
@require_POST
def claim_decide(request: HttpRequest, request_uuid: UUID) -> HttpResponse:
    _ensure_staff(request.user)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        return _claims_page(request, status=400, error=_("Choose to approve or reject the claim."))
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("user", "organisation"),
        uuid=request_uuid,
        kind=JoinRequestKind.CLAIM,
        status=JoinRequestStatus.PENDING,
    )
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.claim_decide(join_request=join_request, approve=approve, actor=request.user)
    except ValidationError as exc:
        return _claims_page(request, status=400, error=_refusal(exc))
    names = {"name": join_request.user, "org": join_request.organisation.name}
    if approve:
        text = _("%(name)s is now the administrator of %(org)s.")
    else:
        text = _("The claim of %(name)s on %(org)s has been rejected.")
    messages.success(request, text % names)
    return redirect("organisations:claims")
