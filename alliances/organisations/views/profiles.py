from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.organisations.access import access_organisation_by_uuid
from alliances.organisations.forms.profiles import (
    LogoForm,
    OrganisationEditForm,
    OrganisationForm,
    ResourcesForm,
)
from alliances.organisations.search import (
    DirectoryQuery,
    Sort,
    directory_search,
    directory_search_for_visitor,
)
from alliances.organisations.search.places import place_choices
from alliances.organisations.search.query import KM_CHOICES
from alliances.organisations.selectors import profiles as selectors
from alliances.organisations.services import profiles as services
from alliances.territories import selectors as territory_selectors

SORTS = (
    (Sort.RELEVANCE, gettext_lazy("Relevance")),
    (Sort.DISTANCE, gettext_lazy("Distance")),
    (Sort.NAME, gettext_lazy("Name")),
)


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = DirectoryQuery.from_params(request.GET)
    if request.user.is_authenticated:
        results = directory_search(user=request.user, query=query)
    else:
        results = directory_search_for_visitor(query=query)
    template = "organisations/organisation_list.html"
    # A history restore after a reload wants the whole page, not the fragment.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#directory"
    context = {"query": query, "results": results, "km_choices": KM_CHOICES, "sorts": SORTS}
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def place_suggestions(request: HttpRequest) -> HttpResponse:
    """<option>s for the place box's datalist, as the user types."""
    choices = place_choices(text=request.GET.get("where", "")[:100])
    return render(request, "organisations/place_suggestions.html", {"choices": choices})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(posted_data(request))
    # Where to go once created, e.g. back to an invitation to a partnership; only this site.
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation = services.organisation_create(
                    user=request.user, data=form.profile_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "%(name)s has been created and you are its administrator. Next steps: "
                        "choose its causes, say what it offers and needs, then invite your "
                        "colleagues."
                    )
                    % {"name": organisation.name},
                )
                if next_url:
                    return redirect(next_url)
                return redirect("organisations:detail", organisation.uuid)
        status = 400
    context = {"form": form, "next": next_url}
    return render(request, "organisations/organisation_create.html", context, status=status)


@require_GET
def organisation_detail(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.VIEW_ORGANISATION
    )
    organisation = access.organisation
    can_join = request.user.is_authenticated and access.membership is None
    has_members = access.membership is not None or selectors.organisation_has_members(
        organisation=organisation
    )
    context = {
        "access": access,
        "organisation": organisation,
        "cause_groups": selectors.organisation_causes_by_goal(organisation=organisation),
        "resources": selectors.organisation_resources_by_direction(organisation=organisation),
        "can_join": can_join,
        "can_claim": can_join and not has_members,
        "has_members": has_members,
        "place": territory_selectors.organisation_place(
            territory_id=organisation.territory_id, commune_id=organisation.commune_id
        ),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.EDIT_ORGANISATION
    )
    organisation = access.organisation
    form = OrganisationEditForm(posted_data(request), instance=organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_update(
                    organisation=organisation,
                    user=request.user,
                    data=form.profile_data,
                    causes=form.cleaned_data["causes"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The profile has been saved."))
                return redirect("organisations:detail", organisation.uuid)
        status = 400
    context = {"access": access, "organisation": organisation, "form": form}
    return render(request, "organisations/organisation_edit.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_resources(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.EDIT_ORGANISATION
    )
    organisation = access.organisation
    initial = ResourcesForm.initial_for(organisation.resources.all())
    form = ResourcesForm(posted_data(request), initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_set_resources(
                    organisation=organisation, user=request.user, choices=form.choices()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The resources have been saved."))
                return redirect("organisations:detail", organisation.uuid)
        status = 400
    context = {"access": access, "organisation": organisation, "form": form}
    return render(request, "organisations/organisation_resources.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_logo(request: HttpRequest, organisation_uuid: UUID) -> HttpResponse:
    access = access_organisation_by_uuid(
        request.user, organisation_uuid, need=Action.EDIT_ORGANISATION
    )
    organisation = access.organisation
    status = 200
    if request.method == "POST" and "remove" in request.POST:
        services.organisation_set_logo(organisation=organisation, user=request.user, file=None)
        messages.success(request, _("The logo has been removed."))
        return redirect("organisations:detail", organisation.uuid)
    form = LogoForm(posted_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.organisation_set_logo(
                    organisation=organisation, user=request.user, file=form.cleaned_data["logo"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The logo has been saved."))
                return redirect("organisations:detail", organisation.uuid)
        status = 400
    context = {"access": access, "organisation": organisation, "form": form}
    return render(request, "organisations/organisation_logo.html", context, status=status)
