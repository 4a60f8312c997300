"""Results framework pages: the tree of objectives, outcomes and indicators, their forms, the
library of ready-made indicators, and the spreadsheet import and export.

Every member reads the framework; editors of any party change it (it is shared); a closed
partnership is read-only.
"""

import uuid
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alliances.core.forms import add_service_errors
from alliances.core.http import posted_data
from alliances.core.permissions import Action
from alliances.indicators import framework_import, library
from alliances.indicators.forms.framework import (
    NEW_OUTCOME,
    DeleteForm,
    HeadingForm,
    ImportConfirmForm,
    ImportForm,
    IndicatorForm,
    LibraryForm,
    MoveForm,
)
from alliances.indicators.selectors import framework as selectors
from alliances.indicators.services import framework as services
from alliances.partnerships.access import PartnershipAccess, access_partnership_by_uuid

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_SESSION_KEY = "framework_import:%s"


def _url(access: PartnershipAccess, anchor: str = "") -> str:
    url = reverse("indicators:framework", args=[access.partnership.uuid])
    return f"{url}#{anchor}" if anchor else url


def _context(access: PartnershipAccess, **extra) -> dict:
    return {"partnership": access.partnership, "access": access, "current": "framework", **extra}


def _editing(request: HttpRequest, partnership_uuid: UUID) -> PartnershipAccess:
    return access_partnership_by_uuid(request.user, partnership_uuid, need=Action.EDIT_FRAMEWORK)


def _closed(request: HttpRequest, access: PartnershipAccess) -> HttpResponse:
    messages.error(request, _("This partnership is closed: its framework can no longer change."))
    return redirect(_url(access))


def _status(form) -> int:
    return 400 if form.errors else 200


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


# Indicators


@login_required
@require_safe
def indicator(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    item = selectors.indicator_in_partnership(partnership=access.partnership, uuid=indicator_uuid)
    context = _context(
        access,
        indicator=item,
        targets=selectors.indicator_targets(item),
        can_edit=access.can(Action.EDIT_FRAMEWORK) and not access.partnership.is_closed,
    )
    return render(request, "indicators/indicator_detail.html", context)


def _indicator_form(request, access, *, indicator=None) -> IndicatorForm:
    parties = selectors.responsible_parties_in_partnership(
        partnership=access.partnership,
        keep=indicator.responsible_party if indicator is not None else None,
    )
    # A script asks for the target boxes again when the frequency or first period changes.
    data = request.GET if request.htmx and request.method == "GET" else posted_data(request)
    return IndicatorForm(data, partnership=access.partnership, parties=parties, indicator=indicator)


def _indicator_page(request, access, form, *, outcome, indicator=None, notice="") -> HttpResponse:
    context = _context(access, form=form, outcome=outcome, indicator=indicator, notice=notice)
    template = "indicators/indicator_form.html"
    if request.htmx and request.method == "GET":
        # Only the target boxes: what else was typed is checked when the form is sent.
        return render(request, template + "#targets", context)
    return render(request, template, context, status=_status(form) if not notice else 200)


def _periods_moved(request, form) -> bool:
    """The periods changed after targets were typed: show the new boxes before saving."""
    typed = any(key.startswith("target_") and value.strip() for key, value in request.POST.items())
    return "refresh" in request.POST or (form.periods_changed and typed)


PERIODS_NOTICE = gettext_lazy(
    "The periods follow the frequency and first period: check the targets below."
)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, partnership_uuid: UUID, outcome_uuid: UUID):
    access = _editing(request, partnership_uuid)
    outcome = selectors.outcome_in_partnership(partnership=access.partnership, uuid=outcome_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = _indicator_form(request, access)
    if request.method == "POST" and _periods_moved(request, form):
        return _indicator_page(request, access, form, outcome=outcome, notice=PERIODS_NOTICE)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.indicator_create(
                outcome=outcome, actor=request.user, data=form.indicator_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The indicator “%(title)s” has been added.") % {"title": item.title}
            )
            return redirect(_url(access, f"indicator-{item.uuid}"))
    return _indicator_page(request, access, form, outcome=outcome)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, partnership_uuid: UUID, indicator_uuid: UUID):
    access = _editing(request, partnership_uuid)
    item = selectors.indicator_in_partnership(partnership=access.partnership, uuid=indicator_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = _indicator_form(request, access, indicator=item)
    outcome = item.outcome
    if request.method == "POST" and _periods_moved(request, form):
        return _indicator_page(
            request, access, form, outcome=outcome, indicator=item, notice=PERIODS_NOTICE
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_change(indicator=item, actor=request.user, data=form.indicator_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The indicator has been saved."))
            return redirect(
                reverse("indicators:indicator", args=[access.partnership.uuid, item.uuid])
            )
    return _indicator_page(request, access, form, outcome=outcome, indicator=item)


# The library


@login_required
@require_http_methods(["GET", "POST"])
def library_page(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    outcomes = selectors.outcomes_in_partnership(partnership=access.partnership)
    form = LibraryForm(posted_data(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["outcome"] == NEW_OUTCOME
        try:
            created = services.indicators_create_from_library(
                partnership=access.partnership,
                actor=request.user,
                keys=form.cleaned_data["templates"],
                outcome=None if new else form.chosen_outcome(),
                objective_title=form.cleaned_data["objective_title"] if new else "",
                outcome_title=form.cleaned_data["outcome_title"] if new else "",
                neighbourhoods=form.neighbourhood_list(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(count)s indicators have been added: set their targets and who reports them.")
                % {"count": len(created)},
            )
            return redirect(_url(access, f"outcome-{created[0].outcome.uuid}"))
    context = _context(access, form=form, themes=library.templates_by_theme(), ticked=form.ticked())
    return render(request, "indicators/framework_library.html", context, status=_status(form))


# Spreadsheets


def _download(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def framework_template(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    content = framework_import.template_workbook(partnership=access.partnership)
    return _download(content, filename=f"{slugify(_('framework template'))}.xlsx")


@login_required
@require_safe
def framework_export(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = access_partnership_by_uuid(request.user, partnership_uuid)
    objectives = selectors.framework_in_partnership(partnership=access.partnership)
    content = framework_import.export_workbook(objectives=objectives)
    name = slugify(f"{access.partnership.title} {_('framework')}")[:80] or "framework"
    return _download(content, filename=f"{name}.xlsx")


def _preview(request, access, form, sheet=None, token="", status=200) -> HttpResponse:
    plan = framework_import.plan_import(sheet, partnership=access.partnership) if sheet else None
    context = _context(
        access,
        form=form,
        plan=plan,
        sheet=sheet,
        token=token,
        columns=framework_import.COLUMNS,
        max_rows=framework_import.MAX_ROWS,
    )
    if plan is not None and not plan.ok:
        status = 400
    return render(request, "indicators/framework_import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ImportForm(posted_data(request), request.FILES or None)
    if request.method != "POST":
        return _preview(request, access, form)
    if not form.is_valid():
        return _preview(request, access, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > framework_import.MAX_BYTES:
            raise framework_import.ImportFileError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": framework_import.MAX_BYTES // 1024 // 1024}
            )
        sheet = framework_import.read_sheet(upload.read(), filename=upload.name)
    except framework_import.ImportFileError as exc:
        form.add_error("file", str(exc))
        return _preview(request, access, form, status=400)
    # The rows wait in the session (stored in the database) until the person confirms.
    token = str(uuid.uuid4())
    request.session[IMPORT_SESSION_KEY % access.partnership.uuid] = {
        "token": token,
        "sheet": sheet.as_json(),
    }
    return _preview(request, access, ImportForm(), sheet=sheet, token=token)


@login_required
@require_POST
def import_confirm(request: HttpRequest, partnership_uuid: UUID) -> HttpResponse:
    access = _editing(request, partnership_uuid)
    if access.partnership.is_closed:
        return _closed(request, access)
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("The import to confirm is missing."), status=400)
    key = IMPORT_SESSION_KEY % access.partnership.uuid
    stored = request.session.get(key) or {}
    if stored.get("token") != str(form.cleaned_data["token"]):
        messages.error(request, _("This preview has expired: upload the file again."))
        return redirect("indicators:framework_import", access.partnership.uuid)
    sheet = framework_import.Sheet.from_json(stored["sheet"])
    plan = framework_import.plan_import(sheet, partnership=access.partnership)
    try:
        counts = services.framework_import_save(
            partnership=access.partnership, actor=request.user, rows=plan.rows
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _preview(request, access, ImportForm(), sheet=sheet, token=stored["token"])
    del request.session[key]
    messages.success(
        request,
        _("Imported: %(objectives)s objectives, %(outcomes)s outcomes, %(indicators)s indicators.")
        % counts,
    )
    return redirect(_url(access))


urlpatterns = [
    path("", framework, name="framework"),
    path("objectives/new/", objective_create, name="objective_create"),
    path("objectives/<uuid:objective_uuid>/edit/", objective_edit, name="objective_edit"),
    path("objectives/<uuid:objective_uuid>/delete/", objective_delete, name="objective_delete"),
    path("objectives/<uuid:objective_uuid>/move/", objective_move, name="objective_move"),
    path("objectives/<uuid:objective_uuid>/outcomes/new/", outcome_create, name="outcome_create"),
    path("outcomes/<uuid:outcome_uuid>/edit/", outcome_edit, name="outcome_edit"),
    path("outcomes/<uuid:outcome_uuid>/delete/", outcome_delete, name="outcome_delete"),
    path("outcomes/<uuid:outcome_uuid>/move/", outcome_move, name="outcome_move"),
    path("outcomes/<uuid:outcome_uuid>/indicators/new/", indicator_create, name="indicator_create"),
    path("indicators/<uuid:indicator_uuid>/", indicator, name="indicator"),
    path("indicators/<uuid:indicator_uuid>/edit/", indicator_edit, name="indicator_edit"),
    path("indicators/<uuid:indicator_uuid>/delete/", indicator_delete, name="indicator_delete"),
    path("indicators/<uuid:indicator_uuid>/move/", indicator_move, name="indicator_move"),
    path("library/", library_page, name="library"),
    path("import/", import_upload, name="framework_import"),
    path("import/confirm/", import_confirm, name="framework_import_confirm"),
    path("framework-template.xlsx", framework_template, name="framework_template"),
    path("framework.xlsx", framework_export, name="framework_export"),
]
