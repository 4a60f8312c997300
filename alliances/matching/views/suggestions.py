"""Partner suggestions: for an organisation, a call and a partnership; the saved and set-aside
list; saving, setting aside and restoring a suggestion (htmx swaps the card in place, a plain
form post comes back to the page it came from)."""

import re
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reswap, retarget

from alliances.core.permissions import Action, role_allows
from alliances.matching.access import access_call_by_uuid
from alliances.matching.forms.suggestions import DismissForm, SuggestionFilterForm
from alliances.matching.models import FeedbackState, SuggestionFeedback
from alliances.matching.selectors import suggestions as selectors
from alliances.matching.services import feedback as services
from alliances.organisations.access import OrganisationAccess, access_organisation_by_uuid
from alliances.organisations.models import Organisation, Resource, Sector
from alliances.organisations.search.filters import visible_to
from alliances.partnerships.access import access_partnership_by_uuid

LIST = "matching/suggestion_list.html"
SAVED = "matching/suggestion_saved.html"
CARD = "matching/suggestion_card.html"
DISMISS = "matching/suggestion_dismiss.html"
# Element ids of a card are prefixed when one organisation appears in several teams.
_PREFIX = re.compile(r"^[a-z0-9-]{0,24}$")


# Shared with the introduction and consortium pages


def candidate_for_user(user, candidate_uuid: UUID) -> Organisation:
    """An organisation the user may see in the directory, or 404."""
    candidate = Organisation.objects.filter(visible_to(user=user), uuid=candidate_uuid).first()
    if candidate is None:
        raise Http404
    return candidate


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go back to: the page the form was on, when it is on this site."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def resource_labels(values) -> list[str]:
    return [str(Resource(value).label) for value in Resource.values if value in set(values)]


def sector_labels(values) -> list[str]:
    return [str(Sector(value).label) for value in Sector.values if value in set(values)]


def card_context(*, acting: Organisation | None, next_url: str, **extra) -> dict:
    """What a card's buttons need: the organisation acting (None: no buttons)."""
    return {
        "acting": acting,
        "next_url": next_url,
        "dismiss_form": DismissForm(),
        "htmx_cards": True,
        "id_prefix": "",
        **extra,
    }


def _list_page(request, *, suggestions, acting, heading: str, **extra) -> HttpResponse:
    context = {
        "suggestions": suggestions,
        "heading": heading,
        "sought": resource_labels(suggestions.need.seeks),
        "sectors_sought": sector_labels(suggestions.need.sectors_sought),
        **card_context(acting=acting, next_url=request.get_full_path()),
        **extra,
    }
    return render(request, LIST, context)


# Pages


@login_required
@require_safe
def organisation_suggestions(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MATCHING)
    organisation = access.organisation
    filters = SuggestionFilterForm(request.GET or None)
    suggestions = selectors.suggestions_for_organisation(
        organisation=organisation, **filters.overrides()
    )
    if not filters.is_bound:
        filters.initial = {
            "seeks": sorted(suggestions.need.seeks),
            "sectors": sorted(suggestions.need.sectors_sought),
        }
    return _list_page(
        request,
        suggestions=suggestions,
        acting=organisation if access.can(Action.FIND_PARTNERS) else None,
        saved_url=reverse("matching:saved_suggestions", args=[organisation.uuid]),
        heading=_("Partner suggestions for %(name)s") % {"name": organisation.name},
        scope="organisation",
        access=access,
        organisation=organisation,
        filter_form=filters,
    )


@login_required
@require_safe
def call_suggestions(request: HttpRequest, call_uuid: UUID) -> HttpResponse:
    access = access_call_by_uuid(request.user, call_uuid, need=Action.VIEW_MATCHING)
    if not access.is_member:
        # A published call is public; its suggestions are for the publisher's members.
        raise Http404
    call = access.call
    return _list_page(
        request,
        suggestions=selectors.suggestions_for_call(call=call),
        acting=call.organisation if access.can(Action.FIND_PARTNERS) else None,
        saved_url=reverse("matching:saved_suggestions", args=[call.organisation.uuid]),
        heading=_("Who could answer “%(title)s”") % {"title": call.title},
        scope="call",
        call=call,
        organisation=call.organisation,
    )


@login_required
@require_safe
def partnership_suggestions(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    partnership = access.partnership
    suggestions = selectors.suggestions_for_partnership(partnership=partnership)
    asker = suggestions.asker
    # Saving, setting aside and writing are done for the organisation the suggestions are
    # computed for, by its members who find partners.
    roles = [seat.role for seat in access.seats if seat.party.organisation_id == asker.pk]
    acts = any(role_allows(role, Action.FIND_PARTNERS) for role in roles)
    can_invite = access.can(Action.MANAGE_PARTIES) and not partnership.is_closed
    return _list_page(
        request,
        suggestions=suggestions,
        acting=asker if acts else None,
        saved_url=reverse("matching:saved_suggestions", args=[asker.uuid]) if roles else "",
        heading=_("Who could join “%(title)s”") % {"title": partnership.title},
        scope="partnership",
        partnership=partnership,
        organisation=asker,
        invite_url=reverse("partnerships:party_invite", args=[partnership.uuid])
        if can_invite
        else "",
    )


@login_required
@require_safe
def saved_suggestions(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(request.user, organisation_uuid, need=Action.VIEW_MATCHING)
    organisation = access.organisation
    rows = list(
        SuggestionFeedback.objects.filter(organisation=organisation)
        .select_related("candidate", "user")
        .order_by("-updated_at", "-id")
    )
    context = {
        "access": access,
        "organisation": organisation,
        "saved": [row for row in rows if row.state == FeedbackState.SAVED],
        "dismissed": [row for row in rows if row.state == FeedbackState.DISMISSED],
        **card_context(
            acting=organisation if access.can(Action.FIND_PARTNERS) else None,
            next_url=request.get_full_path(),
            htmx_cards=False,
        ),
    }
    return render(request, SAVED, context)


# Saving, setting aside, restoring


def _feedback_access(request, organisation_uuid) -> OrganisationAccess:
    return access_organisation_by_uuid(request.user, organisation_uuid, need=Action.FIND_PARTNERS)


def _back(request, access: OrganisationAccess) -> str:
    default = reverse("matching:organisation_suggestions", args=[access.organisation.uuid])
    return safe_next(request, default)


def _prefix(request) -> str:
    prefix = request.POST.get("prefix", "")
    return prefix if _PREFIX.match(prefix) else ""


def _actions_fragment(request, access, candidate, feedback) -> HttpResponse:
    context = card_context(
        acting=access.organisation,
        next_url=_back(request, access),
        candidate=candidate,
        feedback=feedback,
        id_prefix=_prefix(request),
    )
    return render(request, f"{CARD}#actions", context)


def _refused(request, access, exc: ValidationError) -> HttpResponse:
    for text in exc.messages:
        messages.error(request, text)
    return redirect(_back(request, access))


@login_required
@require_POST
def suggestion_save(request: HttpRequest, organisation_uuid: UUID, candidate_uuid: UUID):
    access = _feedback_access(request, organisation_uuid)
    candidate = candidate_for_user(request.user, candidate_uuid)
    try:
        row = services.suggestion_save(
            organisation=access.organisation, candidate=candidate, actor=request.user
        )
    except ValidationError as exc:
        return _refused(request, access, exc)
    if request.htmx:
        return _actions_fragment(request, access, candidate, row)
    messages.success(request, _("%(name)s is in your saved suggestions.") % {"name": candidate})
    return redirect(_back(request, access))


@login_required
@require_POST
def suggestion_dismiss(request: HttpRequest, organisation_uuid: UUID, candidate_uuid: UUID):
    access = _feedback_access(request, organisation_uuid)
    candidate = candidate_for_user(request.user, candidate_uuid)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            row = services.suggestion_dismiss(
                organisation=access.organisation,
                candidate=candidate,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            return _refused(request, access, exc)
        context = card_context(
            acting=access.organisation,
            next_url=_back(request, access),
            candidate=candidate,
            feedback=row,
            id_prefix=_prefix(request),
        )
        if request.htmx:
            return render(request, f"{CARD}#dismissed", context)
        messages.success(
            request,
            _("%(name)s has been set aside: it will not be suggested again.") % {"name": candidate},
        )
        return redirect(_back(request, access))
    context = card_context(
        acting=access.organisation,
        next_url=_back(request, access),
        candidate=candidate,
        dismiss_form=form,
        organisation=access.organisation,
        id_prefix=_prefix(request),
    )
    if request.htmx:
        # The card stays; only its form shows the error (htmx does not swap a 400).
        response = render(request, f"{CARD}#dismiss_form", context)
        target = f"#dismiss-{context['id_prefix']}{candidate.uuid}"
        return reswap(retarget(response, target), "outerHTML")
    return render(request, DISMISS, context, status=400)


@login_required
@require_POST
def suggestion_restore(request: HttpRequest, organisation_uuid: UUID, candidate_uuid: UUID):
    access = _feedback_access(request, organisation_uuid)
    try:
        candidate = Organisation.objects.get(uuid=candidate_uuid)
    except Organisation.DoesNotExist as exc:
        raise Http404 from exc
    try:
        restored = services.suggestion_restore(
            organisation=access.organisation, candidate=candidate, actor=request.user
        )
    except ValidationError as exc:
        return _refused(request, access, exc)
    if request.htmx:
        return _actions_fragment(request, access, candidate, None)
    if restored:
        messages.success(
            request,
            _("%(name)s is back among the suggestions, as any other organisation.")
            % {"name": candidate},
        )
    return redirect(_back(request, access))


urlpatterns = [
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/",
        organisation_suggestions,
        name="organisation_suggestions",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/saved/",
        saved_suggestions,
        name="saved_suggestions",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/<uuid:candidate_uuid>/save/",
        suggestion_save,
        name="suggestion_save",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/<uuid:candidate_uuid>/dismiss/",
        suggestion_dismiss,
        name="suggestion_dismiss",
    ),
    path(
        "organisations/<uuid:organisation_uuid>/suggestions/<uuid:candidate_uuid>/restore/",
        suggestion_restore,
        name="suggestion_restore",
    ),
    path("calls/<uuid:call_uuid>/suggestions/", call_suggestions, name="call_suggestions"),
    path(
        "partnerships/<uuid:partnership_uuid>/suggestions/",
        partnership_suggestions,
        name="partnership_suggestions",
    ),
]
