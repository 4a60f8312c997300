"""The framework page, objectives and outcomes, and the deletion and move of any item."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.indicators.forms.framework import DeleteForm, HeadingForm, MoveForm
from alliances.indicators.selectors import framework as selectors
from alliances.indicators.services import framework as services
from alliances.indicators.views.framework.common import _closed, _context, _editing, _status, _url
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

# The framework


@login_required
@require_safe
def framework(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    return _framework_page(request, access)


def _framework_page(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    objectives = selectors.framework_in_partnership(partnership=access.partnership)
    context = _context(
        access,
        objectives=objectives,
        counts=selectors.framework_counts(objectives),
        can_edit=access.can(Action.EDIT_FRAMEWORK) and not access.partnership.is_closed,
    )
    template = "indicators/framework_page.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#tree"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# Objectives and outcomes


def _heading_page(request, access, form, *, kind, item=None, parent=None) -> HttpResponse:
    context = _context(access, form=form, kind=kind, item=item, parent=parent)
    return render(request, "indicators/framework_heading_form.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = HeadingForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(
                partnership=access.partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The objective has been added. Now add its outcomes."))
            return redirect(_url(access, f"objective-{objective.uuid}"))
    return _heading_page(request, access, form, kind="objective")


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, partnership_uuid: UUID, objective_uuid: UUID):
    access = _editing(request, partnership_uuid)
    objective = selectors.objective_in_partnership(
        partnership=access.partnership, uuid=objective_uuid
    )
    if access.partnership.is_closed:
        return _closed(request, access)
    initial = {"title": objective.title, "description": objective.description}
    form = HeadingForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_change(objective=objective, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The objective has been saved."))
            return redirect(_url(access, f"objective-{objective.uuid}"))
    return _heading_page(request, access, form, kind="objective", item=objective)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_create(request: HttpRequest, partnership_uuid: UUID, objective_uuid: UUID):
    access = _editing(request, partnership_uuid)
    objective = selectors.objective_in_partnership(
        partnership=access.partnership, uuid=objective_uuid
    )
    if access.partnership.is_closed:
        return _closed(request, access)
    form = HeadingForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_create(
                objective=objective, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The outcome has been added. Now add its indicators."))
            return redirect(_url(access, f"outcome-{outcome.uuid}"))
    return _heading_page(request, access, form, kind="outcome", parent=objective)


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, partnership_uuid: UUID, outcome_uuid: UUID):
    access = _editing(request, partnership_uuid)
    outcome = selectors.outcome_in_partnership(partnership=access.partnership, uuid=outcome_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    initial = {"title": outcome.title, "description": outcome.description}
    form = HeadingForm(posted_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_change(outcome=outcome, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The outcome has been saved."))
            return redirect(_url(access, f"outcome-{outcome.uuid}"))
    return _heading_page(
        request, access, form, kind="outcome", item=outcome, parent=outcome.objective
    )


# Deletions: a page that says what goes, a ticked box, then the service.


def _delete(request, access, *, item, kind, delete, has_values: bool) -> HttpResponse:
    if access.partnership.is_closed:
        return _closed(request, access)
    form = DeleteForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(title)s” has been deleted.") % {"title": item.title})
            return redirect(_url(access))
    context = _context(access, form=form, item=item, kind=kind, has_values=has_values)
    return render(request, "indicators/framework_delete.html", context, status=_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def objective_delete(request: HttpRequest, partnership_uuid: UUID, objective_uuid: UUID):
    access = _editing(request, partnership_uuid)
    objective = selectors.objective_in_partnership(
        partnership=access.partnership, uuid=objective_uuid
    )
    return _delete(
        request,
        access,
        item=objective,
        kind="objective",
        delete=lambda: services.objective_delete(objective=objective, actor=request.user),
        has_values=selectors.has_values(objective=objective),
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request: HttpRequest, partnership_uuid: UUID, outcome_uuid: UUID):
    access = _editing(request, partnership_uuid)
    outcome = selectors.outcome_in_partnership(partnership=access.partnership, uuid=outcome_uuid)
    return _delete(
        request,
        access,
        item=outcome,
        kind="outcome",
        delete=lambda: services.outcome_delete(outcome=outcome, actor=request.user),
        has_values=selectors.has_values(outcome=outcome),
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = _editing(request, partnership_uuid)
    indicator = selectors.indicator_in_partnership(
        partnership=access.partnership, uuid=indicator_uuid
    )
    return _delete(
        request,
        access,
        item=indicator,
        kind="indicator",
        delete=lambda: services.indicator_delete(indicator=indicator, actor=request.user),
        has_values=indicator.has_values,
    )


# Moves


def _move(request, access, item) -> HttpResponse:
    if access.partnership.is_closed:
        return _closed(request, access)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose up or down."), status=400, content_type="text/plain")
    services.item_move(item=item, actor=request.user, direction=form.cleaned_data["direction"])
    if request.htmx:
        return _framework_page(request, access)
    return redirect(_url(access, f"{type(item).__name__.lower()}-{item.uuid}"))


@login_required
@require_POST
def objective_move(request: HttpRequest, partnership_uuid: UUID, objective_uuid: UUID):
    access = _editing(request, partnership_uuid)
    item = selectors.objective_in_partnership(partnership=access.partnership, uuid=objective_uuid)
    return _move(request, access, item)


@login_required
@require_POST
def outcome_move(request: HttpRequest, partnership_uuid: UUID, outcome_uuid: UUID):
    access = _editing(request, partnership_uuid)
    item = selectors.outcome_in_partnership(partnership=access.partnership, uuid=outcome_uuid)
    return _move(request, access, item)


@login_required
@require_POST
def indicator_move(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = _editing(request, partnership_uuid)
    item = selectors.indicator_in_partnership(partnership=access.partnership, uuid=indicator_uuid)
    return _move(request, access, item)
